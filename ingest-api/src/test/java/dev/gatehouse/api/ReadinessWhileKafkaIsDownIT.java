package dev.gatehouse.api;

import static dev.gatehouse.testkit.TestHttp.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.api.config.ApiConfig;
import dev.gatehouse.kafka.EmbeddedKafka;
import dev.gatehouse.kafka.FreePorts;
import dev.gatehouse.pipeline.config.ConfigKeys;
import dev.gatehouse.pipeline.config.ConfigSource;
import dev.gatehouse.testkit.Gatehouse;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code /health/ready} follows Kafka: 503 while the broker is down, 200 again once it is back. The
 * broker is this test's own (the shared test broker must not stop), restarted on the same ports and
 * log dir, as a real broker comes back after a restart.
 */
class ReadinessWhileKafkaIsDownIT {

    @Test
    @Timeout(90)
    void readyIsFalseWhileKafkaIsDownAndTrueAgainAfter() {
        Path logDir = Path.of("target", "test-data", "readiness-" + UUID.randomUUID()).toAbsolutePath();
        int port = FreePorts.next();
        int controllerPort = FreePorts.next();
        EmbeddedKafka kafka = EmbeddedKafka.start(logDir.resolve("kafka"), port, controllerPort);
        ConfigSource config = ConfigSource.of(Map.of(
                ConfigKeys.BOOTSTRAP_SERVERS, kafka.bootstrapServers(),
                ConfigKeys.DATA_DIR, logDir.toString(),
                ConfigKeys.PARTITIONS, "1",
                ConfigKeys.HTTP_PORT, "0",
                ConfigKeys.SYNC_HTTP_PORT, "0",
                ConfigKeys.ADMIN_KEY, Gatehouse.ADMIN_KEY));
        try (IngestApiService api = IngestApiService.start(ApiConfig.from(config))) {
            String ready = "http://127.0.0.1:" + api.port() + "/health/ready";
            String live = "http://127.0.0.1:" + api.port() + "/health/live";
            await().atMost(Duration.ofSeconds(10)).until(() -> send("GET", ready, null, null).statusCode() == 200);

            kafka.close();
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                HttpResponse<String> down = send("GET", ready, null, null);
                assertThat(down.statusCode()).isEqualTo(503);
                assertThat(down.body()).contains("\"status\":\"DOWN\"", "\"kafka\":false");
            });
            // Alive all the same: restarting the API would not bring Kafka back.
            assertThat(send("GET", live, null, null).statusCode()).isEqualTo(200);

            kafka = EmbeddedKafka.start(logDir.resolve("kafka"), port, controllerPort);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                HttpResponse<String> up = send("GET", ready, null, null);
                assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
                assertThat(up.body()).contains("\"kafka\":true");
            });
        } finally {
            kafka.close();
        }
    }
}
