package dev.gatehouse.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.contract.Command;
import dev.gatehouse.contract.Operation;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.launcher.BenchOptions.Phase;
import dev.gatehouse.launcher.bench.Cpu;
import dev.gatehouse.launcher.bench.DeprovisionProbe;
import dev.gatehouse.launcher.bench.EntraCycle;
import dev.gatehouse.launcher.bench.KafkaRoundTrip;
import dev.gatehouse.launcher.bench.LoadDriver;
import dev.gatehouse.launcher.bench.LoadThreads;
import dev.gatehouse.launcher.bench.ManyOrganizations;
import dev.gatehouse.launcher.bench.NoisyNeighbour;
import dev.gatehouse.launcher.bench.Organization;
import dev.gatehouse.launcher.bench.ScimClient;
import dev.gatehouse.launcher.bench.StackThreads;
import dev.gatehouse.launcher.bench.WarmUpRule;
import dev.gatehouse.launcher.bench.WriteTimes;
import dev.gatehouse.pipeline.JsonSerde;
import dev.gatehouse.pipeline.KafkaProps;
import dev.gatehouse.pipeline.Topics;
import dev.gatehouse.pipeline.config.ConfigKeys;
import dev.gatehouse.pipeline.config.KafkaConfig;
import dev.gatehouse.processor.Rebuild;
import dev.gatehouse.scim.ScimJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine;

/**
 * {@code gatehouse bench}: starts a whole stack on the embedded broker in a scratch directory
 * ({@link BenchStack}) and prints one table ({@link BenchReport}) — SCIM writes and reads at several
 * concurrencies beside two round trips on the same broker, the raw one and an exactly-once one
 * ({@link KafkaRoundTrip}, the baselines), an Entra initial
 * cycle, deprovision latency to the door system during that cycle, the processor's backlog rate, the
 * process's memory after the cycle and the rate of a rebuild from the commands topic; then many
 * organizations provisioning at once ({@link ManyOrganizations}) with one processor and with two; then
 * the noisy-neighbour phase ({@link NoisyNeighbour}), last so that it changes none of the figures before
 * it. Every phase's CPU per operation is measured ({@link Cpu}), printed beside the Kafka round trip's
 * and split by component ({@link StackThreads}).
 * Figures, not assertions. Which phases run, and how large each is: {@link BenchOptions}; the figures
 * go to a JSON file and beside an earlier run's on request.
 */
@CommandLine.Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark a fresh stack on the embedded broker; print figures beside a raw Kafka baseline.")
final class BenchCommand implements Callable<Integer> {
    @CommandLine.Mixin
    BenchOptions options;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The most requests a warm-up round sends. */
    private static final int WARM_UP_REQUESTS = 1_000;
    /** The prefix of the population's userNames. */
    private static final String POPULATION = "pop-";
    /** The most users of each unmeasured backlog before the measured one ({@link #warmBacklogs}). */
    private static final int WARM_BACKLOG = 5_000;

    private final BenchReport report = new BenchReport();
    private final StackThreads threads = new StackThreads(LoadThreads.BENCH);
    private final Cpu cpu = new Cpu(LoadThreads.BENCH, threads);

