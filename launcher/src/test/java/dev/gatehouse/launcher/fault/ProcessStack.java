package dev.gatehouse.launcher.fault;

import dev.gatehouse.kafka.FreePorts;
import dev.gatehouse.testkit.JavaProcesses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The Gatehouse services as separate JVMs from the packaged {@code launcher/target/gatehouse.jar}, one
 * per {@link Service}, so a test can {@code kill -9} one and start it again on the same ports and data
 * directory. Each process writes its output to {@code <root>/<service>.log} (appended across restarts,
 * so a CI failure can be read there). {@link #close()} kills every process, and a shutdown hook does
 * the same should the test JVM be stopped first: no JVM outlives the test.
 *
 * <p>By default the stack runs its own single-node {@code broker}; {@link #onCluster} runs the services
 * alone against a Kafka cluster the test runs itself.
 */
final class ProcessStack implements AutoCloseable {
    /** The services, in start order. */
    enum Service {
        BROKER("broker"), PROCESSOR("processor"), API_A("api"), API_B("api"), ACCESS_SYNC("access-sync"),
        SIMULATOR("simulator");

        final String command;

        Service(String command) {
            this.command = command;
        }

        String dirName() {
            return name().toLowerCase().replace('_', '-');
        }
    }

    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private final Path root;
    private final Path jar;
    /** The external cluster's bootstrap servers, or null when the stack runs its own broker. */
    private final String cluster;
    private final int replicationFactor;
    private final Map<Service, Integer> ports = new EnumMap<>(Service.class);
    private final int controllerPort = FreePorts.next();
    private final String adminKey = "gh_admin_" + random();
    private final String webhookSecret = random();
    private final JavaProcesses<Service> processes = new JavaProcesses<>("process-stack", Service::toString);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    ProcessStack(Path root) {
        this(root, null, 1);
    }

    /**
     * The services without a broker of their own, on the cluster at {@code bootstrapServers}; topics get
     * {@code replicationFactor} replicas (and {@code min.insync.replicas=2} from 3 on, see {@code Topics}).
     */
    static ProcessStack onCluster(Path root, String bootstrapServers, int replicationFactor) {
        return new ProcessStack(root, bootstrapServers, replicationFactor);
    }

    private ProcessStack(Path root, String cluster, int replicationFactor) {
        this.root = root.toAbsolutePath();
        this.jar = packagedJar();
        this.cluster = cluster;
        this.replicationFactor = replicationFactor;
        for (Service s : Service.values()) {
            ports.put(s, FreePorts.next());
        }
    }

    /** The packaged jar every process runs, {@code launcher/target/gatehouse.jar}. */
    static Path packagedJar() {
        Path jar = Path.of("target", "gatehouse.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: the fault tests run on the packaged jar (mvn verify)");
        }
        return jar;
    }

    /** The services this stack runs: all of them, or all but the broker on an external cluster. */
    List<Service> services() {
        return List.of(Service.values()).stream().filter(s -> cluster == null || s != Service.BROKER).toList();
    }

    /** Starts every service, the broker first, and waits until each is ready. */
    ProcessStack startAll() {
        for (Service s : services()) {
            start(s);
        }
        return this;
    }

    /** Starts any service that is not running (after a test that failed half-way). */
    void ensureAllRunning() {
        for (Service s : services()) {
            if (!isRunning(s)) {
                start(s);
            }
        }
    }

    boolean isRunning(Service service) {
        return processes.isRunning(service);
    }

    /** The process of a service, to show that a recovery needed no restart. */
    long pid(Service service) {
        return processes.pid(service);
    }

    /** Starts the service on its ports and data dir and waits until it is ready. */
    synchronized void start(Service service) {
        if (isRunning(service)) {
            throw new IllegalStateException(service + " is already running");
        }
        if (!services().contains(service)) {
            throw new IllegalStateException(service + " is not part of this stack: Kafka is external");
        }
        Path dataDir;
        try {
            dataDir = Files.createDirectories(root.resolve(service.dirName()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        processes.start(service, List.of("-jar", jar.toString(), service.command), environment(service, dataDir), log(service));
        processes.awaitReady(service, START_TIMEOUT, 250, "ready", () -> ready(service));
    }

    /** {@code kill -9}: SIGKILL, no shutdown hook runs, nothing is flushed or closed. */
    synchronized void kill(Service service) {
        processes.kill(service);
    }

    String adminKey() {
        return adminKey;
    }

    String apiUrl(Service api) {
        return "http://127.0.0.1:" + ports.get(api);
    }

    List<String> apiUrls() {
        return List.of(apiUrl(Service.API_A), apiUrl(Service.API_B));
    }

    String simulatorUrl() {
        return "http://127.0.0.1:" + ports.get(Service.SIMULATOR);
    }

    Path log(Service service) {
        return root.resolve(service.dirName() + ".log");
    }

    private Map<String, String> environment(Service service, Path dataDir) {
        Map<String, String> env = new java.util.HashMap<>();
        env.put("GATEHOUSE_DATA_DIR", dataDir.toString());
        env.put("GATEHOUSE_BOOTSTRAP_SERVERS", bootstrap());
        env.put("GATEHOUSE_KAFKA_PORT", Integer.toString(ports.get(Service.BROKER)));
        env.put("GATEHOUSE_KAFKA_CONTROLLER_PORT", Integer.toString(controllerPort));
        env.put("GATEHOUSE_PARTITIONS", "3");
        env.put("GATEHOUSE_REPLICATION_FACTOR", Integer.toString(replicationFactor));
        env.put("GATEHOUSE_PROCESSOR_HOST", "127.0.0.1");
        env.put("GATEHOUSE_PROCESSOR_PORT", Integer.toString(ports.get(Service.PROCESSOR)));
        env.put("GATEHOUSE_HTTP_HOST", "127.0.0.1");
        env.put("GATEHOUSE_ADMIN_KEY", adminKey);
        env.put("GATEHOUSE_COMMAND_TIMEOUT_MS", Long.toString(COMMAND_TIMEOUT.toMillis()));
        env.put("GATEHOUSE_SCIM_RATE_LIMIT", "100000");
        env.put("GATEHOUSE_WEBHOOK_SECRET", webhookSecret);
        env.put("GATEHOUSE_SIMULATOR_PORT", Integer.toString(ports.get(Service.SIMULATOR)));
        env.put("GATEHOUSE_WEBHOOK_URL", simulatorUrl() + "/webhook");
        if (service == Service.API_A || service == Service.API_B) {
            env.put("GATEHOUSE_HTTP_PORT", Integer.toString(ports.get(service)));
            // A stable instance id, as a restarted container keeps its name.
            env.put("GATEHOUSE_INSTANCE_ID", service.dirName());
        }
        if (service == Service.ACCESS_SYNC) {
            // Its metrics port defaults to a fixed 8082: two stacks on one machine (parallel builds) would clash.
            env.put("GATEHOUSE_SYNC_HTTP_PORT", Integer.toString(ports.get(service)));
        }
        return env;
    }

    private String bootstrap() {
        return cluster != null ? cluster : "127.0.0.1:" + ports.get(Service.BROKER);
    }

    /** Kafka for the broker, HTTP for the others, and for access-sync (no HTTP) its start-up line. */
    private boolean ready(Service service) {
        return switch (service) {
            case BROKER -> brokerAnswers();
            case PROCESSOR -> httpOk("http://127.0.0.1:" + ports.get(service) + "/internal/v1/health");
            case API_A, API_B -> httpOk(apiUrl(service) + "/health/live");
            case SIMULATOR -> httpOk(simulatorUrl() + "/health");
            case ACCESS_SYNC -> logContains(service, "access-sync running");
        };
    }

    private boolean brokerAnswers() {
        return JavaProcesses.kafkaAnswers(ports.get(Service.BROKER), bootstrap(), live -> !live.isEmpty());
    }

    private boolean httpOk(String url) {
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** True when the latest start of the service printed the line (the log is appended per start). */
    private boolean logContains(Service service, String text) {
        return JavaProcesses.sinceLastStart(log(service)).contains(text);
    }

    @Override
    public void close() {
        processes.close();
    }

    private static String random() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

}
