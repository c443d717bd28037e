package dev.gatehouse.launcher;

import dev.gatehouse.api.IngestApiService;
import dev.gatehouse.api.tenant.Actor;
import dev.gatehouse.api.tenant.SsoSettings;
import dev.gatehouse.contract.Command;
import dev.gatehouse.contract.Operation;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.contract.SsoConfig;
import dev.gatehouse.contract.TenantRecord;
import dev.gatehouse.kafka.EmbeddedKafka;
import dev.gatehouse.launcher.bench.DeprovisionProbe;
import dev.gatehouse.launcher.bench.EntraCycle;
import dev.gatehouse.launcher.bench.KafkaRoundTrip;
import dev.gatehouse.launcher.bench.LoadDriver;
import dev.gatehouse.launcher.bench.NoisyNeighbour;
import dev.gatehouse.launcher.bench.Organization;
import dev.gatehouse.launcher.bench.ScimClient;
import dev.gatehouse.pipeline.JsonSerde;
import dev.gatehouse.pipeline.KafkaProps;
import dev.gatehouse.pipeline.Topics;
import dev.gatehouse.pipeline.config.ConfigKeys;
import dev.gatehouse.pipeline.config.ConfigSource;
import dev.gatehouse.pipeline.config.KafkaConfig;
import dev.gatehouse.processor.Rebuild;
import dev.gatehouse.scim.ScimJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code gatehouse bench}: starts a whole stack on the embedded broker in a scratch directory and
 * prints one table — SCIM writes and reads at several concurrencies beside the raw Kafka round trip
 * on the same broker (the baseline), an Entra initial cycle, deprovision latency to the door system
 * during that cycle, the processor's backlog rate, the process's memory after the cycle and the rate
 * of a rebuild from the commands topic; then the noisy-neighbour phase ({@link NoisyNeighbour}), last so
 * that it changes none of the figures before it. Figures, not assertions.
 */
@CommandLine.Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark a fresh stack on the embedded broker; print figures beside a raw Kafka baseline.")
final class BenchCommand implements Callable<Integer> {
    /** Lifts the per-organization SCIM rate limit, which would cap what is measured, for the whole stack. */
    private static final String RATE_LIMIT = "1000000";

    @Option(names = "--clients", split = ",", defaultValue = "16,64", description = "Concurrencies to measure (default: 16,64).")
    List<Integer> clients;

    @Option(names = "--requests", defaultValue = "5000", description = "Requests per phase and concurrency (default: 5000).")
    int requests;

    @Option(names = "--population", defaultValue = "100000", description = "Users in the tenant before GET/PATCH (default: 100000).")
    int population;

    @Option(names = "--cycle-users", defaultValue = "10000", description = "Users of the Entra cycle (default: 10000).")
    int cycleUsers;

    @Option(names = "--cycle-groups", defaultValue = "100", description = "Groups of the Entra cycle (default: 100).")
    int cycleGroups;

    @Option(names = "--cycle-memberships", defaultValue = "50000", description = "Memberships of the Entra cycle (default: 50000).")
    int cycleMemberships;

    @Option(names = "--probes", defaultValue = "200", description = "Deprovisions timed during the cycle (default: 200).")
    int probes;

    @Option(names = "--phases", split = ",", defaultValue = "http,noisy,cycle,rebuild", converter = PhaseName.class,
            description = "Phases to run, among http,noisy,cycle,rebuild (default: all; noisy alone for a quick run).")
    List<Phase> phases;

    @Option(names = "--noisy-clients", defaultValue = "8", description = "Noisy neighbour: concurrent clients of A's flood (default: 8).")
    int noisyClients;

    @Option(names = "--noisy-probes", defaultValue = "100", description = "Noisy neighbour: B's revocations per measurement (default: 100).")
    int noisyProbes;

    @Option(names = "--noisy-flood", split = ",", defaultValue = "members,values,values-max", converter = ShapeName.class,
            description = "Noisy neighbour: A's floods, one after the other: members, values (10,000), values-max (the budget's most) (default: all three).")
    List<NoisyNeighbour.Shape> noisyFlood;

    enum Phase { HTTP, NOISY, CYCLE, REBUILD }

    /** Phase and flood names are typed in lower case. */
    static final class PhaseName implements CommandLine.ITypeConverter<Phase> {
        @Override
        public Phase convert(String value) {
            return Phase.valueOf(value.trim().toUpperCase(Locale.ROOT));
        }
    }

