package dev.gatehouse.api;

import static dev.gatehouse.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.contract.DoorReceipt;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.launcher.TestStack;
import dev.gatehouse.pipeline.JsonSerde;
import dev.gatehouse.pipeline.KafkaProps;
import dev.gatehouse.pipeline.Topics;
import dev.gatehouse.pipeline.config.ConfigKeys;
import dev.gatehouse.pipeline.config.KafkaConfig;
import dev.gatehouse.testkit.TestHttp;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The API keeps the door status of at most {@code GATEHOUSE_DOOR_STATUS_LIMIT} pairs of resource and
 * door system: at the limit everything is shown as before; one past it, the pair is not kept and the
 * health page, the person page and the metrics say so, while what is held stays right. Receipts are
 * written to the door-status topic as access-sync writes them.
 */
class DoorStatusLimitIT {
    private static final int LIMIT = 1_000;
    private static final JsonSerde<DoorReceipt> SERDE = JsonSerde.of(DoorReceipt.class);

    @RegisterExtension
    static final TestStack STACK = TestStack.perClass(Map.of(ConfigKeys.DOOR_STATUS_LIMIT, Integer.toString(LIMIT)))
            .withOrganization("Full doors");

    private static String base() {
        return "/admin/v1/tenants/" + STACK.organization().id();
    }

    private static JsonNode admin(String path) {
        HttpResponse<String> response = STACK.admin("GET", path, null);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return json(response);
    }

    private static void send(KafkaProducer<String, byte[]> producer, String resourceId, String connector, long version) {
        DoorReceipt receipt = new DoorReceipt(STACK.organization().id(), ResourceType.USER, resourceId, connector, version,
                true, Instant.now());
        producer.send(new ProducerRecord<>(Topics.from(KafkaConfig.from(STACK.config())).doorStatus(),
                DoorReceipt.key(receipt.tenantId(), resourceId, connector), SERDE.toBytes(receipt)));
        producer.flush();
    }

    @Test
    void atTheLimitEveryReceiptIsShownAndOnePastItThePairIsNotKeptAndEveryPageSaysSo() {
        HttpResponse<String> created = STACK.scim("POST", "/Users", STACK.token(), "{\"userName\":\"alice@full.test\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String alice = json(created).get("id").asText();
        long version = admin(base() + "/users/" + alice).path("version").asLong();

        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KafkaProps.producer(KafkaConfig.from(STACK.config()),
                "door-status-limit"))) {
            send(producer, alice, "webhook", version);
            for (int i = 1; i < LIMIT; i++) {
                send(producer, UUID.randomUUID().toString(), "webhook", 1);
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(metric("gatehouse_door_status_receipts"))
                    .isEqualTo(LIMIT));
            JsonNode person = admin(base() + "/users/" + alice);
            assertThat(person.path("doorSystemsComplete").asBoolean()).isTrue();
            assertThat(person.path("doorSystems").get(0).path("upToDate").asBoolean()).isTrue();
            assertThat(admin(base() + "/health").path("warnings").toString()).doesNotContain("GATEHOUSE_DOOR_STATUS_LIMIT");
            assertThat(metric("gatehouse_door_status_dropped")).isZero();

            send(producer, UUID.randomUUID().toString(), "webhook", 1); // one past the limit
            send(producer, alice, "kisi", version); // a held resource at a new door system: a new pair too
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(metric("gatehouse_door_status_dropped"))
                    .isEqualTo(2));
            send(producer, alice, "webhook", version + 1); // a held pair is still updated
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    admin(base() + "/users/" + alice).path("doorSystems").get(0).path("version").asLong()).isEqualTo(version + 1));
        }

        JsonNode person = admin(base() + "/users/" + alice);
        assertThat(person.path("doorSystemsComplete").asBoolean()).isFalse();
        assertThat(person.path("doorSystems").findValuesAsText("connector")).containsExactly("webhook");
        JsonNode row = admin(base() + "/door-status").get(0);
        assertThat(row.path("id").asText()).isEqualTo(alice);
        assertThat(row.path("doorSystemsComplete").asBoolean()).isFalse();
        JsonNode health = admin(base() + "/health");
        assertThat(health.path("status").asText()).isEqualTo("warning");
        assertThat(health.path("warnings").toString()).contains("at most 1,000 pairs", "2 confirmations were not kept",
                "GATEHOUSE_DOOR_STATUS_LIMIT");
        // The last confirmation of each door system is kept whatever the limit.
        assertThat(health.path("doorSystems").findValuesAsText("connector")).containsExactly("kisi", "webhook");
        assertThat(metric("gatehouse_door_status_receipts")).isEqualTo(LIMIT);
    }

    /** A gauge of the API's metrics, summed over its series. */
    private static double metric(String name) {
        String text = TestHttp.send("GET", STACK.base() + "/metrics", null, null).body();
        double sum = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }
}
