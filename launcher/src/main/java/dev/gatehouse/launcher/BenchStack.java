package dev.gatehouse.launcher;

import dev.gatehouse.api.IngestApiService;
import dev.gatehouse.api.tenant.Actor;
import dev.gatehouse.api.tenant.SsoSettings;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.contract.SsoConfig;
import dev.gatehouse.contract.TenantRecord;
import dev.gatehouse.kafka.EmbeddedKafka;
import dev.gatehouse.kafka.FreePorts;
import dev.gatehouse.launcher.bench.Component;
import dev.gatehouse.launcher.bench.LoadThreads;
import dev.gatehouse.launcher.bench.NoisyNeighbour;
import dev.gatehouse.launcher.bench.Organization;
import dev.gatehouse.launcher.bench.ScimClient;
import dev.gatehouse.launcher.bench.StackThreads;
import dev.gatehouse.launcher.bench.WriteTimes;
import dev.gatehouse.pipeline.config.ConfigKeys;
import dev.gatehouse.pipeline.config.ConfigSource;
import dev.gatehouse.pipeline.query.QueryApi;
import dev.gatehouse.processor.ProcessorConfig;
import dev.gatehouse.processor.StreamProcessorService;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The bench's stack: broker, processor, API, access-sync and door simulator in this JVM, on free ports
 * and a scratch directory that {@link #close()} deletes, with the per-organization SCIM rate limit lifted;
 * and for a while a second processor instance sharing the first's work ({@link #addProcessor}).
 */
final class BenchStack implements AutoCloseable {
    /** Lifts the per-organization SCIM rate limit, which would cap what is measured, for the whole stack. */
    static final String RATE_LIMIT = "1000000";
    /** Polls the door simulator for {@link #awaitDoor}; its threads are load threads. */
    private static final HttpClient DOOR = LoadThreads.BENCH.httpClient(HttpClient.newBuilder(), "bench-door");
    /** Asks the processors which organizations they own (HTTP/1.1, all they speak); its threads are load threads. */
    private static final HttpClient QUERIES = LoadThreads.BENCH.httpClient(HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1), "bench-query");
    /** How long the processors' group may take to settle after an instance joined or left. */
    private static final long SETTLE_TIMEOUT_NANOS = 180_000_000_000L;
    /** How long each organization's owner must stay the same for the group to count as settled. */
    private static final long STABLE_NANOS = 3_000_000_000L;

    /** How often the stack's threads are read while it runs, so that one ending within a phase counts for its part. */
    private static final Duration THREADS_READ_EVERY = Duration.ofMillis(200);

    private final Path dir;
    private final Running running = new Running();
    private Closeable reading = () -> { };
    private final int simulatorPort = FreePorts.next();
    private final int processorPort = FreePorts.next();
    private final int syncPort = FreePorts.next();
    /** Reserved from the start, so that the API lists both processors, as every API of a scaled-out stack does. */
    private final int secondProcessorPort = FreePorts.next();
    private ConfigSource settings;
    private StackConfig config;
    private Stack.InJvm inJvm;
    private StreamProcessorService secondProcessor;
    private IngestApiService api;

    private BenchStack(Path dir) {
        this.dir = dir;
    }

    /**
     * Starts a stack in a fresh scratch directory, telling {@code threads} which threads each part of it
     * starts and what its configuration names them, for the CPU by component.
     */
    static BenchStack start(StackThreads threads) throws IOException {
        BenchStack stack = new BenchStack(Files.createTempDirectory("gatehouse-bench"));
        try {
            stack.startServices(threads);
            stack.reading = threads.readEvery(THREADS_READ_EVERY);
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startServices(StackThreads threads) {
        EmbeddedKafka kafka = running.add(threads.during(Component.BROKER, () -> EmbeddedKafka.start(dir.resolve("kafka"), 0, 0)));
        settings = ConfigSource.environment().with(Map.ofEntries(
                Map.entry(ConfigKeys.SCIM_RATE_LIMIT, RATE_LIMIT),
                // The organizations phase's second processor takes its share of the partitions at once,
                // restoring them before it runs (addProcessor waits for that), as a group that has settled
                // after Kafka's probing rebalance would have them: by default it would warm copies up and
                // take over after up to 10 minutes, and the phase would measure one processor beside it.
                Map.entry(ConfigKeys.ACCEPTABLE_RECOVERY_LAG, Integer.toString(Integer.MAX_VALUE)),
                Map.entry(ConfigKeys.BOOTSTRAP_SERVERS, kafka.bootstrapServers()),
                Map.entry(ConfigKeys.DATA_DIR, dir.toString()),
                Map.entry(ConfigKeys.TOPIC_PREFIX, "gatehouse."),
                Map.entry(ConfigKeys.HTTP_PORT, Integer.toString(FreePorts.next())),
                Map.entry(ConfigKeys.PROCESSOR_PORT, Integer.toString(processorPort)),
                Map.entry(ConfigKeys.PROCESSOR_URL, "http://127.0.0.1:" + processorPort + ",http://127.0.0.1:" + secondProcessorPort),
                Map.entry(ConfigKeys.SIMULATOR_PORT, Integer.toString(simulatorPort)),
                Map.entry(ConfigKeys.SYNC_HTTP_PORT, Integer.toString(syncPort)),
                Map.entry(ConfigKeys.WEBHOOK_URL, "http://127.0.0.1:" + simulatorPort + "/webhook"),
                Map.entry(ConfigKeys.WEBHOOK_SECRET, UUID.randomUUID().toString()),
                Map.entry(ConfigKeys.ADMIN_KEY, UUID.randomUUID().toString())));
        config = StackConfig.from(settings);
        // Stream threads and the processor's Kafka clients are named after the application id, the API's
        // producers after its instance id.
        threads.names().prefix(config.processor().applicationId(), Component.PROCESSOR);
        threads.names().prefix(config.api().instanceId() + "-", Component.API);
        inJvm = Stack.startWatched(config, running, new Stack.Watch() {
            @Override
            public <T> T start(Stack.Service service, Supplier<T> start) {
                return threads.during(component(service), start);
            }
        });
        api = inJvm.api();
    }

    private static Component component(Stack.Service service) {
        return switch (service) {
            case SIMULATOR -> Component.DOOR_SIMULATOR;
            case PROCESSOR -> Component.PROCESSOR;
            case SYNC -> Component.SYNC;
            case API -> Component.API;
        };
    }

    Path dir() {
        return dir;
    }

    /** The API's and the first processor's timers of a write, to read around a phase. */
    WriteTimes writeTimes() {
        return new WriteTimes(api.meters(), inJvm.processor().meters());
    }

    StackConfig config() {
        return config;
    }

    /** The door simulator's persons URL of an organization. */
    String doorPersons(String tenantId) {
        return "http://127.0.0.1:" + simulatorPort + "/v1/tenants/" + tenantId + "/persons";
    }

    /** Where the noisy-neighbour phase watches the doors and the backlog. */
    NoisyNeighbour.Endpoints endpoints() {
        return new NoisyNeighbour.Endpoints("http://127.0.0.1:" + simulatorPort,
                List.of("http://127.0.0.1:" + processorPort + "/metrics", "http://127.0.0.1:" + syncPort + "/metrics"));
    }

    /** An organization with SSO set, SCIM on and a token, as an administrator would set it up. */
    Organization organization(String name) throws Exception {
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

    /**
     * How the organizations are spread over the processors once their group settled: how many each owns,
     * and how long after the change the group settled.
     */
    record Assignment(int onFirst, int onSecond, double seconds) {
    }

    /**
     * Starts a second processor sharing the application id, with its own state directory and query port,
     * as a scaled-out stack runs one; in this JVM it answers the API in memory as the first does
     * ({@link Stack.InJvm#addProcessor}). Then waits until the group has settled over
     * {@code organizations} ({@link #awaitSettled}).
     */
    Assignment addProcessor(List<Organization> organizations, StackThreads threads) throws InterruptedException {
        ProcessorConfig second = ProcessorConfig.from(settings.with(Map.of(
                ConfigKeys.PROCESSOR_PORT, Integer.toString(secondProcessorPort),
                ConfigKeys.DATA_DIR, dir.resolve("processor-2").toString())));
        long start = System.nanoTime();
        secondProcessor = threads.during(Component.PROCESSOR, () -> inJvm.addProcessor(second, running));
        return awaitSettled(organizations, start);
    }

    /**
     * Stops the second processor, which leaves the group so that its partitions go back to the first at
     * once, and waits until the first alone answers every organization.
     */
    Assignment removeProcessor(List<Organization> organizations) throws InterruptedException {
        long start = System.nanoTime();
        secondProcessor.close(); // Running closes it again at the end: a second close does nothing
        secondProcessor = null;
        return awaitSettled(organizations, start);
    }

    /**
     * Waits until the processors' group has settled: every instance RUNNING, each organization answered
     * by exactly one instance from its own stores (asked as a forwarded query, which no instance forwards
     * again) and through the API (which asks either, which forwards where need be), and the
     * owners unchanged for {@link #STABLE_NANOS}. Fails after {@link #SETTLE_TIMEOUT_NANOS}.
     */
    private Assignment awaitSettled(List<Organization> organizations, long since) throws InterruptedException {
        List<StreamProcessorService> processors = secondProcessor == null ? List.of(inJvm.processor())
                : List.of(inJvm.processor(), secondProcessor);
        List<Integer> last = null;
        long unchangedSince = System.nanoTime();
        while (true) {
            List<Integer> owners = owners(processors, organizations);
            long now = System.nanoTime();
            if (owners == null || !owners.equals(last)) {
                last = owners;
                unchangedSince = now;
            } else if (now - unchangedSince >= STABLE_NANOS && readable(organizations)) {
                int onSecond = (int) owners.stream().filter(owner -> owner == 1).count();
                return new Assignment(owners.size() - onSecond, onSecond, (now - since) / 1e9);
            }
            if (now - since > SETTLE_TIMEOUT_NANOS) {
                throw new IllegalStateException("the processors' group did not settle within "
                        + SETTLE_TIMEOUT_NANOS / 1_000_000_000 + " s");
            }
            Thread.sleep(500);
        }
    }

    /** Each organization's owner (an index into {@code processors}); null while one has none, or two. */
    private static List<Integer> owners(List<StreamProcessorService> processors, List<Organization> organizations)
            throws InterruptedException {
        if (processors.stream().anyMatch(p -> p.state() != KafkaStreams.State.RUNNING)) {
            return null;
        }
        List<Integer> owners = new ArrayList<>();
        for (Organization organization : organizations) {
            List<Integer> answering = new ArrayList<>();
            for (int p = 0; p < processors.size(); p++) {
                if (answersItself(processors.get(p).queryPort(), organization.id())) {
                    answering.add(p);
                }
            }
            if (answering.size() != 1) {
                return null;
            }
            owners.add(answering.get(0));
        }
        return owners;
    }

    private static boolean answersItself(int queryPort, String tenantId) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + queryPort
                        + QueryApi.listPath(tenantId, ResourceType.USER, new QueryApi.ListQuery(null, 1, 0, null, null))))
                .header(QueryApi.FORWARDED_HEADER, QueryApi.FORWARDED_VALUE).timeout(Duration.ofSeconds(10)).build();
        try {
            return QUERIES.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether the API answers a read of every organization. */
    private static boolean readable(List<Organization> organizations) throws InterruptedException {
        for (Organization organization : organizations) {
            try {
                if (organization.scim().send("GET", "/Users?count=0", null).status() != 200) {
                    return false;
                }
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    /** Waits until the door system holds the person ({@code present}) or does not; fails after 10 minutes. */
    static void awaitDoor(String personUrl, boolean present) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(personUrl)).build();
        long deadline = System.nanoTime() + 600_000_000_000L;
        while ((DOOR.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) != present) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the door system did not receive " + personUrl);
            }
            Thread.sleep(20);
        }
    }


    /** Stops the services, the broker last, and deletes the scratch directory. */
    @Override
    public void close() throws IOException {
        reading.close();
        running.close();
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
