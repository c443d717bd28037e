package dev.gatehouse.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.contract.Command;
import dev.gatehouse.contract.Operation;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.pipeline.KafkaProps;
import dev.gatehouse.pipeline.Topics;
import dev.gatehouse.pipeline.config.ConfigKeys;
import dev.gatehouse.pipeline.config.ConfigSource;
import dev.gatehouse.pipeline.config.KafkaConfig;
import dev.gatehouse.testkit.Scrape;
import dev.gatehouse.testkit.TestHttp;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

/**
 * Readiness tells the truth: a stream thread that keeps dying on a write Kafka refuses makes the
 * processor not ready (and counted) until its commits move again, on a real broker.
 */
class ProcessorReadinessIT {

    @Test
    void aStreamThreadThatKeepsFailingMakesTheProcessorNotReadyUntilItsCommitsMoveAgain() throws Exception {
        // A short session timeout, so a replaced thread rejoins quickly.
        ConfigSource config = ProcessorOnBroker.settings(Map.of(
                ConfigKeys.SESSION_TIMEOUT_MS, "6000", ConfigKeys.PARTITIONS, "1"));
        String changelog = ProcessorConfig.from(config).applicationId() + "-users-changelog";
        try (StreamProcessorService service = ProcessorOnBroker.startRunning(config);
             Admin admin = Admin.create(KafkaProps.admin(KafkaConfig.from(config)))) {
            String base = ProcessorOnBroker.baseUrl(service);
            await().atMost(Duration.ofSeconds(30)).until(() -> get(base + "/health/ready").statusCode() == 200);

            // The users store's changelog refuses every record: the write can never commit.
            maxMessageBytes(admin, changelog, "100");
            ProcessorOnBroker.send(config, List.of(create()));

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                HttpResponse<String> ready = get(base + "/health/ready");
                assertThat(ready.statusCode()).as(ready.body()).isEqualTo(503);
                assertThat(ready.body()).contains("\"streamThreadsStable\":false");
            });
            Scrape scrape = Scrape.of(base + "/metrics");
            assertThat(scrape.sum("gatehouse_processor_stream_thread_failures_total")).isGreaterThanOrEqualTo(1);
            assertThat(scrape.sum("gatehouse_processor_commit_backlog")).isEqualTo(1);

            // The topic accepts records again: the command commits and the processor is ready.
            maxMessageBytes(admin, changelog, Integer.toString(Topics.MAX_MESSAGE_BYTES));
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                HttpResponse<String> ready = get(base + "/health/ready");
                assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            });
            assertThat(Scrape.of(base + "/metrics").sum("gatehouse_processor_commit_backlog")).isZero();
            assertThat(get(base + "/internal/v1/tenants/acme/Users/u1").statusCode()).isEqualTo(200);
        }
    }

    private static void maxMessageBytes(Admin admin, String topic, String value) throws Exception {
        admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic), List.of(
                new AlterConfigOp(new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, value), AlterConfigOp.OpType.SET))))
                .all().get(30, TimeUnit.SECONDS);
    }

    private static Command create() {
        return new Command("c1", "acme", Operation.CREATE, ResourceType.USER, "u1",
                TopologyFixture.json("{\"userName\":\"ada@acme.test\",\"title\":\"" + "t".repeat(200) + "\"}"),
                Instant.parse("2026-03-01T09:00:00Z"), "api-test", null, "req-c1");
    }

    private static HttpResponse<String> get(String url) {
        return TestHttp.get(url, null);
    }
}
