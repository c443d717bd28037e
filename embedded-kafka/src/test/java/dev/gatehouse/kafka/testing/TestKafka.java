package dev.gatehouse.kafka.testing;

import dev.gatehouse.kafka.EmbeddedKafka;
import dev.gatehouse.pipeline.GatehouseConfig;
import dev.gatehouse.pipeline.KafkaProps;
import dev.gatehouse.pipeline.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;

/**
 * The Kafka broker for tests: one per test JVM, started on first use and stopped at exit.
 *
 * <p>Which broker is chosen by the system property {@code gatehouse.test.kafka}: {@code embedded}
 * (a real in-process KRaft broker, {@link EmbeddedKafka}), {@code testcontainers} (the
 * {@code apache/kafka} image through Testcontainers' Kafka module), or {@code auto}, the default:
 * Testcontainers where a Docker engine is reachable, the embedded broker everywhere else.
 */
public final class TestKafka {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static String bootstrapServers;

    private TestKafka() {
    }

    /** The shared broker's bootstrap servers, starting it if needed. */
    public static synchronized String bootstrapServers() {
        if (bootstrapServers == null) {
            bootstrapServers = useContainer() ? ContainerKafka.start() : startEmbedded();
        }
        return bootstrapServers;
    }

    /**
     * A config for one test: the shared broker, a unique topic prefix, application id, instance id and
     * data dir (under {@code target/}), with its topics created. {@code overrides} win.
     */
    public static GatehouseConfig config(Map<String, String> overrides) {
        String run = "t" + SEQUENCE.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> settings = new HashMap<>();
        settings.put(GatehouseConfig.BOOTSTRAP_SERVERS, bootstrapServers());
        settings.put(GatehouseConfig.TOPIC_PREFIX, run + ".");
        settings.put(GatehouseConfig.APPLICATION_ID, "gatehouse-" + run);
        settings.put(GatehouseConfig.INSTANCE_ID, "api-" + run);
        settings.put(GatehouseConfig.DATA_DIR, Path.of("target", "test-data", run).toAbsolutePath().toString());
        settings.put(GatehouseConfig.PARTITIONS, "2");
        settings.put(GatehouseConfig.HTTP_PORT, "0");
        settings.put(GatehouseConfig.SYNC_HTTP_PORT, "0");
        settings.putAll(overrides);
        GatehouseConfig config = GatehouseConfig.load(settings);
        try (Admin admin = Admin.create(KafkaProps.admin(config))) {
            Topics.from(config).ensureCreated(admin, Duration.ofSeconds(30));
        }
        return config;
    }

    public static GatehouseConfig config() {
        return config(Map.of());
    }

    private static boolean useContainer() {
        String choice = System.getProperty("gatehouse.test.kafka", "auto");
        return switch (choice) {
            case "embedded" -> false;
            case "testcontainers" -> true;
            default -> dockerLikelyAvailable();
        };
    }

    private static boolean dockerLikelyAvailable() {
        if (System.getenv("DOCKER_HOST") != null) {
            return true;
        }
        return Files.exists(Path.of("/var/run/docker.sock")) && ContainerKafka.dockerAvailable();
    }

    private static String startEmbedded() {
        Path dir = Path.of("target", "test-kafka", UUID.randomUUID().toString()).toAbsolutePath();
        EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0, 0);
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "test-kafka-shutdown"));
        return kafka.bootstrapServers();
    }
}
