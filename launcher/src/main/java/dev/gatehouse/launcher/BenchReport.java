package dev.gatehouse.launcher;

import dev.gatehouse.launcher.bench.BrokerRequests;
import dev.gatehouse.launcher.bench.Component;
import dev.gatehouse.launcher.bench.Cpu;
import dev.gatehouse.launcher.bench.LoadDriver;
import dev.gatehouse.launcher.bench.ManyOrganizations;
import dev.gatehouse.launcher.bench.WriteTimes;
import dev.gatehouse.scim.ScimJson;
import dev.gatehouse.scim.limits.Limits;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The bench's table: its lines in the order the phases add them, then CPU per operation of every phase
 * beside the Kafka round trip's, printed once at the end. Every figure is also kept as a {@link Figure},
 * written as JSON ({@code --json}) and printed beside an earlier run's ({@code --compare}).
 */
final class BenchReport {
    /** The phase every other phase's CPU per operation is compared with. */
    static final String KAFKA_ROUND_TRIP = "Kafka round trip (baseline)";
    /** The least a write answered once durable and applied exactly once costs ({@code KafkaRoundTrip.exactlyOnce}). */
    static final String EXACTLY_ONCE_ROUND_TRIP = "Kafka exactly-once round trip";
    /** The version of the JSON document; a reader refuses others. */
    static final int FORMAT = 1;

    private static final String CPU_ROW = "%-46s %7s %8s %7s %6s %10s %10s %9s %10s %10s";
    private static final String ORGANIZATIONS_ROW = "%-10s %10s %8s %9s %7s %8s %18s %17s";
    private static final String COMPONENT_ROW = "%-46s %7s %10s %12s" + " %9s".repeat(Component.values().length);
    private static final String REQUEST_ROW = "%-46s %7s %9s %9s %12s %9s %9s %10s";
    private static final String WRITE_TIMES_ROW = "%-30s %7s %8s %9s %14s %14s %9s %15s";

    /**
     * One figure: the phase it belongs to, the phase's concurrency (0 when it has none), what it is,
     * its unit and its value.
     */
    record Figure(String phase, int clients, String name, String unit, double value) {
        /** Figures of two runs with the same key are the same measurement. */
        String key() {
            return phase + '\u0000' + clients + '\u0000' + name;
        }

        String label() {
            return phase + (clients > 0 ? " (" + clients + " clients)" : "") + ": " + name + (unit.isEmpty() ? "" : " " + unit);
        }
    }

    /** A run as {@code --json} writes it and {@code --compare} reads it. */
    record Run(int format, String machine, String sizes, String finished, List<Figure> figures) {
    }

    /** One row of the write-times table: a write phase, its concurrency, where its writes' time went. */
    private record WriteTimesRow(String phase, int clients, WriteTimes.Breakdown times) {
    }

    /** One row of the CPU table: a phase, its concurrency (0: none), what an operation is, what it used. */
    private record CpuRow(String phase, int clients, String per, Cpu.Usage usage) {
        /** The phase as the CPU tables name it: per request unless said. */
        String label() {
            return phase + (per.equals("request") ? "" : ", per " + per);
        }

        String clientsColumn() {
            return clients > 0 ? Integer.toString(clients) : "-";
        }

        String unit() {
            return "ms/" + per;
        }
    }

    private final List<String> rows = new ArrayList<>();
    private final List<Figure> figures = new ArrayList<>();
    private final List<CpuRow> cpu = new ArrayList<>();
    private final List<WriteTimesRow> writeTimes = new ArrayList<>();
    private String machine = "";
    private String sizes = "";
    private double idleCores = Double.NaN;
    private List<String> closing;

    void add(String row) {
        rows.add(row);
    }

    void addAll(List<String> more) {
        rows.addAll(more);
    }

    /** The machine and the sizes the run was given: the first line, and what a comparison checks. */
    void machine(String machine, String sizes) {
        this.machine = machine;
        this.sizes = sizes;
        rows.add(machine);
        rows.add("Sizes: " + sizes);
    }

    /** Keeps a figure for the JSON and the comparison; a figure that is not a number is left out. */
    void figure(String phase, int clients, String name, String unit, double value) {
        if (Double.isFinite(value)) {
            figures.add(new Figure(phase, clients, name, unit, value));
        }
    }

