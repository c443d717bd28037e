package dev.gatehouse.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gatehouse.launcher.bench.Component;
import dev.gatehouse.launcher.bench.Cpu;
import dev.gatehouse.launcher.bench.LoadDriver;
import dev.gatehouse.launcher.bench.ManyOrganizations;
import dev.gatehouse.launcher.bench.WriteTimes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchReportTest {
    private static final long MS = 1_000_000;

    @TempDir
    Path dir;

    @Test
    void everyPhaseIsComparedWithTheRoundTripAtItsConcurrencyOrElseTheFirst() {
        BenchReport report = new BenchReport();
        recordTwoConcurrencies(report);

        List<String> lines = report.lines();

        // ops, wall s, cores, CPU ms/op, x Kafka RT, of it JIT, of it idle (0.1 cores over 4 s, 500 requests), load ms/op
        assertThat(columns(lines, "POST /Users", "16")).containsExactly("500", "4.0", "0.38", "3.000", "6.00", "0.200",
                "0.800", "1.000");
        assertThat(columns(lines, "POST /Users", "64")).containsExactly("500", "2.0", "0.50", "2.000", "8.00", "0.000",
                "0.400", "1.000");
        assertThat(columns(lines, BenchReport.KAFKA_ROUND_TRIP, "64").get(4)).isEqualTo("1.00");
        // no round trip of its own: beside the first one's 0.5 ms
        assertThat(columns(lines, "Rebuild with comparison to live, per command", "-")).containsExactly("20,000", "10.0",
                "0.50", "0.250", "0.50", "0.000", "0.050", "0.000");
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("0.100 cores without JIT").contains("or else at 16 clients"));
    }

    @Test
    void aRequestRowGivesItsRateAsAShareOfEachRoundTripAtItsConcurrency() {
        BenchReport report = new BenchReport();
        LoadDriver.Result kafka = new LoadDriver.Result(BenchReport.KAFKA_ROUND_TRIP, 16, 500, 0, 2_000, 5, 9);
        LoadDriver.Result eos = new LoadDriver.Result(BenchReport.EXACTLY_ONCE_ROUND_TRIP, 16, 500, 0, 800, 15, 30);
        report.requestHeading();
        report.row(kafka, kafka, eos);
        report.row(eos, kafka, eos);
        report.row(new LoadDriver.Result("POST /Users", 16, 500, 2, 600, 25.04, 61.26), kafka, eos);

        List<String> lines = report.lines();

        assertThat(lines).anySatisfy(l -> assertThat(l.split("\\s+")).endsWith("errors", "of", "Kafka", "RT", "of", "EOS", "RT"));
        // req/s, p50, p99, errors, of Kafka RT, of EOS RT
        assertThat(columns(lines, BenchReport.KAFKA_ROUND_TRIP, "16")).containsExactly("2000", "5.0", "9.0", "0", "100%",
                "250%");
        assertThat(columns(lines, BenchReport.EXACTLY_ONCE_ROUND_TRIP, "16")).containsExactly("800", "15.0", "30.0", "0",
                "40%", "100%");
        assertThat(columns(lines, "POST /Users", "16")).containsExactly("600", "25.0", "61.3", "2", "30%", "75%");
    }

    @Test
    void aPhaseStillBusyWhenGivenUpOnIsMarked() {
        BenchReport report = new BenchReport();
        report.cpu("PATCH active=false", 16, "request", new Cpu.Usage(30_500 * MS, 20_000 * MS, 0, 0, 100, false));

        List<String> lines = report.lines();

        assertThat(columns(lines, "PATCH active=false", "16").get(1)).isEqualTo("30.5*");
        assertThat(columns(lines, "PATCH active=false", "16").get(4)).isEqualTo("-"); // no round trip measured
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("* still busy when given up on"));
    }

    @Test
    void closingTheReportTwiceGivesTheSameLines() {
        BenchReport report = new BenchReport();
        report.add("first");
        report.cpu(BenchReport.KAFKA_ROUND_TRIP, 16, "request", usage(1_000, 600, 100, 0, 1_000));

        List<String> first = report.lines();

        assertThat(first.get(0)).isEqualTo("first");
        assertThat(report.lines()).isEqualTo(first);
    }

    @Test
    void theCpuTableKeepsItsFiguresForTheJsonAndTheComparison() {
        BenchReport report = new BenchReport();
        report.machine("test machine", "sizes A");
        recordTwoConcurrencies(report);

        Map<String, Double> figures = figures(report.run());

        assertThat(figures.get("POST /Users (16 clients): CPU ms/request")).isCloseTo(3.0, within(1e-9));
        assertThat(figures.get("POST /Users (16 clients): CPU x Kafka round trip")).isCloseTo(6.0, within(1e-9));
        assertThat(figures.get("POST /Users (16 clients): CPU of it JIT ms/request")).isCloseTo(0.2, within(1e-9));
        // 0.1 cores idle over 4 s is 400 ms, over 500 requests
        assertThat(figures.get("POST /Users (16 clients): CPU of it idle ms/request")).isCloseTo(0.8, within(1e-9));
        assertThat(figures.get("POST /Users (16 clients): load generator CPU ms/request")).isCloseTo(1.0, within(1e-9));
        assertThat(figures.get("POST /Users (64 clients): CPU x Kafka round trip")).isCloseTo(8.0, within(1e-9));
        assertThat(figures.get("Kafka round trip (baseline) (64 clients): CPU x Kafka round trip")).isCloseTo(1.0, within(1e-9));
        // no round trip of its own: beside the first one's 0.5 ms
        assertThat(figures.get("Rebuild with comparison to live: CPU ms/command")).isCloseTo(0.25, within(1e-9));
        assertThat(figures.get("Rebuild with comparison to live: CPU x Kafka round trip")).isCloseTo(0.5, within(1e-9));
        assertThat(figures.get("Idle stack: CPU cores")).isCloseTo(0.1, within(1e-9));
    }

    @Test
    void theComponentTableSplitsEachPhaseAndGivesTheStackWithoutTheDoorSimulator() {
        BenchReport report = new BenchReport();
        report.cpu(BenchReport.KAFKA_ROUND_TRIP, 16, "request", new Cpu.Usage(1_000 * MS, 600 * MS, 100 * MS, 0, 1_000, true,
                Map.of(Component.BROKER, 300 * MS, Component.ROUND_TRIP, 150 * MS)));
        report.cpu("POST /Users", 16, "request", new Cpu.Usage(4_000 * MS, 2_000 * MS, 500 * MS, 100 * MS, 500, true,
                Map.of(Component.BROKER, 250 * MS, Component.PROCESSOR, 500 * MS, Component.API, 400 * MS,
                        Component.SYNC, 100 * MS, Component.DOOR_SIMULATOR, 50 * MS, Component.JIT, 100 * MS,
                        Component.GC, 50 * MS)));
        report.cpu("Rebuild", 0, "command", usage(10_000, 5_000, 0, 0, 20_000)); // not split: left out

        List<String> lines = report.lines();
        Map<String, Double> figures = figures(report.run());

        int heading = lines.indexOf(lines.stream().filter(l -> l.startsWith("CPU by component")).findFirst().orElseThrow());
        assertThat(List.of(lines.get(heading + 1).trim().split("\\s+"))).endsWith("CPU", "ms/op", "w/o", "doorsim",
                "broker", "processor", "API", "sync", "doorsim", "RT", "echo", "JIT", "GC", "other");
        // CPU ms/op, without the simulator, then each component; other: 1,500 ms of stack less 1,450 named
        List<String> table = lines.subList(heading, lines.size());
        assertThat(columns(table, "POST /Users", "16")).containsExactly("3.000", "2.900", "0.500", "1.000", "0.800",
                "0.200", "0.100", "0.000", "0.200", "0.100", "0.100");
        assertThat(columns(table, BenchReport.KAFKA_ROUND_TRIP, "16").subList(0, 2)).containsExactly("0.500", "0.500");
        assertThat(table).noneMatch(l -> l.startsWith("Rebuild"));
        assertThat(figures.get("POST /Users (16 clients): CPU without the door simulator ms/request")).isCloseTo(2.9, within(1e-9));
        assertThat(figures.get("POST /Users (16 clients): CPU in processor ms/request")).isCloseTo(1.0, within(1e-9));
        assertThat(figures.get("POST /Users (16 clients): CPU in other ms/request")).isCloseTo(0.1, within(1e-9));
        assertThat(figures.get("Kafka round trip (baseline) (16 clients): CPU in RT echo ms/request")).isCloseTo(0.15, within(1e-9));
        assertThat(figures).doesNotContainKey("Rebuild: CPU in broker ms/command");
    }

    @Test
    void theRequestTableGivesTheBrokersRequestsPerOperationAndKeepsThemAsFigures() {
        BenchReport report = new BenchReport();
        report.cpu(BenchReport.EXACTLY_ONCE_ROUND_TRIP, 16, "request", new Cpu.Usage(1_000 * MS, 600 * MS, 0, 0, 1_000,
                true, Map.of(), Map.of("Produce", 1_000L, "Fetch", 800L, "EndTxn", 40L, "WriteTxnMarkers", 40L,
                        "AddPartitionsToTxn", 80L, "TxnOffsetCommit", 40L, "Heartbeat", 20L)));
        report.cpu("POST /Users", 16, "request", new Cpu.Usage(4_000 * MS, 2_000 * MS, 0, 0, 500, true, Map.of(),
                Map.of("Produce", 300L, "Fetch", 200L, "EndTxn", 50L, "WriteTxnMarkers", 50L, "AddPartitionsToTxn", 100L,
                        "TxnOffsetCommit", 50L, "OffsetCommit", 10L)));
        report.cpu("Rebuild", 0, "command", usage(10_000, 5_000, 0, 0, 20_000)); // not counted: left out

        List<String> lines = report.lines();
        Map<String, Double> figures = figures(report.run());

        int heading = lines.indexOf(lines.stream().filter(l -> l.startsWith("Kafka requests per operation")).findFirst()
                .orElseThrow());
        assertThat(List.of(lines.get(heading + 1).trim().split("\\s+"))).endsWith("clients", "produce", "fetch",
                "transaction", "other", "all", "ops/txn");
        List<String> table = lines.subList(heading, lines.size());
        // produce, fetch, transaction, other, all, operations per transaction
        assertThat(columns(table, "POST /Users", "16")).containsExactly("0.600", "0.400", "0.500", "0.020", "1.520", "10.0");
        assertThat(columns(table, BenchReport.EXACTLY_ONCE_ROUND_TRIP, "16")).containsExactly("1.000", "0.800", "0.200",
                "0.020", "2.020", "25.0");
        assertThat(table).noneMatch(l -> l.startsWith("Rebuild"));
        assertThat(figures.get("POST /Users (16 clients): Kafka transaction requests/request"))
                .isCloseTo(0.5, within(1e-9));
        assertThat(figures.get("POST /Users (16 clients): Kafka all requests/request")).isCloseTo(1.52, within(1e-9));
        assertThat(figures.get("POST /Users (16 clients): operations per transaction")).isCloseTo(10.0, within(1e-9));
        assertThat(figures).doesNotContainKey("Rebuild: Kafka all requests/command");
    }

    @Test
    void withoutASplitOrAWritePhaseThereIsNoComponentTableNorWriteTimesTable() {
        BenchReport report = new BenchReport();
        recordTwoConcurrencies(report);

        assertThat(report.lines()).noneMatch(l -> l.startsWith("CPU by component"))
                .noneMatch(l -> l.startsWith("Where a write's time went"))
                .noneMatch(l -> l.startsWith("Kafka requests per operation"));
        assertThat(figures(report.run()).keySet()).noneMatch(k -> k.contains("CPU in ") || k.contains("without the door")
                || k.contains("in the stack"));
    }

    @Test
    void theOrganizationsRowsGiveRatesErrorsAndTheSpreadOfTheOrganizationsP99() {
        BenchReport report = new BenchReport();
        ManyOrganizations.Plan plan = ManyOrganizations.Plan.of(200);
        report.organizationsHeading(50, 64, plan);
        report.organizations("Organizations, 1 processor", 1, new ManyOrganizations.Result(50, 64, plan, 42_000, 0, 100.0,
                new ManyOrganizations.Spread(250.5, 900.25, 40.0)));
        report.organizations("Organizations, 2 processors", 2, new ManyOrganizations.Result(50, 64, plan, 42_000, 3, 80.0,
                new ManyOrganizations.Spread(200, 600, 30)));

        List<String> lines = report.lines();
        Map<String, Double> figures = figures(report.run());

        assertThat(lines).contains("Many organizations: 50 provisioning at once with Entra's requests from 64 clients "
                + "(1 or 2 per organization); each: 200 users, 2 groups, 200 memberships, 10 disabled");
        // processors, objects/s, req/s, requests, errors, p50, p99 of the median organization, of the worst
        assertThat(row(lines, "1")).containsExactly("201", "420", "42,000", "0", "40.0", "250.5", "900.3");
        assertThat(row(lines, "2")).containsExactly("251", "525", "42,000", "3", "30.0", "200.0", "600.0");
        assertThat(figures.get("Organizations, 2 processors (64 clients): objects objects/s")).isCloseTo(251.25, within(1e-9));
        assertThat(figures.get("Organizations, 2 processors (64 clients): rate req/s")).isCloseTo(525, within(1e-9));
        assertThat(figures.get("Organizations, 2 processors (64 clients): errors")).isEqualTo(3.0);
        assertThat(figures.get("Organizations, 1 processor (64 clients): p99 of the median organization ms")).isEqualTo(250.5);
        assertThat(figures.get("Organizations, 1 processor (64 clients): p99 of the worst organization ms")).isEqualTo(900.25);
    }

    @Test
    void theWriteTimesTableSplitsEachWritePhaseIntoItsPartsAndKeepsThemAsFigures() {
        BenchReport report = new BenchReport();
        report.writeTimes("POST /Users", 16, new WriteTimes.Breakdown(4_000, 20.5, 15.25, 9, 0.25));
        report.writeTimes("PATCH active=false", 64, new WriteTimes.Breakdown(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN));

        List<String> lines = report.lines();
        Map<String, Double> figures = figures(report.run());

        assertThat(lines).contains("Where a write's time went in the stack, mean ms per write");
        // writes, request, outside the round trip, round trip to applied, applying, commit and answer
        assertThat(columns(lines, "POST /Users", "16")).containsExactly("4,000", "20.50", "5.25", "9.00", "0.250", "6.25");
        assertThat(columns(lines, "PATCH active=false", "64")).containsExactly("0", "-", "-", "-", "-", "-");
        assertThat(figures.get("POST /Users (16 clients): in the stack: commit and answer ms")).isCloseTo(6.25, within(1e-9));
        assertThat(figures.get("POST /Users (16 clients): in the stack: outside the command round trip ms")).isCloseTo(5.25, within(1e-9));
        assertThat(figures.get("POST /Users (16 clients): in the stack: command produced to applied ms")).isEqualTo(9.0);
        assertThat(figures).doesNotContainKey("PATCH active=false (64 clients): in the stack: request ms");
    }

    @Test
    void closingTheReportTwiceKeepsEachFigureOnce() {
        BenchReport report = new BenchReport();
        report.cpu(BenchReport.KAFKA_ROUND_TRIP, 16, "request", usage(1_000, 600, 100, 0, 1_000));

        List<String> first = report.lines();
        BenchReport.Run run = report.run();

        assertThat(report.lines()).isEqualTo(first);
        assertThat(report.run().figures()).isEqualTo(run.figures());
    }

    @Test
    void aRunWrittenAsJsonReadsBackTheSame() throws IOException {
        BenchReport report = new BenchReport();
        report.machine("Gatehouse bench: 2 cores", "phases http; clients 16");
        report.row(new LoadDriver.Result("POST /Users", 16, 500, 2, 250.5, 40.25, 120.0),
                new LoadDriver.Result(BenchReport.KAFKA_ROUND_TRIP, 16, 500, 0, 2_000, 5, 9),
                new LoadDriver.Result(BenchReport.EXACTLY_ONCE_ROUND_TRIP, 16, 500, 0, 1_000, 12, 30));
        report.figure("Rebuild", 0, "rate", "commands/s", 4_321.5);
        report.figure("Rebuild", 0, "not a number", "", Double.NaN);
        report.cpu(BenchReport.KAFKA_ROUND_TRIP, 16, "request", usage(1_000, 600, 100, 0, 1_000));
        BenchReport.Run run = report.run();
        Path file = dir.resolve("run.json");

        BenchReport.write(run, file);
        BenchReport.Run read = BenchReport.read(file);

        assertThat(read).isEqualTo(run);
        assertThat(figures(read)).containsEntry("POST /Users (16 clients): rate req/s", 250.5)
                .containsEntry("POST /Users (16 clients): errors", 2.0)
                .containsEntry("Rebuild: rate commands/s", 4_321.5)
                .doesNotContainKey("Rebuild: not a number");
    }

    @Test
    void aFileOfAnotherFormatIsRefused() throws IOException {
        Path file = dir.resolve("other.json");
        Files.writeString(file, "{\"format\":2,\"figures\":[]}");

        assertThatThrownBy(() -> BenchReport.read(file)).isInstanceOf(IOException.class).hasMessageContaining("format 1");
    }

    @Test
    void theComparisonPutsEachFigureBesideTheEarlierOneWithTheRatio() {
        BenchReport.Run before = new BenchReport.Run(1, "machine", "sizes A", "2026-12-05T06:00:00Z", List.of(
                new BenchReport.Figure("POST /Users", 16, "CPU", "ms/request", 4.0),
                new BenchReport.Figure("POST /Users", 16, "rate", "req/s", 200),
                new BenchReport.Figure("Gone", 0, "rate", "req/s", 1)));
        BenchReport.Run after = new BenchReport.Run(1, "machine", "sizes B", "2026-12-05T07:00:00Z", List.of(
                new BenchReport.Figure("POST /Users", 16, "rate", "req/s", 300),
                new BenchReport.Figure("New", 0, "rate", "req/s", 5),
                new BenchReport.Figure("POST /Users", 16, "CPU", "ms/request", 3.0)));

        List<String> lines = BenchReport.compare(before, after, "before.json");

        assertThat(lines).anySatisfy(l -> assertThat(l).contains("before.json", "2026-12-05T06:00:00Z"))
                .anySatisfy(l -> assertThat(l).isEqualTo("Sizes differ; before: sizes A"));
        assertThat(row(lines, "POST /Users (16 clients): rate req/s")).containsExactly("200", "300", "1.50");
        assertThat(row(lines, "POST /Users (16 clients): CPU ms/request")).containsExactly("4", "3", "0.75");
        assertThat(row(lines, "New: rate req/s")).containsExactly("-", "5", "-");
        assertThat(row(lines, "Gone: rate req/s")).containsExactly("1", "-", "-");
        // a phase's figures together, in the order of the run compared, then what only the earlier run had
        assertThat(lines.stream().filter(l -> l.startsWith("POST") || l.startsWith("New") || l.startsWith("Gone"))
                .map(l -> l.substring(0, 4))).containsExactly("POST", "POST", "New:", "Gone");
    }

    @Test
    void theSameSizesAreNotRemarkedOn() {
        BenchReport.Run run = new BenchReport.Run(1, "machine", "sizes A", "t", List.of());

        assertThat(BenchReport.compare(run, run, "x.json")).noneMatch(l -> l.startsWith("Sizes differ"));
    }

    @Test
    void ratiosAndNumbers() {
        assertThat(BenchReport.ratio(2, 3)).isCloseTo(1.5, within(1e-9));
        assertThat(BenchReport.ratio(0, 3)).isNaN();
        assertThat(BenchReport.ratio(Double.NaN, 3)).isNaN();
        assertThat(BenchReport.number(12_345.6)).isEqualTo("12,346");
        assertThat(BenchReport.number(12.345)).isEqualTo("12.3");
        assertThat(BenchReport.number(1.2345)).isEqualTo("1.23");
        assertThat(BenchReport.number(0.12345)).isEqualTo("0.123");
        assertThat(BenchReport.number(3.0)).isEqualTo("3");
        assertThat(BenchReport.number(0)).isEqualTo("0");
        assertThat(BenchReport.number(Double.NaN)).isEqualTo("-");
    }

    @Test
    void memoryIsPrintedAndKeptAsFigures() {
        BenchReport report = new BenchReport();

        report.memory("the test");

        Map<String, Double> figures = figures(report.run());
        assertThat(report.lines()).anySatisfy(l -> assertThat(l).startsWith("Memory of the whole stack")
                .contains("after the test: resident").contains("after a GC"));
        assertThat(figures.get("Memory after the test: heap used MB")).isPositive();
        assertThat(figures).containsKey("Memory after the test: heap used after GC MB");
        if (Files.exists(Path.of("/proc/self/status"))) {
            assertThat(figures.get("Memory after the test: resident MB")).isPositive();
            assertThat(figures.get("Whole run: peak resident MB")).isGreaterThanOrEqualTo(figures.get("Memory after the test: resident MB"));
        }
    }

    @Test
    void residentMemoryIsReadFromProcStatusInKilobytes() {
        List<String> status = List.of("Name:\tjava", "VmHWM:\t  812344 kB", "VmRSS:\t  701234 kB", "Threads:\t123");

        assertThat(BenchReport.status(status, "VmRSS")).isEqualTo(OptionalLong.of(701_234));
        assertThat(BenchReport.status(status, "VmHWM")).isEqualTo(OptionalLong.of(812_344));
        assertThat(BenchReport.status(status, "VmSwap")).isEmpty();
    }

    /**
     * An idle stack of 0.1 cores; the Kafka round trip at 0.5 ms per request at 16 clients and 0.25 ms at
     * 64; POST /Users at both; a rebuild per command.
     */
    private static void recordTwoConcurrencies(BenchReport report) {
        report.idle(0.1);
        // Kafka round trip: 0.5 ms at 16 clients, 0.25 ms at 64
        report.cpu(BenchReport.KAFKA_ROUND_TRIP, 16, "request", usage(1_000, 600, 100, 0, 1_000));
        report.cpu("POST /Users", 16, "request", usage(4_000, 2_000, 500, 100, 500));
        report.cpu(BenchReport.KAFKA_ROUND_TRIP, 64, "request", usage(1_000, 300, 50, 0, 1_000));
        report.cpu("POST /Users", 64, "request", usage(2_000, 1_500, 500, 0, 500));
        report.cpu("Rebuild with comparison to live", 0, "command", usage(10_000, 5_000, 0, 0, 20_000));
    }

    private static Cpu.Usage usage(long wallMs, long processMs, long loadMs, long jitMs, long ops) {
        return new Cpu.Usage(wallMs * MS, processMs * MS, loadMs * MS, jitMs * MS, ops, true);
    }

    private static Map<String, Double> figures(BenchReport.Run run) {
        return run.figures().stream().collect(Collectors.toMap(BenchReport.Figure::label, BenchReport.Figure::value));
    }

    /** The before, after and ratio columns of the comparison's row for {@code label}. */
    private static List<String> row(List<String> lines, String label) {
        String line = lines.stream().filter(l -> l.startsWith(label + " ")).findFirst().orElseThrow();
        return List.of(line.substring(label.length()).trim().split("\\s+"));
    }

    /** The CPU table's columns after the clients of the row of {@code phase} at {@code clients}. */
    private static List<String> columns(List<String> lines, String phase, String clients) {
        String line = lines.stream().filter(l -> l.startsWith(phase + " ") && List.of(l.substring(phase.length()).trim()
                .split("\\s+")).get(0).equals(clients)).findFirst().orElseThrow();
        List<String> all = List.of(line.substring(phase.length()).trim().split("\\s+"));
        return all.subList(1, all.size());
    }
}