    static final class ShapeName implements CommandLine.ITypeConverter<NoisyNeighbour.Shape> {
        @Override
        public NoisyNeighbour.Shape convert(String value) {
            return NoisyNeighbour.Shape.valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final List<String> rows = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (noisyClients < 1 || noisyProbes < 1) { // checked now rather than after an hour of other phases
            throw new CommandLine.ParameterException(spec.commandLine(), "--noisy-clients and --noisy-probes must be at least 1");
        }
        Path dir = Files.createTempDirectory("gatehouse-bench");
        int simulatorPort = freePort();
        try (Running running = new Running()) {
            EmbeddedKafka kafka = running.add(EmbeddedKafka.start(dir.resolve("kafka"), 0, 0));
            int processorPort = freePort();
            int syncPort = freePort();
            StackConfig config = StackConfig.from(ConfigSource.environment().with(Map.ofEntries(
                    Map.entry(ConfigKeys.SCIM_RATE_LIMIT, RATE_LIMIT),
                    Map.entry(ConfigKeys.BOOTSTRAP_SERVERS, kafka.bootstrapServers()),
                    Map.entry(ConfigKeys.DATA_DIR, dir.toString()),
                    Map.entry(ConfigKeys.TOPIC_PREFIX, "gatehouse."),
                    Map.entry(ConfigKeys.HTTP_PORT, Integer.toString(freePort())),
                    Map.entry(ConfigKeys.PROCESSOR_PORT, Integer.toString(processorPort)),
                    Map.entry(ConfigKeys.PROCESSOR_URL, "http://127.0.0.1:" + processorPort),
                    Map.entry(ConfigKeys.SIMULATOR_PORT, Integer.toString(simulatorPort)),
                    Map.entry(ConfigKeys.SYNC_HTTP_PORT, Integer.toString(syncPort)),
                    Map.entry(ConfigKeys.WEBHOOK_URL, "http://127.0.0.1:" + simulatorPort + "/webhook"),
                    Map.entry(ConfigKeys.WEBHOOK_SECRET, UUID.randomUUID().toString()),
                    Map.entry(ConfigKeys.ADMIN_KEY, UUID.randomUUID().toString()))));
            IngestApiService api = Stack.start(config, running);
            Organization tenant = organization(api, "Bench");
            ScimClient scim = tenant.scim();
            String doorPersons = "http://127.0.0.1:" + simulatorPort + "/v1/tenants/" + tenant.id() + "/persons";
            String machine = String.format(Locale.ROOT, "Gatehouse bench: %d cores, Java %s, embedded single-node KRaft broker",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
            System.out.println(machine + ", " + dir);
            rows.add(machine); // the figures mean little without the machine they came from

            if (phases.contains(Phase.HTTP)) {
                List<String> populationIds = seed(config.api().kafka(), tenant.id(), scim, doorPersons);
                KafkaRoundTrip baseline = new KafkaRoundTrip(config.api().kafka(), Topics.from(config.api().kafka()).partitions());
                try {
                    measure(scim, baseline, populationIds);
                } finally {
                    baseline.close();
                }
            }
            if (phases.contains(Phase.CYCLE)) {
                cycle(scim, doorPersons);
            }
            memory();
            if (phases.contains(Phase.REBUILD)) {
                rebuild(config);
            }
            if (phases.contains(Phase.NOISY)) {
                rows.add("");
                NoisyNeighbour.Endpoints endpoints = new NoisyNeighbour.Endpoints("http://127.0.0.1:" + simulatorPort,
                        List.of("http://127.0.0.1:" + processorPort + "/metrics", "http://127.0.0.1:" + syncPort + "/metrics"));
                rows.addAll(new NoisyNeighbour(tenant, organization(api, "Neighbour"), endpoints, noisyClients, noisyProbes,
                        noisyFlood).run());
                rows.add("(A is organization Bench, B is Neighbour; the per-organization SCIM rate limit is lifted for "
                        + "the bench: " + ConfigKeys.SCIM_RATE_LIMIT + "=" + RATE_LIMIT + ")");
            }
            System.out.println();
            rows.forEach(System.out::println);
        } finally {
            deleteTree(dir);
        }
        return 0;
    }

    /**
     * Fills the tenant by producing create commands straight to the commands topic (no HTTP, no
     * replies), as a replay or a rebuild feeds the processor, and times how fast the processor applies
     * the backlog and access-sync delivers it to the door system.
     */
    private List<String> seed(KafkaConfig config, String tenantId, ScimClient scim, String doorPersons)
            throws Exception {
        List<String> ids = new ArrayList<>(population);
        Map<String, Object> props = new HashMap<>(KafkaProps.producer(config, "bench-seed"));
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        JsonSerde<Command> serde = JsonSerde.of(Command.class);
        String topic = Topics.from(config).commands();
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < population; i++) {
                String id = UUID.randomUUID().toString();
                ids.add(id);
                Command command = new Command(UUID.randomUUID().toString(), tenantId, Operation.CREATE, ResourceType.USER,
                        id, ScimJson.mapper().readTree("{\"schemas\":[\"" + ScimClient.USER_SCHEMA + "\"],\"userName\":\""
                                + populationName(i) + "\",\"active\":true,\"metadata\":{\"site\":\"HQ\"}}"),
                        Instant.now().truncatedTo(ChronoUnit.MILLIS), null, null, "bench-seed-" + i);
                producer.send(new ProducerRecord<>(topic, tenantId, serde.toBytes(command)));
            }
        }
        double produced = (System.nanoTime() - start) / 1e9;
        String last = populationName(population - 1);
        while (scim.send("GET", "/Users?" + ScimClient.filter("userName eq \"" + last + "\""), null).json()
                .path("totalResults").asInt() != 1) {
            Thread.sleep(20);
        }
        double applied = (System.nanoTime() - start) / 1e9;
        awaitDoor(doorPersons + "/" + ids.get(population - 1), true);
        double delivered = (System.nanoTime() - start) / 1e9;
        rows.add(String.format(Locale.ROOT, "Population: %,d users as commands (produced in %.1f s); processor applied the "
                + "backlog in %.1f s: %,.0f commands/s; door system had them all after %.1f s: %,.0f changes/s",
                population, produced, applied, population / applied, delivered, population / delivered));
        return ids;
    }

