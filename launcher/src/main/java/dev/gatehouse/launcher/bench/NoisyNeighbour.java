package dev.gatehouse.launcher.bench;

import dev.gatehouse.scim.limits.Limits;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The noisy-neighbour phase: does one organization's heavy commands delay another's revocation? While
 * organization A floods the API with heavy PATCHes ({@link HeavyFlood}), organization B disables its
 * users one at a time and each revocation is timed from its send to its 2xx answer, and from its send to
 * the door system (the simulator) holding the person as inactive. The same probes without the flood,
 * earlier in the same run, are the baseline. Between measurements the stack is let go quiet (see
 * {@link #settle()}), so one flood's backlog is not measured as the next one's.
 *
 * <p>Why it can matter: commands are keyed by organization, and with the default of one stream thread
 * per processor every organization's commands are applied by the same thread, one at a time.
 */
public final class NoisyNeighbour {
    /** The heavy PATCH A floods with. */
    /**
     * A's PATCHes: 1,000 members added and removed; 10,000 values added (the defect report's, past the
     * budget now); the most values the budget allows ({@code Limits.MULTI_VALUED_VALUES}).
     */
    public enum Shape { MEMBERS, VALUES, VALUES_MAX }

    /** The stack's door simulator base URL and the {@code /metrics} URLs of its processor and access-sync. */
    public record Endpoints(String door, List<String> metrics) {
    }

    /** The backlog gauges {@link #settle()} waits to see at zero. */
    private static final List<String> BACKLOG_GAUGES = List.of("gatehouse_processor_commands_lag", "gatehouse_connector_lag");

    private static final long PAUSE_MILLIS = 75;
    private static final long DOOR_GIVE_UP_NANOS = 30_000_000_000L;
    private static final long MEASURE_CAP_NANOS = 300_000_000_000L;
    private static final long RAMP_MILLIS = 2_000;
    private static final long QUIET_NANOS = 1_000_000_000L;
    private static final long SETTLE_GIVE_UP_NANOS = 600_000_000_000L;
    private static final Duration SETUP_TIMEOUT = Duration.ofMinutes(10);
    private static final String ROW = "%-26s %8s %9s  %-24s %8s  %-24s %-24s %-20s %s";

    private final Organization a;
    private final Organization b;
    private final List<String> metrics;
    private final int clients;
    private final int probes;
    private final List<Shape> shapes;
    private final DoorView door;
    private final Cpu cpu;
    private final Map<String, Cpu.Usage> usages = new LinkedHashMap<>();
    private final String run = UUID.randomUUID().toString().substring(0, 6);
    private String sentinel; // B's user whose metadata settle() changes

    /** {@code cpu}: measures each flood's CPU per answer to A, from the flood's start until the stack is quiet again. */
    public NoisyNeighbour(Organization a, Organization b, Endpoints stack, int clients, int probes, List<Shape> shapes,
                          Cpu cpu) {
        this.a = a;
        this.b = b;
        this.door = new DoorView(stack.door());
        this.metrics = List.copyOf(stack.metrics());
        this.clients = clients;
        this.probes = probes;
        this.shapes = List.copyOf(shapes);
        this.cpu = cpu;
    }

    /**
     * Each flood's CPU, by its label, after {@link #run()}: per answer to A, B's revocations and the
     * polls of the door and the backlog gauges during it included.
     */
    public Map<String, Cpu.Usage> cpu() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(usages));
    }

    /** Sets up both organizations, measures, and returns the table's lines. */
    public List<String> run() throws Exception {
        List<String> bUsers = createUsers(b, "probe", probes * (1 + shapes.size()));
        sentinel = createUsers(b, "settle", 1).get(0);
        Map<Shape, HeavyFlood.Requests> floods = prepareFloods();
        door.awaitActive(b.id(), bUsers, SETUP_TIMEOUT);
        door.awaitActive(b.id(), List.of(sentinel), SETUP_TIMEOUT);

        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "Noisy neighbour (A: %d clients of heavy PATCHes, each sent as soon as the "
                + "previous is answered; B: PATCH active=false one at a time, %d ms apart, each on a fresh user)",
                clients, PAUSE_MILLIS));
        lines.add(String.format(Locale.ROOT, ROW, "flood", "A req/s", "A p50 ms", "A answers", "B probes",
                "B answer p50/p99/max ms", "B door p50/p99/max ms", "B failed", "quiet after"));
        String quiet = quiet(settle());
        Measurement baseline = measure(bUsers.subList(0, probes));
        lines.add(String.format(Locale.ROOT, ROW, "none (baseline)", "-", "-", "-", baseline.count() + "/" + probes,
                stats(baseline.answers()), stats(baseline.doors()), baseline.failed(), "before: " + quiet));
        List<String> alone = new ArrayList<>();
        for (int s = 0; s < shapes.size(); s++) {
            Shape shape = shapes.get(s);
            alone.add(alone(shape, floods.get(shape)));
            settle();
            lines.add(flooded(shape, floods.get(shape), bUsers.subList((s + 1) * probes, (s + 2) * probes)));
        }
        lines.add("One heavy PATCH of A alone, answered in: " + String.join("; ", alone));
        lines.add("(answer: send to 2xx; door: send to the simulator showing active:false, given up after "
                + DOOR_GIVE_UP_NANOS / 1_000_000_000 + " s; a measurement stops after " + MEASURE_CAP_NANOS / 1_000_000_000
                + " s; quiet after: from the flood's last answer until no commands or access changes are left and a B change "
                + "reaches the door within "
                + QUIET_NANOS / 1_000_000 + " ms of its send)");
        return lines;
    }

    /** Creates what A's floods PATCH (users, groups), waits until the door system has the users. */
    private Map<Shape, HeavyFlood.Requests> prepareFloods() throws Exception {
        Map<Shape, HeavyFlood.Requests> floods = new EnumMap<>(Shape.class);
        if (shapes.contains(Shape.MEMBERS)) {
            List<String> members = createUsers(a, "member", HeavyFlood.MEMBERS);
            floods.put(Shape.MEMBERS, HeavyFlood.members(createGroups(a), members));
            door.awaitActive(a.id(), members, SETUP_TIMEOUT);
        }
        if (shapes.contains(Shape.VALUES)) {
            List<String> holders = createUsers(a, "values", clients);
            floods.put(Shape.VALUES, HeavyFlood.values(holders));
            door.awaitActive(a.id(), holders, SETUP_TIMEOUT);
        }
        if (shapes.contains(Shape.VALUES_MAX)) {
            List<String> holders = createUsers(a, "values-max", clients);
            floods.put(Shape.VALUES_MAX, HeavyFlood.values(holders, Limits.MULTI_VALUED_VALUES));
            door.awaitActive(a.id(), holders, SETUP_TIMEOUT);
        }
        return floods;
    }

    /** B's revocations measured during A's flood; the flood is stopped before the stack is let go quiet. */
    private String flooded(Shape shape, HeavyFlood.Requests requests, List<String> users) throws InterruptedException {
        HeavyFlood.Result flood;
        Measurement during;
        Cpu.Window window = cpu.start();
        try (HeavyFlood running = HeavyFlood.start(a.scim(), clients, requests)) {
            Thread.sleep(RAMP_MILLIS); // let A's requests queue up before B is measured
            during = measure(users);
            flood = running.stop();
        }
        String aRate = String.format(Locale.ROOT, "%.1f", flood.answers() / flood.seconds());
        String aP50 = String.format(Locale.ROOT, "%.0f", LoadDriver.percentile(flood.latencies(), 50) / 1e6);
        String aAnswers = flood.statusSummary() + (flood.interrupted() > 0 ? " (" + flood.interrupted() + " cut)" : "");
        String quiet = quiet(settle());
        usages.put(label(shape), window.end(flood.answers()));
        return String.format(Locale.ROOT, ROW, label(shape), aRate, aP50, aAnswers, during.count() + "/" + probes,
                stats(during.answers()), stats(during.doors()), during.failed(), quiet);
    }

    private static String label(Shape shape) {
        return switch (shape) {
            case MEMBERS -> "members " + HeavyFlood.MEMBERS + " add/remove";
            case VALUES -> "values " + HeavyFlood.VALUES + " add/remove";
            case VALUES_MAX -> "values " + Limits.MULTI_VALUED_VALUES + " add/remove";
        };
    }

    /** One add and one remove of {@code shape}, sent alone (client 0's), each timed to its answer. */
    private String alone(Shape shape, HeavyFlood.Requests requests) throws InterruptedException {
        StringBuilder s = new StringBuilder(label(shape) + ":");
        for (int n = 0; n < 2; n++) {
            HeavyFlood.Patch patch = requests.next(0, n);
            long t0 = System.nanoTime();
            String status = send(a.scim(), patch.path(), patch.body());
            s.append(String.format(Locale.ROOT, " %s %s in %.0f ms", n == 0 ? "add" : "remove", status,
                    (System.nanoTime() - t0) / 1e6));
        }
        return s.toString();
    }

    /** B's revocations, one at a time, each on the next (active, delivered) user of {@code users}. */
    private Measurement measure(List<String> users) throws InterruptedException {
        List<Long> answers = new ArrayList<>();
        List<Long> doors = new ArrayList<>();
        Map<String, Integer> refused = new TreeMap<>();
        int lost = 0;
        long cap = System.nanoTime() + MEASURE_CAP_NANOS;
        for (String id : users) {
            if (System.nanoTime() > cap) {
                break;
            }
            long t0 = System.nanoTime();
            String status = send(b.scim(), "/Users/" + id, ScimClient.DEACTIVATE);
            long answered = System.nanoTime();
            if (status.startsWith("2")) {
                answers.add(answered - t0);
            } else {
                refused.merge(status, 1, Integer::sum);
            }
            // Watched even after a refusal: a 503 may still be applied, and whether it reaches the door matters.
            long reached = door.await(b.id(), id, t0 + DOOR_GIVE_UP_NANOS, p -> !p.path("active").asBoolean(true));
            if (reached < 0) {
                lost++;
            } else {
                doors.add(reached - t0);
            }
            Thread.sleep(PAUSE_MILLIS);
        }
        return new Measurement(answers.size() + refused.values().stream().mapToInt(Integer::intValue).sum(),
                answers.stream().mapToLong(Long::longValue).toArray(), doors.stream().mapToLong(Long::longValue).toArray(),
                refused, lost);
    }

    /** What one measurement saw; {@code lost}: revocations the door had not shown within the give-up time. */
    private record Measurement(int count, long[] answers, long[] doors, Map<String, Integer> refused, int lost) {
        String failed() {
            StringBuilder s = new StringBuilder();
            refused.forEach((status, n) -> s.append(s.length() == 0 ? "answer " : " ").append(status).append(':').append(n));
            if (lost > 0) {
                s.append(s.length() == 0 ? "" : "; ").append("door ").append(lost);
            }
            return s.length() == 0 ? "0" : s.toString();
        }
    }

    /**
     * Waits until the stack is quiet: no backlog of commands or access changes (as the processor's and
     * access-sync's gauges last saw it) and a change to B's sentinel user reaches the door within
     * {@link #QUIET_NANOS} of its send. The gauges alone could miss a command being applied; the
     * sentinel alone could slip in between the backlog's records. Returns the nanoseconds waited, or -1
     * after the give-up time.
     */
    private long settle() throws InterruptedException {
        long start = System.nanoTime();
        while (System.nanoTime() - start < SETTLE_GIVE_UP_NANOS) {
            if (backlog() > 0) {
                Thread.sleep(200);
                continue;
            }
            String nonce = UUID.randomUUID().toString();
            long t0 = System.nanoTime();
            String status = send(b.scim(), "/Users/" + sentinel,
                    ScimClient.patch("[{\"op\":\"Replace\",\"path\":\"metadata.settle\",\"value\":\"" + nonce + "\"}]"));
            if (status.startsWith("2")) {
                long reached = door.await(b.id(), sentinel, t0 + DOOR_GIVE_UP_NANOS,
                        p -> nonce.equals(p.path("metadata").path("settle").asText()));
                if (reached >= 0 && reached - t0 < QUIET_NANOS) {
                    return System.nanoTime() - start;
                }
            }
            Thread.sleep(100);
        }
        return -1;
    }

    /** The sum of the backlog gauges over the metrics URLs; an unreadable page counts as no backlog. */
    private double backlog() throws InterruptedException {
        double sum = 0;
        for (String url : metrics) {
            for (String line : door.page(url).split("\n")) {
                if (BACKLOG_GAUGES.stream().anyMatch(g -> line.startsWith(g + "{") || line.startsWith(g + " "))) {
                    try {
                        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    } catch (NumberFormatException e) {
                        // not a gauge line after all; the sentinel still has to get through
                    }
                }
            }
        }
        return sum;
    }

    private static String quiet(long nanos) {
        return nanos < 0 ? "not quiet after " + SETTLE_GIVE_UP_NANOS / 1_000_000_000 + " s"
                : String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    private static String stats(long[] nanos) {
        if (nanos.length == 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.1f / %.1f / %.1f", LoadDriver.percentile(nanos, 50) / 1e6,
                LoadDriver.percentile(nanos, 99) / 1e6, LoadDriver.percentile(nanos, 100) / 1e6);
    }

    /** The answer's status, or {@code timeout} / {@code io} when none came. */
    private static String send(ScimClient scim, String path, String body) throws InterruptedException {
        try {
            return Integer.toString(scim.send("PATCH", path, body).status());
        } catch (HttpTimeoutException e) {
            return "timeout";
        } catch (IOException e) {
            return "io";
        }
    }

    private List<String> createUsers(Organization org, String kind, int count) throws Exception {
        AtomicReferenceArray<String> ids = new AtomicReferenceArray<>(count);
        LoadDriver.Result created = LoadDriver.run("noisy " + kind, Math.min(clients, 8), count, i -> {
            ScimClient.Answer answer = org.scim().send("POST", "/Users",
                    ScimClient.user("noisy-" + run + "-" + kind + "-" + i + "@noisy.test"));
            ids.set(i, answer.status() == 201 ? answer.json().path("id").asText() : null);
            return answer.status() == 201;
        });
        if (created.errors() > 0) {
            throw new IllegalStateException(created.errors() + " of " + count + " " + kind + " users not created");
        }
        List<String> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(ids.get(i));
        }
        return list;
    }

    private List<String> createGroups(Organization org) throws Exception {
        List<String> ids = new ArrayList<>(clients);
        for (int c = 0; c < clients; c++) {
            ScimClient.Answer answer = org.scim().send("POST", "/Groups", "{\"schemas\":[\"" + ScimClient.GROUP_SCHEMA
                    + "\"],\"displayName\":\"noisy-" + run + "-group-" + c + "\"}");
            if (answer.status() != 201) {
                throw new IllegalStateException("group not created: " + answer.status() + " " + answer.body());
            }
            ids.add(answer.json().path("id").asText());
        }
        return ids;
    }
}
