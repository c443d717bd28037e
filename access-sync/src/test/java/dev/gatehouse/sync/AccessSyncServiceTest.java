package dev.gatehouse.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.contract.AccessChange;
import dev.gatehouse.kafka.testing.TestKafka;
import dev.gatehouse.pipeline.GatehouseConfig;
import dev.gatehouse.pipeline.JsonSerde;
import dev.gatehouse.pipeline.KafkaProps;
import dev.gatehouse.pipeline.Topics;
import dev.gatehouse.scim.ScimJson;
import dev.gatehouse.simulator.DoorSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Delivery from the access-changes topic of a real broker to the door simulator. */
class AccessSyncServiceTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private DoorSimulator simulator;
    private GatehouseConfig config;
    private KafkaProducer<String, byte[]> producer;

    @BeforeEach
    void start() {
        simulator = DoorSimulator.start(0, Optional.of("s3cret"));
        config = TestKafka.config(Map.of(
                GatehouseConfig.WEBHOOK_URL, "http://127.0.0.1:" + simulator.port() + "/webhook",
                GatehouseConfig.WEBHOOK_SECRET, "s3cret"));
        producer = new KafkaProducer<>(KafkaProps.producer(config, "test"));
    }

    @AfterEach
    void stop() {
        producer.close();
        simulator.close();
    }

    @Test
    void deliversChangesInOrderThroughTransientFailures() throws Exception {
        fault(3, 503);
        try (AccessSyncService sync = AccessSyncService.start(config)) {
            publish(Changes.user("t1", "u1", 1, true, "g1"));
            publish(Changes.user("t1", "u1", 2, false, "g1"));
            publish(Changes.user("t1", "u2", 1, true));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                JsonNode persons = persons("t1");
                assertThat(persons).hasSize(2);
                assertThat(persons.get(0).get("id").asText()).isEqualTo("u1");
                assertThat(persons.get(0).get("active").asBoolean()).as("the newer state wins").isFalse();
                assertThat(persons.get(0).get("version").asLong()).isEqualTo(2);
            });
        }
    }

    @Test
    void aRejectedChangeGoesToTheDeadLetterTopicAndDeliveryGoesOn() throws Exception {
        fault(1, 400);
        try (AccessSyncService sync = AccessSyncService.start(config)) {
            publish(Changes.user("t2", "bad", 1, true));
            publish(Changes.user("t2", "good", 1, true));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(persons("t2").findValuesAsText("id")).containsExactly("good"));
        }
        List<JsonNode> letters = deadLetters();
        assertThat(letters).hasSize(1);
        assertThat(letters.get(0).get("change").get("resourceId").asText()).isEqualTo("bad");
        assertThat(letters.get(0).get("connector").asText()).isEqualTo("webhook");
        assertThat(letters.get(0).get("error").asText()).contains("400");
    }

    @Test
    void aRestartResumesAfterTheLastDeliveredChange() throws Exception {
        try (AccessSyncService sync = AccessSyncService.start(config)) {
            publish(Changes.user("t3", "u1", 1, true));
            await().atMost(Duration.ofSeconds(20)).until(() -> persons("t3").size() == 1);
        }
        publish(Changes.deleted(Changes.user("t3", "u1", 1, true), 2));
        try (AccessSyncService again = AccessSyncService.start(config)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> persons("t3").isEmpty());
        }
        assertThat(received()).as("each change pushed once").isEqualTo(2);
    }

    private void publish(AccessChange change) throws Exception {
        producer.send(new ProducerRecord<>(Topics.from(config).accessChanges(),
                AccessChange.key(change.tenantId(), change.resourceId()), JsonSerde.of(AccessChange.class).toBytes(change))).get();
    }

    private List<JsonNode> deadLetters() throws Exception {
        List<JsonNode> letters = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(KafkaProps.consumer(config, "dlq-reader", "dlq-reader"))) {
            consumer.subscribe(List.of(Topics.from(config).deadLetters()));
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (letters.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    letters.add(ScimJson.mapper().readTree(record.value()));
                }
            }
        }
        return letters;
    }

    private JsonNode persons(String tenant) throws Exception {
        return ScimJson.mapper().readTree(get("/v1/tenants/" + tenant + "/persons"));
    }

    private int received() throws Exception {
        return ScimJson.mapper().readTree(get("/health")).get("received").asInt();
    }

    private String get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + simulator.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private void fault(int count, int status) throws Exception {
        HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + simulator.port() + "/v1/faults"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"failNext\":" + count + ",\"status\":" + status + "}")).build(),
                HttpResponse.BodyHandlers.discarding());
    }
}
