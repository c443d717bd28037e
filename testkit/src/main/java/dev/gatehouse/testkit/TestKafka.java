package dev.gatehouse.testkit;

import dev.gatehouse.kafka.EmbeddedKafka;
import dev.gatehouse.pipeline.KafkaProps;
import dev.gatehouse.pipeline.Topics;
import dev.gatehouse.pipeline.config.ConfigKeys;
import dev.gatehouse.pipeline.config.ConfigSource;
import dev.gatehouse.pipeline.config.KafkaConfig;
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

    /** Whether the shared broker runs (or will run) in this JVM, the embedded one, so that its metrics can be read here. */
    public static boolean inThisJvm() {
        return !useContainer();
    }

    /**
     * The settings of one test: the shared broker, a unique topic prefix, application id, instance id and
     * data dir (under {@code target/}), with its topics created. {@code overrides} win. Each service's
     * record reads its own keys of them.
     */
    public static ConfigSource settings(Map<String, String> overrides) {
        String run = "t" + SEQUENCE.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> settings = new HashMap<>();
        settings.put(ConfigKeys.BOOTSTRAP_SERVERS, bootstrapServers());
        settings.put(ConfigKeys.TOPIC_PREFIX, run + ".");
        settings.put(ConfigKeys.APPLICATION_ID, "gatehouse-" + run);
        settings.put(ConfigKeys.INSTANCE_ID, "api-" + run);
        settings.put(ConfigKeys.DATA_DIR, Path.of("target", "test-data", run).toAbsolutePath().toString());
        settings.put(ConfigKeys.PARTITIONS, "2");
        settings.put(ConfigKeys.HTTP_PORT, "0");
        settings.put(ConfigKeys.SYNC_HTTP_PORT, "0");
        settings.putAll(overrides);
        ConfigSource source = ConfigSource.of(settings);
        KafkaConfig kafka = KafkaConfig.from(source);
        try (Admin admin = Admin.create(KafkaProps.admin(kafka))) {
            Topics.from(kafka).ensureCreated(admin, Duration.ofSeconds(30));
        }
        return source;
    }

    public static ConfigSource settings() {
        return settings(Map.of());
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