    @Override
    public Integer call() throws Exception {
        options.validate(spec.commandLine());
        if (!cpu.supported()) {
            System.err.println("This JVM reads no process or thread CPU time: the CPU figures are left out.");
        }
        try (BenchStack stack = BenchStack.start(threads)) {
            StackConfig config = stack.config();
            Organization tenant = stack.organization("Bench");
            ScimClient scim = tenant.scim();
            String doorPersons = stack.doorPersons(tenant.id());
            String machine = String.format(Locale.ROOT, "Gatehouse bench: %d cores, Java %s, embedded single-node KRaft broker",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
            System.out.println(machine + ", " + stack.dir());
            report.machine(machine, options.sizes()); // the figures mean little without the machine they came from
            // This thread drives load and waits for it (and for quiet), except in the rebuild, which is the stack's.
            Thread bench = Thread.currentThread();
            LoadThreads.BENCH.track(bench);
            report.idle(cpu.calibrate(3));

            // The population backlog: the request phases' users, and what a rebuild replays when it runs alone.
            List<String> populationIds = options.runs(Phase.HTTP) || options.runs(Phase.REBUILD)
                    ? seed(config.api().kafka(), tenant.id(), scim, doorPersons) : List.of();
            if (options.runs(Phase.HTTP)) {
                int partitions = Topics.from(config.api().kafka()).partitions();
                try (KafkaRoundTrip baseline = KafkaRoundTrip.plain(config.api().kafka(), partitions);
                     KafkaRoundTrip exactlyOnce = KafkaRoundTrip.exactlyOnce(config.api().kafka(), partitions)) {
                    measure(scim, baseline, exactlyOnce, populationIds, stack.writeTimes());
                }
            }
            if (options.runs(Phase.CYCLE)) {
                cycle(scim, doorPersons);
            }
            report.memory(options.runs(Phase.CYCLE) ? "the Entra cycle" : options.runs(Phase.HTTP) ? "the SCIM requests" : "start-up");
            if (options.runs(Phase.REBUILD)) {
                LoadThreads.BENCH.untrack(bench);
                rebuild(config);
                LoadThreads.BENCH.track(bench);
            }
            if (options.runs(Phase.ORGS)) {
                organizations(stack);
            }
            if (options.runs(Phase.NOISY)) {
                report.add("");
                NoisyNeighbour noisy = new NoisyNeighbour(tenant, stack.organization("Neighbour"), stack.endpoints(),
                        options.noisyClients, options.noisyProbes, options.noisyFlood, cpu);
                report.addAll(noisy.run());
                report.add("(A is organization Bench, B is Neighbour; the per-organization SCIM rate limit is lifted for "
                        + "the bench: " + ConfigKeys.SCIM_RATE_LIMIT + "=" + BenchStack.RATE_LIMIT + ")");
                noisy.cpu().forEach((flood, usage) -> report.cpu("Noisy: A's " + flood, options.noisyClients, "answer", usage));
            }
            List<String> lines = report.lines();
            BenchReport.Run run = report.run();
            if (options.earlier != null) {
                lines.addAll(BenchReport.compare(options.earlier, run, options.compare.toString()));
            }
            System.out.println();
            lines.forEach(System.out::println);
            if (options.json != null) {
                BenchReport.write(run, options.json);
                System.out.println("Figures written to " + options.json);
            }
        }
        return 0;
    }

    /** A closed-loop phase ({@link LoadDriver}) with its CPU per completed request. */
    private LoadDriver.Result timed(String name, int clients, int requests, LoadDriver.Call call) throws Exception {
        Cpu.Window window = cpu.start();
        LoadDriver.Result result = LoadDriver.run(name, clients, requests, call);
        report.cpu(name, clients, "request", window.end(result.requests() - result.errors()));
        return result;
    }

    /**
     * Fills the tenant by producing create commands straight to the commands topic (no HTTP, no
     * replies), as a replay or a rebuild feeds the processor, and times how fast the processor applies
     * the backlog and access-sync delivers it to the door system. Unmeasured backlogs go first
     * ({@link #warmBacklogs}), so that the measured one is applied by compiled code, not by the stack's
     * first minute.
     */
    private List<String> seed(KafkaConfig config, String tenantId, ScimClient scim, String doorPersons)
            throws Exception {
        int population = options.population;
        String warm = warmBacklogs(config, tenantId, scim, doorPersons);
        Cpu.Window window = cpu.start();
        Backlog measured = backlog(config, tenantId, scim, doorPersons, POPULATION, population);
        report.cpu("Population backlog", 0, "command", window.end(population));
        report.add(String.format(Locale.ROOT, "Population: %,d users as commands (produced in %.1f s), after %s; processor "
                + "applied the backlog in %.1f s: %,.0f commands/s; door system had them all after %.1f s: %,.0f changes/s",
                population, measured.produced(), warm, measured.applied(), population / measured.applied(),
                measured.delivered(), population / measured.delivered()));
        report.figure("Population backlog", 0, "applied", "commands/s", population / measured.applied());
        report.figure("Population backlog", 0, "delivered to the door system", "changes/s", population / measured.delivered());
        return measured.ids();
    }

    /**
     * Unmeasured backlogs before the measured one, by the rule of the request phases' warm-up
     * ({@link #warmUp}): rounds of as many users as the population, at most {@link #WARM_BACKLOG}, created
     * and then deleted again (so the population stays what was asked, and the delete path is compiled
     * too), each round delivered to the door system and followed by a wait for quiet, until the
     * {@link WarmUpRule} ends them. Returns what was run, for the report.
     */
    private String warmBacklogs(KafkaConfig config, String tenantId, ScimClient scim, String doorPersons)
            throws Exception {
        int count = Math.min(options.population, WARM_BACKLOG);
        List<String> shares = new ArrayList<>();
        WarmUpRule rule = new WarmUpRule(options.warmUpRounds);
        while (true) {
            Cpu.Window window = cpu.start();
            String prefix = "warm-pop-" + rule.rounds() + "-";
            List<String> ids = backlog(config, tenantId, scim, doorPersons, prefix, count).ids();
            unseed(config, tenantId, scim, doorPersons, prefix, ids);
            double jitShare = window.end(2L * count).jitShare();
            shares.add(String.format(Locale.ROOT, "%.0f%%", jitShare * 100));
            if (rule.done(jitShare)) {
                return String.format(Locale.ROOT, "%d unmeasured rounds of %,d other users created and deleted again, %s (the "
                        + "JIT's share by round: %s)", rule.rounds(), count, rule.describe(), String.join(", ", shares));
            }
        }
    }

    /** A backlog's users, and the seconds from its first command until it was produced, applied, delivered. */
    private record Backlog(List<String> ids, double produced, double applied, double delivered) {
    }

    /** {@code count} create commands for users named {@link #seededName}, produced at once; returns when all are at the door. */
    private Backlog backlog(KafkaConfig config, String tenantId, ScimClient scim, String doorPersons, String prefix,
            int count) throws Exception {
        List<String> ids = new ArrayList<>(count);
        long start = System.nanoTime();
        produce(config, tenantId, count, i -> {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            return command(tenantId, Operation.CREATE, id, ScimJson.mapper().readTree("{\"schemas\":[\""
                    + ScimClient.USER_SCHEMA + "\"],\"userName\":\"" + seededName(prefix, i)
                    + "\",\"active\":true,\"metadata\":{\"site\":\"HQ\"}}"), prefix + i);
        });
        double produced = (System.nanoTime() - start) / 1e9;
        awaitUsers(scim, seededName(prefix, count - 1), 1);
        double applied = (System.nanoTime() - start) / 1e9;
        BenchStack.awaitDoor(doorPersons + "/" + ids.get(count - 1), true);
        return new Backlog(ids, produced, applied, (System.nanoTime() - start) / 1e9);
    }

    /** Deletes the users of a backlog seeded with {@code prefix} the same way; returns when the door system lost them all. */
    private void unseed(KafkaConfig config, String tenantId, ScimClient scim, String doorPersons, String prefix,
            List<String> ids) throws Exception {
        produce(config, tenantId, ids.size(), i -> command(tenantId, Operation.DELETE, ids.get(i), null, prefix + "delete-" + i));
        awaitUsers(scim, seededName(prefix, ids.size() - 1), 0);
        BenchStack.awaitDoor(doorPersons + "/" + ids.get(ids.size() - 1), false);
    }

    /** A command as the API would produce it, without anyone to answer. */
    private static Command command(String tenantId, Operation operation, String userId, JsonNode body, String requestId) {
        return new Command(UUID.randomUUID().toString(), tenantId, operation, ResourceType.USER, userId, body,
                Instant.now().truncatedTo(ChronoUnit.MILLIS), null, null, "bench-seed-" + requestId);
    }

    /** The {@code i}th command of a backlog. */
    private interface Seeded {
        Command command(int i) throws Exception;
    }

    /** Produces {@code count} commands to the commands topic at once, keyed by organization as the API does. */
    private static void produce(KafkaConfig config, String tenantId, int count, Seeded commands) throws Exception {
        Map<String, Object> props = new HashMap<>(KafkaProps.producer(config, "bench-seed"));
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        JsonSerde<Command> serde = JsonSerde.of(Command.class);
        String topic = Topics.from(config).commands();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            // The seed producer is the load generator's: its network thread's CPU is not the stack's.
            Optional<Thread> network = LoadThreads.BENCH.trackNamed("kafka-producer-network-thread | bench-seed");
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, tenantId, serde.toBytes(commands.command(i))));
            }
            producer.flush();
            network.ifPresent(LoadThreads.BENCH::untrack); // before close() ends the thread
        }
    }

    /** Waits until a search for {@code userName} finds {@code count} users (1: applied, 0: deleted). */
    private static void awaitUsers(ScimClient scim, String userName, int count) throws Exception {
        while (found(scim, userName) != count) {
            Thread.sleep(20);
        }
    }

    /**
     * The round trip, then POST, GET filter and PATCH, at each concurrency, on a warm stack: first the
     * whole stack warms up on a mix of all four, then each measured phase on its own requests
     * ({@link #warmUp}), so that the figures are the stack's steady state rather than its compiling.
     */
    private void measure(ScimClient scim, KafkaRoundTrip baseline, KafkaRoundTrip exactlyOnce, List<String> populationIds,
            WriteTimes writes) throws Exception {
        int requests = options.requests;
        int population = options.population;
        report.requestHeading();
        byte[] payload = ("{\"commandId\":\"" + UUID.randomUUID() + "\",\"operation\":\"CREATE\",\"body\":{\"userName\":"
                + "\"someone@example.com\",\"active\":true}}").getBytes(StandardCharsets.UTF_8);
        // The whole stack's warm-up: the four shapes in turn, PATCH on the users POSTed two requests before.
        String mix = UUID.randomUUID().toString().substring(0, 6);
        Map<Integer, String> mixUsers = new ConcurrentHashMap<>();
        int stackRounds = warmUp(options.clients.get(0), i -> switch (i % 4) {
            case 0 -> baseline.roundTrip(payload);
            case 1 -> {
                ScimClient.Answer answer = scim.send("POST", "/Users", ScimClient.user("mix-" + mix + "-" + i + "@bench.test"));
                if (answer.status() == 201) {
                    mixUsers.put(i, answer.json().path("id").asText());
                }
                yield answer.status() == 201;
            }
            case 2 -> findsOne(scim, populationName((int) ((i * 7919L + population / 3) % population)));
            default -> {
                String user = mixUsers.remove(i - 2);
                yield user != null && scim.send("PATCH", "/Users/" + user, ScimClient.DEACTIVATE).status() == 204;
            }
        });
        int patched = 0;
        int patchWarmed = 0;
        List<String> rounds = new ArrayList<>();
        rounds.add("the whole stack " + stackRounds);
        for (int c : options.clients) {
            int roundTrip = warmUp(c, i -> baseline.roundTrip(payload));
            LoadDriver.Result kafka = timed(BenchReport.KAFKA_ROUND_TRIP, c, requests, i -> baseline.roundTrip(payload));
            int eosRoundTrip = warmUp(c, i -> exactlyOnce.roundTrip(payload));
            LoadDriver.Result eos = timed(BenchReport.EXACTLY_ONCE_ROUND_TRIP, c, requests, i -> exactlyOnce.roundTrip(payload));
            report.row(kafka, kafka, eos);
            report.row(eos, kafka, eos);
            String run = c + "-" + UUID.randomUUID().toString().substring(0, 6);
            // The POST warm-up's users (other names than the measured POST's) are what the PATCH warm-up deactivates
            // and, on its next pass over them, activates again: every warm-up PATCH changes its user.
            AtomicReferenceArray<String> warmUsers = new AtomicReferenceArray<>(warmUps() * options.warmUpRounds);
            int posted = warmUp(c, i -> {
                ScimClient.Answer answer = scim.send("POST", "/Users", ScimClient.user("warm-" + run + "-" + i + "@bench.test"));
                warmUsers.set(i, answer.status() == 201 ? answer.json().path("id").asText() : null);
                return answer.status() == 201;
            });
            WriteTimes.Reading beforePosts = writes.read("POST");
            report.row(timed("POST /Users", c, requests, i -> scim.send("POST", "/Users",
                    ScimClient.user("post-" + run + "-" + i + "@bench.test")).status() == 201), kafka, eos);
            report.writeTimes("POST /Users", c, WriteTimes.between(beforePosts, writes.read("POST")));
            // Reads change nothing: the warm-up asks for other population users than the measured run, in the same way.
            int read = warmUp(c, i -> findsOne(scim, populationName((int) ((i * 7919L + population / 2) % population))));
            report.row(timed("GET filter userName eq", c, requests,
                    i -> findsOne(scim, populationName((int) ((i * 7919L) % population)))), kafka, eos);
            // The PATCH warm-up deactivates users and activates them again, pass after pass: population users the
            // measured PATCHes never reach, of the same shape as theirs, with passes that go on across the
            // concurrencies (so none finds its users as it would leave them); or else, in too small a population,
            // the users this concurrency's POST warm-up created.
            boolean fromPopulation = populationIds.size() - requests * options.clients.size() >= warmUps();
            List<String> patchable = fromPopulation
                    ? populationIds.subList(populationIds.size() - warmUps(), populationIds.size())
                    : created(warmUsers, warmUps() * posted);
            int passed = fromPopulation ? patchWarmed : 0;
            int patches = warmUp(c, i -> {
                int n = passed + i;
                String user = patchable.get(n % patchable.size());
                String body = (n / patchable.size()) % 2 == 0 ? ScimClient.DEACTIVATE : ScimClient.ACTIVATE;
                return user != null && scim.send("PATCH", "/Users/" + user, body).status() == 204;
            });
            patchWarmed += patches * warmUps();
            rounds.add(String.format(Locale.ROOT, "%d clients: round trip %d, exactly-once round trip %d, POST %d, GET %d, "
                    + "PATCH %d", c, roundTrip, eosRoundTrip, posted, read, patches));
            int offset = patched;
            WriteTimes.Reading beforePatches = writes.read("PATCH");
            report.row(timed("PATCH active=false", c, requests, i -> scim.send("PATCH",
                    "/Users/" + populationIds.get((offset + i) % populationIds.size()),
                    ScimClient.DEACTIVATE).status() == 204), kafka, eos);
            report.writeTimes("PATCH active=false", c, WriteTimes.between(beforePatches, writes.read("PATCH")));
            patched += requests;
        }
        report.add(String.format(Locale.ROOT, "(Warm: first the whole stack, on a mix of the four shapes, then before each phase "
                + "above the phase's own shape on other users; each in unmeasured rounds of %,d requests, each round followed by "
                + "a wait for quiet, %s; of it JIT in the CPU table is the compiling still left. Rounds run: %s.)",
                warmUps(), new WarmUpRule(options.warmUpRounds).describe(), String.join("; ", rounds)));
    }

    /** The first {@code count} users a warm-up created (null where its request failed). */
    private static List<String> created(AtomicReferenceArray<String> users, int count) {
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(users.get(i));
        }
        return out;
    }

    /**
     * An unmeasured warm-up of a phase's requests at its concurrency, on other users than the phase's, in
     * rounds of {@link #warmUps()} requests, each followed by a wait until the stack is quiet (so that what
     * a round left queued is not charged to the phase measured next). Rounds go on until the
     * {@link WarmUpRule} ends them: the phase then measures the stack's steady state rather than its
     * compiling. {@code call} is given the request's index over all rounds. Returns the rounds run.
     */
    private int warmUp(int clients, LoadDriver.Call call) throws Exception {
        int n = warmUps();
        WarmUpRule rule = new WarmUpRule(options.warmUpRounds);
        while (true) {
            int base = rule.rounds() * n;
            Cpu.Window window = cpu.start();
            LoadDriver.run("warm-up", clients, n, i -> call.run(base + i));
            if (rule.done(window.end(n).jitShare())) {
                return rule.rounds();
            }
        }
    }

    /** Requests of each warm-up round: as many as the phase measures, at most {@link #WARM_UP_REQUESTS}. */
    private int warmUps() {
        return Math.min(options.requests, WARM_UP_REQUESTS);
    }

    private static boolean findsOne(ScimClient scim, String userName) throws Exception {
        return found(scim, userName) == 1;
    }

    /** How many users a search for {@code userName} finds; -1 when the search is not answered 200. */
    private static int found(ScimClient scim, String userName) throws Exception {
        ScimClient.Answer answer = scim.send("GET", "/Users?" + ScimClient.filter("userName eq \"" + userName + "\""), null);
        return answer.status() == 200 ? answer.json().path("totalResults").asInt() : -1;
    }

    /** The Entra cycle, with deprovisions of separate, already delivered users timed during it. */
    private void cycle(ScimClient scim, String doorPersons) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<String> probeIds = new ArrayList<>();
        for (int i = 0; i < options.probes; i++) {
            ScimClient.Answer answer = scim.send("POST", "/Users", ScimClient.user("probe-" + run + "-" + i + "@bench.test"));
            probeIds.add(answer.json().path("id").asText());
        }
        BenchStack.awaitDoor(doorPersons + "/" + probeIds.get(probeIds.size() - 1), true);
        int clients = options.clients.get(0);
        EntraCycle.Outcome outcome;
        String deprovision;
        String deprovisionFromRequest;
        long[] suspends;
        long[] suspendsFromRequest;
        int probed;
        Cpu.Window window = cpu.start();
        try (DeprovisionProbe probe = new DeprovisionProbe(scim, doorPersons, probeIds, 50).start()) {
            outcome = EntraCycle.run(scim, run, options.cycleUsers, options.cycleGroups, options.cycleMemberships, clients);
            deprovision = probe.summary();
            deprovisionFromRequest = probe.summaryFromRequest();
            suspends = probe.latencies();
            suspendsFromRequest = probe.fromRequest();
            probed = probe.sent();
        }
        report.cpu("Entra cycle", clients, "request", window.end(outcome.requests() + probed));
        report.add("");
        report.add("Entra initial cycle (" + clients + " clients): " + outcome);
        report.add("Deprovision, PATCH active=false answered -> door system suspended, during the cycle: " + deprovision);
        report.add("Deprovision, PATCH active=false sent -> door system suspended, during the cycle: " + deprovisionFromRequest);
        report.figure("Entra cycle", clients, "objects", "objects/s", outcome.objectsPerSecond());
        report.figure("Entra cycle", clients, "requests", "req/s", outcome.requests() / outcome.seconds());
        report.figure("Entra cycle", clients, "errors", "", outcome.errors());
        if (suspends.length > 0) {
            report.figure("Deprovision to the door", clients, "p50", "ms", LoadDriver.percentile(suspends, 50) / 1e6);
            report.figure("Deprovision to the door", clients, "p99", "ms", LoadDriver.percentile(suspends, 99) / 1e6);
            report.figure("Deprovision to the door from the request", clients, "p50", "ms",
                    LoadDriver.percentile(suspendsFromRequest, 50) / 1e6);
            report.figure("Deprovision to the door from the request", clients, "p99", "ms",
                    LoadDriver.percentile(suspendsFromRequest, 99) / 1e6);
        }
    }

    /**
     * Many organizations provisioning at once ({@link ManyOrganizations}), with one processor, then again
     * (other users and groups, the same organizations, so the same partitions) with a second processor
     * sharing the application id, started once the first run is done and measured once the group has
     * settled; the second is stopped afterwards, so the phases after this one run on one processor as before.
     * An unmeasured round of {@link #WARM_ORG_USERS} users per organization goes first.
     */
    /** Users per organization of the organizations phase's warm-up. */
    private static final int WARM_ORG_USERS = 20;

    private void organizations(BenchStack stack) throws Exception {
        List<Organization> organizations = new ArrayList<>();
        for (int o = 1; o <= options.orgs; o++) {
            organizations.add(stack.organization(String.format(Locale.ROOT, "Org%03d", o)));
        }
        ManyOrganizations.Plan plan = ManyOrganizations.Plan.of(options.orgUsers);
        report.organizationsHeading(options.orgs, options.orgClients, plan);
        // Unmeasured, as the other phases' warm-ups: else the one-processor run alone pays for compiling
        // Entra's request shapes, and the two runs would compare a cold stack with a warm one.
        ManyOrganizations.run(organizations, "warm", ManyOrganizations.Plan.of(Math.min(options.orgUsers, WARM_ORG_USERS)),
                options.orgClients);
        cpu.settle();
        organizationsRun(organizations, plan, 1);
        BenchStack.Assignment scaled = stack.addProcessor(organizations, threads);
        cpu.settle(); // what the second instance's start and restore cost is not the phase's
        organizationsRun(organizations, plan, 2);
        BenchStack.Assignment back = stack.removeProcessor(organizations);
        report.figure(organizationsPhase(2), options.orgClients, "organizations on the second processor", "", scaled.onSecond());
        report.add(String.format(Locale.ROOT, "(With 2 processors: the second owned %d of the %d organizations, the first %d "
                        + "(a read reaches the owner through whichever processor the API asks); the group settled %.1f s after the "
                        + "second started, and %.1f s after it stopped again.%s)", scaled.onSecond(), options.orgs,
                scaled.onFirst(), scaled.seconds(), back.seconds(), scaled.onSecond() > 0 ? ""
                        : " The second took over no partition, so that run measured one processor beside an idle second."));
        int mostPerOrganization = Arrays.stream(ManyOrganizations.clientsPerOrganization(options.orgs, options.orgClients))
                .max().orElse(0);
        report.add(ManyOrganizations.limits(mostPerOrganization, ConfigKeys.SCIM_RATE_LIMIT, BenchStack.RATE_LIMIT));
    }

    /** One run of the organizations phase with {@code processors}, its CPU per request measured. */
    private void organizationsRun(List<Organization> organizations, ManyOrganizations.Plan plan, int processors)
            throws Exception {
        Cpu.Window window = cpu.start();
        ManyOrganizations.Result result = ManyOrganizations.run(organizations, "p" + processors, plan, options.orgClients);
        String phase = organizationsPhase(processors);
        report.cpu(phase, options.orgClients, "request", window.end(result.requests() - result.errors()));
        report.organizations(phase, processors, result);
    }

    private static String organizationsPhase(int processors) {
        return "Organizations, " + processors + (processors == 1 ? " processor" : " processors");
    }

    /** Replays the whole commands topic into a fresh application id, as {@code gatehouse rebuild} does. */
    private void rebuild(StackConfig config) throws Exception {
        Cpu.Window window = cpu.start();
        Rebuild.Report rebuilt = Rebuild.run(config.processor(), config.api().processorUrls().get(0),
                config.processor().applicationId() + "-bench-rebuild", Duration.ofMinutes(30));
        report.cpu("Rebuild", 0, "command", window.end(rebuilt.commands()));
        report.figure("Rebuild", 0, "rate", "commands/s", rebuilt.commandsPerSecond());
        report.figure("Rebuild", 0, "start-up", "s", rebuilt.startUp().toNanos() / 1e9);
        report.add(String.format(Locale.ROOT, "Rebuild from the commands topic (every command the run wrote, the warm-up "
                        + "backlogs' creates and deletes included): %,d commands in %.1f s: %,.0f commands/s; "
                        + "%d tenant(s), %s", rebuilt.commands(), rebuilt.took().toNanos() / 1e9, rebuilt.commandsPerSecond(),
                rebuilt.tenants().size(), rebuilt.equal() && rebuilt.liveInStep() ? "equal to live" : "NOT equal to live"));
        report.add(String.format(Locale.ROOT, "Rebuild start-up (Kafka Streams started until every task ran): %.1f s of the %.1f s",
                rebuilt.startUp().toNanos() / 1e9, rebuilt.took().toNanos() / 1e9));
    }

    private static String populationName(int i) {
        return seededName(POPULATION, i);
    }

    /** The userName of the {@code i}th user of a backlog seeded with {@code prefix}. */
    private static String seededName(String prefix, int i) {
        return prefix + i + "@bench.test";
    }
}