    /** The heading of the request rows ({@link #row}). */
    void requestHeading() {
        rows.add("");
        rows.add(String.format(Locale.ROOT, "%-30s %7s %9s %9s %9s %7s %11s %11s", "phase", "clients", "req/s", "p50 ms",
                "p99 ms", "errors", "of Kafka RT", "of EOS RT"));
    }

    /**
     * One request row: the phase's figures and its rate as a share of the Kafka round trip's and of the
     * exactly-once round trip's ({@link #EXACTLY_ONCE_ROUND_TRIP}) at the same concurrency.
     */
    void row(LoadDriver.Result result, LoadDriver.Result baseline, LoadDriver.Result exactlyOnce) {
        rows.add(String.format(Locale.ROOT, "%-30s %7d %9.0f %9.1f %9.1f %7d %10.0f%% %10.0f%%", result.name(),
                result.clients(), result.perSecond(), result.p50Ms(), result.p99Ms(), result.errors(),
                100 * result.perSecond() / baseline.perSecond(), 100 * result.perSecond() / exactlyOnce.perSecond()));
        figure(result.name(), result.clients(), "rate", "req/s", result.perSecond());
        figure(result.name(), result.clients(), "p50", "ms", result.p50Ms());
        figure(result.name(), result.clients(), "p99", "ms", result.p99Ms());
        figure(result.name(), result.clients(), "errors", "", result.errors());
    }

    /**
     * The many-organizations phase's heading: how many organizations, from how many clients, each
     * provisioning what; then the heading of its rows ({@link #organizations}).
     */
    void organizationsHeading(int organizations, int clients, ManyOrganizations.Plan plan) {
        int[] each = ManyOrganizations.clientsPerOrganization(organizations, clients);
        int fewest = Arrays.stream(each).min().orElse(0);
        int most = Arrays.stream(each).max().orElse(0);
        rows.add("");
        rows.add(String.format(Locale.ROOT, "Many organizations: %d provisioning at once with Entra's requests from %d clients "
                + "(%s per organization); each: %s", organizations, clients, fewest == most ? fewest : fewest + " or " + most, plan));
        rows.add(String.format(Locale.ROOT, ORGANIZATIONS_ROW, "processors", "objects/s", "req/s", "requests", "errors",
                "p50 ms", "p99 ms median org", "p99 ms worst org"));
    }

    /** One run of the many-organizations phase, with {@code processors}; its figures kept as {@code phase}'s. */
    void organizations(String phase, int processors, ManyOrganizations.Result result) {
        ManyOrganizations.Spread spread = result.spread();
        rows.add(String.format(Locale.ROOT, ORGANIZATIONS_ROW, processors, number(result.objectsPerSecond(), 0),
                number(result.requestsPerSecond(), 0), String.format(Locale.ROOT, "%,d", result.requests()), result.errors(),
                number(spread.p50Ms(), 1), number(spread.medianP99Ms(), 1), number(spread.worstP99Ms(), 1)));
        int clients = result.clients();
        figure(phase, clients, "objects", "objects/s", result.objectsPerSecond());
        figure(phase, clients, "rate", "req/s", result.requestsPerSecond());
        figure(phase, clients, "errors", "", result.errors());
        figure(phase, clients, "p50", "ms", spread.p50Ms());
        figure(phase, clients, "p99 of the median organization", "ms", spread.medianP99Ms());
        figure(phase, clients, "p99 of the worst organization", "ms", spread.worstP99Ms());
    }

    /** Where the writes of a phase spent their time in the stack ({@link WriteTimes}). */
    void writeTimes(String phase, int clients, WriteTimes.Breakdown times) {
        writeTimes.add(new WriteTimesRow(phase, clients, times));
    }

    /** What the idle stack uses, in cores; the CPU table's note gives it, since every window includes it. */
    void idle(double cores) {
        idleCores = cores;
        figure("Idle stack", 0, "CPU", "cores", cores);
    }

    /**
     * A phase's CPU: {@code per} names its operation (e.g. "request", "command"); {@code clients} 0 when
     * it has no concurrency of its own.
     */
    void cpu(String phase, int clients, String per, Cpu.Usage usage) {
        cpu.add(new CpuRow(phase, clients, per, usage));
    }

