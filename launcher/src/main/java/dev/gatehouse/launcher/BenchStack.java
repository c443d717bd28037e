package dev.gatehouse.launcher;

import dev.gatehouse.api.IngestApiService;
import dev.gatehouse.api.tenant.Actor;
import dev.gatehouse.api.tenant.SsoSettings;
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
import dev.gatehouse.pipeline.config.ConfigKeys;
import dev.gatehouse.pipeline.config.ConfigSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The bench's stack: broker, processor, API, access-sync and door simulator in this JVM, on free ports
 * and a scratch directory that {@link #close()} deletes, with the per-organization SCIM rate limit lifted.
 */
final class BenchStack implements AutoCloseable {
    /** Lifts the per-organization SCIM rate limit, which would cap what is measured, for the whole stack. */
    static final String RATE_LIMIT = "1000000";
    /** Polls the door simulator for {@link #awaitDoor}; its threads are load threads. */
    private static final HttpClient DOOR = LoadThreads.BENCH.httpClient(HttpClient.newBuilder(), "bench-door");

    private final Path dir;
    private final Running running = new Running();
    private final int simulatorPort = FreePorts.next();
    private final int processorPort = FreePorts.next();
    private final int syncPort = FreePorts.next();
    private StackConfig config;
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
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startServices(StackThreads threads) {
        EmbeddedKafka kafka = running.add(threads.during(Component.BROKER, () -> EmbeddedKafka.start(dir.resolve("kafka"), 0, 0)));
        config = StackConfig.from(ConfigSource.environment().with(Map.ofEntries(
                Map.entry(ConfigKeys.SCIM_RATE_LIMIT, RATE_LIMIT),
                Map.entry(ConfigKeys.BOOTSTRAP_SERVERS, kafka.bootstrapServers()),
                Map.entry(ConfigKeys.DATA_DIR, dir.toString()),
                Map.entry(ConfigKeys.TOPIC_PREFIX, "gatehouse."),
                Map.entry(ConfigKeys.HTTP_PORT, Integer.toString(FreePorts.next())),
                Map.entry(ConfigKeys.PROCESSOR_PORT, Integer.toString(processorPort)),
                Map.entry(ConfigKeys.PROCESSOR_URL, "http://127.0.0.1:" + processorPort),
                Map.entry(ConfigKeys.SIMULATOR_PORT, Integer.toString(simulatorPort)),
                Map.entry(ConfigKeys.SYNC_HTTP_PORT, Integer.toString(syncPort)),
                Map.entry(ConfigKeys.WEBHOOK_URL, "http://127.0.0.1:" + simulatorPort + "/webhook"),
                Map.entry(ConfigKeys.WEBHOOK_SECRET, UUID.randomUUID().toString()),
                Map.entry(ConfigKeys.ADMIN_KEY, UUID.randomUUID().toString()))));
        // Stream threads and the processor's Kafka clients are named after the application id, the API's
        // producers after its instance id.
        threads.names().prefix(config.processor().applicationId(), Component.PROCESSOR);
        threads.names().prefix(config.api().instanceId() + "-", Component.API);
        api = Stack.startWatched(config, running, new Stack.Watch() {
            @Override
            public <T> T start(Stack.Service service, Supplier<T> start) {
                return threads.during(component(service), start);
            }
        }).api();
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
        running.close();
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