    private void measure(ScimClient scim, KafkaRoundTrip baseline, List<String> populationIds) throws Exception {
        rows.add("");
        rows.add(String.format(Locale.ROOT, "%-30s %7s %9s %9s %9s %7s %11s", "phase", "clients", "req/s", "p50 ms",
                "p99 ms", "errors", "of Kafka RT"));
        byte[] payload = ("{\"commandId\":\"" + UUID.randomUUID() + "\",\"operation\":\"CREATE\",\"body\":{\"userName\":"
                + "\"someone@example.com\",\"active\":true}}").getBytes(StandardCharsets.UTF_8);
        int patched = 0;
        for (int c : clients) {
            LoadDriver.run("warm-up", c, Math.min(requests, 500), i -> baseline.roundTrip(payload));
            LoadDriver.Result kafka = LoadDriver.run("Kafka round trip (baseline)", c, requests, i -> baseline.roundTrip(payload));
            row(kafka, kafka);
            String run = c + "-" + UUID.randomUUID().toString().substring(0, 6);
            row(LoadDriver.run("POST /Users", c, requests, i -> scim.send("POST", "/Users",
                    "{\"schemas\":[\"" + ScimClient.USER_SCHEMA + "\"],\"userName\":\"post-" + run + "-" + i
                            + "@bench.test\",\"active\":true}").status() == 201), kafka);
            row(LoadDriver.run("GET filter userName eq", c, requests, i -> {
                ScimClient.Answer answer = scim.send("GET", "/Users?" + ScimClient.filter("userName eq \""
                        + populationName((int) ((i * 7919L) % population)) + "\""), null);
                return answer.status() == 200 && answer.json().path("totalResults").asInt() == 1;
            }), kafka);
            int offset = patched;
            row(LoadDriver.run("PATCH active=false", c, requests, i -> scim.send("PATCH",
                    "/Users/" + populationIds.get((offset + i) % populationIds.size()),
                    ScimClient.patch("[{\"op\":\"Replace\",\"path\":\"active\",\"value\":false}]")).status() == 204), kafka);
            patched += requests;
        }
    }

    private void row(LoadDriver.Result result, LoadDriver.Result baseline) {
        rows.add(String.format(Locale.ROOT, "%-30s %7d %9.0f %9.1f %9.1f %7d %10.0f%%", result.name(), result.clients(),
                result.perSecond(), result.p50Ms(), result.p99Ms(), result.errors(),
                100 * result.perSecond() / baseline.perSecond()));
    }