    /**
     * The process's memory at the end of the phase {@code after}: resident (and its peak so far), heap
     * used, then heap used after a GC.
     */
    void memory(String after) {
        Runtime rt = Runtime.getRuntime();
        long heapMb = (rt.totalMemory() - rt.freeMemory()) >> 20;
        OptionalLong rss = status("VmRSS");
        OptionalLong peak = status("VmHWM");
        System.gc();
        long afterGcMb = (rt.totalMemory() - rt.freeMemory()) >> 20;
        rows.add(String.format(Locale.ROOT, "Memory of the whole stack (one JVM, broker included) after %s: resident %s "
                        + "(peak %s), heap used %,d MB, %,d MB after a GC (max %,d MB)", after, mb(rss), mb(peak), heapMb,
                afterGcMb, rt.maxMemory() >> 20));
        rows.add("Uptime " + ManagementFactory.getRuntimeMXBean().getUptime() / 1000 + " s");
        String phase = "Memory after " + after;
        rss.ifPresent(kb -> figure(phase, 0, "resident", "MB", kb >> 10));
        peak.ifPresent(kb -> figure(phase, 0, "peak resident", "MB", kb >> 10));
        figure(phase, 0, "heap used", "MB", heapMb);
        figure(phase, 0, "heap used after GC", "MB", afterGcMb);
    }

    private static String mb(OptionalLong kb) {
        return kb.isPresent() ? String.format(Locale.ROOT, "%,d MB", kb.getAsLong() >> 10) : "n/a";
    }

