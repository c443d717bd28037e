package dev.gatehouse.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.contract.Command;
import dev.gatehouse.contract.CommandResult;
import dev.gatehouse.contract.Operation;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.pipeline.JsonSerde;
import dev.gatehouse.pipeline.KafkaProps;
import dev.gatehouse.pipeline.ResultPartitions;
import dev.gatehouse.pipeline.Topics;
import dev.gatehouse.pipeline.config.ConfigKeys;
import dev.gatehouse.pipeline.config.ConfigSource;
import dev.gatehouse.pipeline.config.KafkaConfig;
import dev.gatehouse.testkit.TestHttp;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

/** The service on a real broker: a command in, its result out (read_committed), then a query over HTTP. */
class StreamProcessorServiceIT {
    private static final JsonSerde<CommandResult> RESULTS = JsonSerde.of(CommandResult.class);

    @Test
    void appliesACommandAnswersOnTheResultsTopicAndServesTheResource() throws Exception {
        ConfigSource config = ProcessorOnBroker.settings();
        Topics topics = Topics.from(KafkaConfig.from(config));
        try (StreamProcessorService service = ProcessorOnBroker.startRunning(config)) {
            ProcessorOnBroker.send(config, List.of(createAda(config, "{\"userName\":\"ada@acme.test\",\"active\":true}")));

            CommandResult result = consumeResult(config, topics, "cmd-1");
            assertThat(result.status()).isEqualTo(201);
            assertThat(result.body().get("id").asText()).isEqualTo("u1");

            HttpResponse<String> response = getUser(service, "u1");
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode user = TopologyFixture.json(response.body());
            assertThat(user.get("userName").asText()).isEqualTo("ada@acme.test");
        }
    }

    @Test
    void everyInstanceAnswersForATenantByForwardingToItsOwner() throws Exception {
        ConfigSource first = ProcessorOnBroker.settings();
        ConfigSource second = first.with(Map.of(ConfigKeys.DATA_DIR, ProcessorConfig.from(first).dataDir().resolve("second").toString()));
        Topics topics = Topics.from(KafkaConfig.from(first));
        try (StreamProcessorService a = StreamProcessorService.start(ProcessorConfig.from(first));
             StreamProcessorService b = StreamProcessorService.start(ProcessorConfig.from(second))) {
            a.awaitRunning(Duration.ofSeconds(60));
            b.awaitRunning(Duration.ofSeconds(60));
            ProcessorOnBroker.send(first, List.of(createAda(first, "{\"userName\":\"ada@acme.test\"}")));
            assertThat(consumeResult(first, topics, "cmd-1").status()).isEqualTo(201);

            // Only one instance owns the tenant's partition; both must answer (one by forwarding).
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(getUser(a, "u1").statusCode()).isEqualTo(200);
                assertThat(getUser(b, "u1").statusCode()).isEqualTo(200);
            });
        }
    }

    /** Command cmd-1: create user u1 of acme with {@code body}, answered to the instance of {@code config}. */
    private static Command createAda(ConfigSource config, String body) {
        return new Command("cmd-1", "acme", Operation.CREATE, ResourceType.USER, "u1", TopologyFixture.json(body),
                Instant.parse("2026-03-01T09:00:00Z"), config.string(ConfigKeys.INSTANCE_ID), null, "req-1");
    }

    private static HttpResponse<String> getUser(StreamProcessorService service, String id) {
        return TestHttp.get(ProcessorOnBroker.baseUrl(service) + "/internal/v1/tenants/acme/Users/" + id, null);
    }

    private static CommandResult consumeResult(ConfigSource config, Topics topics, String commandId) {
        List<CommandResult> seen = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                KafkaProps.consumer(KafkaConfig.from(config), "test-results", "test-results-" + config.string(ConfigKeys.INSTANCE_ID)))) {
            consumer.subscribe(List.of(topics.results()));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    assertThat(record.key()).isEqualTo(config.string(ConfigKeys.INSTANCE_ID));
                    // Where the API instance reads its answers (default partitioner on the replyTo key).
                    assertThat(record.partition()).isEqualTo(
                            ResultPartitions.partitionFor(config.string(ConfigKeys.INSTANCE_ID), topics.partitions()));
                    seen.add(RESULTS.fromBytes(record.value()));
                }
                return seen.stream().anyMatch(r -> r.commandId().equals(commandId));
            });
        }
        return seen.stream().filter(r -> r.commandId().equals(commandId)).findFirst().orElseThrow();
    }
}