    /** The Entra cycle, with deprovisions of separate, already delivered users timed during it. */
    private void cycle(ScimClient scim, String doorPersons) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<String> probeIds = new ArrayList<>();
        for (int i = 0; i < probes; i++) {
            ScimClient.Answer answer = scim.send("POST", "/Users", "{\"schemas\":[\"" + ScimClient.USER_SCHEMA
                    + "\"],\"userName\":\"probe-" + run + "-" + i + "@bench.test\",\"active\":true}");
            probeIds.add(answer.json().path("id").asText());
        }
        awaitDoor(doorPersons + "/" + probeIds.get(probeIds.size() - 1), true);
        EntraCycle.Outcome outcome;
        String deprovision;
        try (DeprovisionProbe probe = new DeprovisionProbe(scim, doorPersons, probeIds, 50).start()) {
            outcome = EntraCycle.run(scim, run, cycleUsers, cycleGroups, cycleMemberships, clients.get(0));
            deprovision = probe.summary();
        }
        rows.add("");
        rows.add("Entra initial cycle (" + clients.get(0) + " clients): " + outcome);
        rows.add("Deprovision, PATCH active=false answered -> door system suspended, during the cycle: " + deprovision);
    }

    /** Replays the whole commands topic into a fresh application id, as {@code gatehouse rebuild} does. */
    private void rebuild(StackConfig config) throws Exception {
        Rebuild.Report report = Rebuild.run(config.processor(), config.api().processorUrls().get(0),
                config.processor().applicationId() + "-bench-rebuild", Duration.ofMinutes(30));
        rows.add(String.format(Locale.ROOT, "Rebuild from the commands topic: %,d commands in %.1f s: %,.0f commands/s; "
                        + "%d tenant(s), %s", report.commands(), report.took().toNanos() / 1e9, report.commandsPerSecond(),
                report.tenants().size(), report.equal() && report.liveInStep() ? "equal to live" : "NOT equal to live"));
    }

    private void memory() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        long heapMb = (rt.totalMemory() - rt.freeMemory()) >> 20;
        rows.add(String.format(Locale.ROOT, "Memory of the whole stack (one JVM, broker included): resident %s, heap used after GC %,d MB (max %,d MB)",
                residentMemory(), heapMb, rt.maxMemory() >> 20));
        rows.add("Uptime " + ManagementFactory.getRuntimeMXBean().getUptime() / 1000 + " s");
    }

    private static String residentMemory() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
            return lines.filter(l -> l.startsWith("VmRSS:")).findFirst()
                    .map(l -> String.format(Locale.ROOT, "%,d MB", Long.parseLong(l.replaceAll("\\D", "")) >> 10))
                    .orElse("n/a");
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    /** An organization with SSO set, SCIM on and a token, as an administrator would set it up. */
    private static Organization organization(IngestApiService api, String name) throws Exception {
        Actor actor = Actor.system("bench");
        TenantRecord tenant = api.tenantAdmin().create(actor, name);
        api.tenantAdmin().setSso(actor, tenant.id(), SsoSettings.validate(SsoConfig.ENTRA_ID,
                UUID.randomUUID().toString(), List.of(name.toLowerCase(Locale.ROOT) + ".test"), Instant.now()));
        api.tenantAdmin().setScimEnabled(actor, tenant.id(), true);
        ScimClient scim = new ScimClient("http://127.0.0.1:" + api.port() + "/scim/v2",
                api.tenantAdmin().generateToken(tenant.id()).orElseThrow());
        awaitAuthenticated(scim);
        return new Organization(tenant.id(), scim);
    }

    private static void awaitAuthenticated(ScimClient scim) throws Exception {
        // The API learns of the new token from the tenants topic.
        for (int i = 0; i < 500 && scim.send("GET", "/Users?count=0", null).status() != 200; i++) {
            Thread.sleep(20);
        }
    }

    private static void awaitDoor(String personUrl, boolean present) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(personUrl)).build();
        long deadline = System.nanoTime() + 600_000_000_000L;
        while ((http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) != present) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the door system did not receive " + personUrl);
            }
            Thread.sleep(20);
        }
    }

    private static String populationName(int i) {
        return "pop-" + i + "@bench.test";
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