    /** A {@code kB} line of {@code /proc/self/status} (Linux), e.g. {@code VmRSS}; empty elsewhere. */
    private static OptionalLong status(String key) {
        try {
            return status(Files.readAllLines(Path.of("/proc/self/status")), key);
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** The value in kB of {@code key} among {@code /proc/<pid>/status} lines such as {@code VmRSS:  123456 kB}. */
    static OptionalLong status(List<String> lines, String key) {
        for (String line : lines) {
            if (line.startsWith(key + ":")) {
                String digits = line.substring(key.length() + 1).replaceAll("\\D", "");
                return digits.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(digits));
            }
        }
        return OptionalLong.empty();
    }

    /** The CPU table's lines; also keeps its figures (so {@link #lines()} calls it once). */
    private List<String> cpuTable() {
        List<String> lines = new ArrayList<>();
        if (cpu.isEmpty()) {
            return lines;
        }
        CpuRow first = cpu.stream().filter(r -> r.phase().equals(KAFKA_ROUND_TRIP)).findFirst().orElse(null);
        lines.add("");
        lines.add("CPU per operation: the whole stack's (broker, processor, API, access-sync, door simulator in this JVM)");
        lines.add(String.format(Locale.ROOT, CPU_ROW, "phase (per request unless said)", "clients", "ops", "wall s", "cores",
                "CPU ms/op", "x Kafka RT", "of it JIT", "of it idle", "load ms/op"));
        boolean busy = false;
        for (CpuRow row : cpu) {
            Cpu.Usage usage = row.usage();
            CpuRow baseline = cpu.stream().filter(r -> r.phase().equals(KAFKA_ROUND_TRIP) && r.clients() == row.clients())
                    .findFirst().orElse(first);
            double times = baseline == null ? Double.NaN : usage.times(baseline.usage());
            busy |= !usage.quiet();
            double idle = usage.idleMsPerOp(idleCores);
            lines.add(String.format(Locale.ROOT, CPU_ROW, row.label(), row.clientsColumn(), String.format(Locale.ROOT, "%,d", usage.ops()),
                    String.format(Locale.ROOT, "%.1f%s", usage.wallNanos() / 1e9, usage.quiet() ? "" : "*"),
                    number(usage.cores(), 2), number(usage.stackMsPerOp(), 3), number(times, 2), number(usage.jitMsPerOp(), 3),
                    number(idle, 3), number(usage.loadMsPerOp(), 3)));
            String unit = row.unit();
            figure(row.phase(), row.clients(), "CPU", unit, usage.stackMsPerOp());
            figure(row.phase(), row.clients(), "CPU x Kafka round trip", "", times);
            figure(row.phase(), row.clients(), "CPU of it JIT", unit, usage.jitMsPerOp());
            figure(row.phase(), row.clients(), "CPU of it idle", unit, idle);
            figure(row.phase(), row.clients(), "load generator CPU", unit, usage.loadMsPerOp());
        }
        lines.add("(CPU ms/op: process CPU time (OperatingSystemMXBean.getProcessCpuTime: every thread of the JVM, GC, JIT "
                + "and RocksDB included) less the per-thread CPU (ThreadMXBean) of the bench's own load threads (request "
                + "threads, HTTP clients, seed producer: load ms/op), per operation completed. A window runs from a phase's "
                + "first request until the stack is quiet again, so work a phase leaves queued is its own (the cycle's "
                + "includes its deprovision probes, the rebuild's its comparison with live); cores: the stack's "
                + "average CPU over it" + (busy ? "; * still busy when given up on" : "") + ". Of it JIT: the compiler "
                + "threads' CPU (/proc/self/task), which a warm stack no longer spends; of it idle: what the idle stack ("
                + number(idleCores, 3) + " cores without JIT, measured before the phases) uses over the window. "
                + "x Kafka RT: beside the round trip's CPU at the same clients, or else at "
                + (first == null ? "- (not run)" : first.clients()) + " clients.)");
        return lines;
    }

    /** The write-times table's lines (none when no write phase ran); also keeps its figures. */
    private List<String> writeTimesTable() {
        List<String> lines = new ArrayList<>();
        if (writeTimes.isEmpty()) {
            return lines;
        }
        lines.add("");
        lines.add("Where a write's time went in the stack, mean ms per write");
        lines.add(String.format(Locale.ROOT, WRITE_TIMES_ROW, "phase", "clients", "writes", "request", "outside the RT",
                "RT: to applied", "applying", "commit + answer"));
        for (WriteTimesRow row : writeTimes) {
            WriteTimes.Breakdown t = row.times();
            lines.add(String.format(Locale.ROOT, WRITE_TIMES_ROW, row.phase(), row.clients(),
                    String.format(Locale.ROOT, "%,d", t.writes()), number(t.requestMs(), 2), number(t.outsideRoundTripMs(), 2),
                    number(t.toAppliedMs(), 2), number(t.applyingMs(), 3), number(t.commitAndAnswerMs(), 2)));
            figure(row.phase(), row.clients(), "in the stack: request", "ms", t.requestMs());
            figure(row.phase(), row.clients(), "in the stack: outside the command round trip", "ms", t.outsideRoundTripMs());
            figure(row.phase(), row.clients(), "in the stack: command produced to applied", "ms", t.toAppliedMs());
            figure(row.phase(), row.clients(), "in the stack: applying", "ms", t.applyingMs());
            figure(row.phase(), row.clients(), "in the stack: commit and answer", "ms", t.commitAndAnswerMs());
        }
        lines.add("(From the API's and the processor's own timers over each phase (their /metrics): request, the SCIM request "
                + "as the API served it; outside the RT, what of it is not the command's round trip (authenticating, reading "
                + "the body, waiting for the organization's write window, writing the answer; slightly below 0 when nothing "
                + "waits: the two timers stop microseconds apart, the round trip's last); RT: to applied, from the "
                + "command's record timestamp to the end of its applying on the stream thread (to the millisecond), applying "
                + "included; applying, deciding and writing it on the stream thread; commit + answer, the rest of the round "
                + "trip: the wait for the transaction to commit and the answer's hand-over. Server side only: the load "
                + "generator's own time is in the request rows' p50 and p99, not here. The request phases' writes are one "
                + "organization's, whose write window admits at most " + ManyOrganizations.writesPerWindow()
                + " writes at once (each counts " + Limits.COMMAND_BASE_BYTES / 1024 + " KiB plus its body): the writes of more clients "
                + "than that wait at it, in outside the RT, and that limit is part of their rate.)");
        return lines;
    }

    /**
     * The CPU by component table's lines, for the phases whose CPU was split by component (none where
     * there is no {@code /proc}: then nothing); also keeps its figures.
     */
    private List<String> componentTable() {
        List<String> lines = new ArrayList<>();
        List<CpuRow> split = cpu.stream().filter(row -> row.usage().byComponent()).toList();
        if (split.isEmpty()) {
            return lines;
        }
        lines.add("");
        lines.add("CPU by component, ms per operation: where CPU ms/op went");
        List<Object> heading = new ArrayList<>(List.of("phase (per request unless said)", "clients", "CPU ms/op", "w/o doorsim"));
        Arrays.stream(Component.values()).map(Component::label).forEach(heading::add);
        lines.add(String.format(Locale.ROOT, COMPONENT_ROW, heading.toArray()));
        for (CpuRow row : split) {
            Cpu.Usage usage = row.usage();
            List<Object> columns = new ArrayList<>(List.of(row.label(), row.clientsColumn(), number(usage.stackMsPerOp(), 3),
                    number(usage.withoutDoorSimulatorMsPerOp(), 3)));
            figure(row.phase(), row.clients(), "CPU without the door simulator", row.unit(), usage.withoutDoorSimulatorMsPerOp());
            for (Component component : Component.values()) {
                columns.add(number(usage.msPerOp(component), 3));
                figure(row.phase(), row.clients(), "CPU in " + component.label(), row.unit(), usage.msPerOp(component));
            }
            lines.add(String.format(Locale.ROOT, COMPONENT_ROW, columns.toArray()));
        }
        lines.add("(Each thread's CPU over the phase's window, added to the part it works for: Java threads by name "
                + "(ThreadMXBean; a Kafka client's by its client id), the JIT's, the GC's and RocksDB's threads by "
                + "/proc/self/task; the bench's load threads left out, as from CPU ms/op. processor: stream threads and "
                + "their Kafka clients, RocksDB's flushes and compactions (access-sync's small store's among them), the "
                + "query server and the reads it answers in memory; API: HTTP threads, result listener, state readers, "
                + "topic followers, producers; sync: access-sync's delivery threads, Kafka clients and HTTP clients; "
                + "doorsim: the door simulator; RT echo: "
                + "the Kafka round trip's echo and clients; other: what the others leave of CPU ms/op (the JVM's other "
                + "threads, shared pools, threads that ended between two readings). w/o doorsim: CPU ms/op less the door "
                + "simulator's, which stands in for the door systems and is not part of a production Gatehouse.)");
        return lines;
    }

    /**
     * The broker's requests per operation, for the phases whose requests were counted (none where the
     * broker's metrics cannot be read: then nothing); also keeps its figures.
     */
    private List<String> requestTable() {
        List<String> lines = new ArrayList<>();
        List<CpuRow> counted = cpu.stream().filter(row -> row.usage().byRequest()).toList();
        if (counted.isEmpty()) {
            return lines;
        }
        lines.add("");
        lines.add("Kafka requests per operation: what the broker handled for each");
        lines.add(String.format(Locale.ROOT, REQUEST_ROW, "phase (per request unless said)", "clients", "produce", "fetch",
                "transaction", "other", "all", "ops/txn"));
        for (CpuRow row : counted) {
            Cpu.Usage usage = row.usage();
            double produce = usage.requestsPerOp(List.of(BrokerRequests.PRODUCE));
            double fetch = usage.requestsPerOp(List.of(BrokerRequests.FETCH));
            double transaction = usage.requestsPerOp(BrokerRequests.TRANSACTION);
            double all = usage.requestsPerOp();
            double other = all - produce - fetch - transaction;
            String unit = "requests/" + row.per();
            figure(row.phase(), row.clients(), "Kafka produce", unit, produce);
            figure(row.phase(), row.clients(), "Kafka fetch", unit, fetch);
            figure(row.phase(), row.clients(), "Kafka transaction", unit, transaction);
            figure(row.phase(), row.clients(), "Kafka all", unit, all);
            figure(row.phase(), row.clients(), "operations per transaction", "", usage.opsPerTransaction());
            lines.add(String.format(Locale.ROOT, REQUEST_ROW, row.label(), row.clientsColumn(), number(produce, 3),
                    number(fetch, 3), number(transaction, 3), number(other, 3), number(all, 3),
                    number(usage.opsPerTransaction(), 1)));
        }
        lines.add("(The requests the broker's own metrics counted over each phase's window, as CPU ms/op is taken: "
                + "from its first request until the stack is quiet again; idle readers' polls included. transaction: "
                + "adding partitions and offsets to transactions, committing consumed offsets in them, ending them and "
                + "writing their markers (" + String.join(", ", BrokerRequests.TRANSACTION) + "); ops/txn: operations "
                + "per transaction ended (" + BrokerRequests.END_TRANSACTION + ").)");
        return lines;
    }

    /**
     * The report's lines: the phases' in order, then the CPU table and the peak resident memory. The
     * first call closes the report: the last two are measured and kept as figures then.
     */
    List<String> lines() {
        if (closing == null) {
            closing = writeTimesTable();
            closing.addAll(cpuTable());
            closing.addAll(componentTable());
            closing.addAll(requestTable());
            OptionalLong peak = status("VmHWM");
            if (peak.isPresent()) {
                closing.add("");
                closing.add(String.format(Locale.ROOT, "Peak resident memory of the run (VmHWM): %,d MB", peak.getAsLong() >> 10));
                figure("Whole run", 0, "peak resident", "MB", peak.getAsLong() >> 10);
            }
        }
        List<String> lines = new ArrayList<>(rows);
        lines.addAll(closing);
        return lines;
    }

    /** This run's figures as a document, the CPU table's included. */
    Run run() {
        lines();
        return new Run(FORMAT, machine, sizes, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), List.copyOf(figures));
    }

    /** Writes {@code run} as JSON to {@code file}. */
    static void write(Run run, Path file) throws IOException {
        Files.writeString(file, ScimJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(run) + "\n");
    }

    /** Reads a run {@link #write} wrote; refuses another format. */
    static Run read(Path file) throws IOException {
        Run run = ScimJson.mapper().readValue(file.toFile(), Run.class);
        if (run.format() != FORMAT || run.figures() == null) {
            throw new IOException(file + " is not a bench run of format " + FORMAT);
        }
        return run;
    }

    /**
     * Every figure of {@code now} beside {@code before}'s (matched by phase, clients and name), with
     * after/before; figures only one of the runs has are shown with a dash on the other side. A phase's
     * figures stand together, the phases in the order {@code now} has them, then those only {@code before} has.
     */
    static List<String> compare(Run before, Run now, String source) {
        Map<String, Map<String, Figure[]>> phases = new LinkedHashMap<>();
        now.figures().forEach(f -> phases.computeIfAbsent(f.phase() + '\u0000' + f.clients(), k -> new LinkedHashMap<>())
                .computeIfAbsent(f.key(), k -> new Figure[2])[1] = f);
        before.figures().forEach(f -> phases.computeIfAbsent(f.phase() + '\u0000' + f.clients(), k -> new LinkedHashMap<>())
                .computeIfAbsent(f.key(), k -> new Figure[2])[0] = f);
        List<Figure[]> pairs = phases.values().stream().flatMap(p -> p.values().stream()).toList();
        int width = pairs.stream().mapToInt(p -> (p[1] != null ? p[1] : p[0]).label().length()).max().orElse(6);
        String format = "%-" + width + "s %12s %12s %12s";
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add("Compared with " + source + " (finished " + before.finished() + "; " + before.machine() + ")");
        if (!before.sizes().equals(now.sizes())) {
            lines.add("Sizes differ; before: " + before.sizes());
        }
        lines.add(String.format(Locale.ROOT, format, "figure", "before", "after", "after/before"));
        for (Figure[] pair : pairs) {
            Figure any = pair[1] != null ? pair[1] : pair[0];
            double was = pair[0] == null ? Double.NaN : pair[0].value();
            double is = pair[1] == null ? Double.NaN : pair[1].value();
            lines.add(String.format(Locale.ROOT, format, any.label(), number(was), number(is), number(ratio(was, is), 2)));
        }
        lines.add("(after/before: above 1 is more; for req/s, objects/s and commands/s more is better, for ms, MB, "
                + "errors and CPU less is)");
        return lines;
    }

    /** {@code is / was}; NaN when either is missing or {@code was} is zero. */
    static double ratio(double was, double is) {
        return was != 0 && Double.isFinite(was) && Double.isFinite(is) ? is / was : Double.NaN;
    }

    /** A figure with as many decimals as its size calls for (none for a whole number); a dash for NaN. */
    static String number(double value) {
        double magnitude = Math.abs(value);
        return number(value, magnitude >= 100 || value == Math.rint(value) ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : 3);
    }

    private static String number(double value, int decimals) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%,." + decimals + "f", value) : "-";
    }
}
