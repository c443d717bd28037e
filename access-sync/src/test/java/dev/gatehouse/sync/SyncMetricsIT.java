package dev.gatehouse.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.contract.AccessChange;
import dev.gatehouse.pipeline.JsonSerde;
import dev.gatehouse.pipeline.KafkaProps;
import dev.gatehouse.pipeline.Topics;
import dev.gatehouse.pipeline.config.ConfigKeys;
import dev.gatehouse.simulator.Changes;
import dev.gatehouse.simulator.DoorSimulator;
import dev.gatehouse.simulator.SimulatorClient;
import dev.gatehouse.testkit.Scrape;
import dev.gatehouse.testkit.TestKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** access-sync's /metrics and /health on its own port, delivering from a real broker to the simulator. */
class SyncMetricsIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final JsonSerde<AccessChange> SERDE = JsonSerde.of(AccessChange.class);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private DoorSimulator simulator;
    private SimulatorClient door;
    private SyncConfig config;
    private KafkaProducer<String, byte[]> producer;

    @BeforeEach
    void start() {
        simulator = DoorSimulator.start(0, Optional.of("s3cret"));
        door = new SimulatorClient(simulator);
        config = SyncConfig.from(TestKafka.settings(Map.of(
                ConfigKeys.WEBHOOK_URL, door.webhookUrl(),
                ConfigKeys.WEBHOOK_SECRET, "s3cret")));
        producer = new KafkaProducer<>(KafkaProps.producer(config.kafka(), "test"));
    }

    @AfterEach
    void stop() {
        producer.close();
        simulator.close();
    }

    @Test
    void countsPushOutcomesDeadLettersAndLatencyPerConnector() throws Exception {
        door.fault(1, 400);
        try (AccessSyncService sync = AccessSyncService.start(config)) {
            String base = "http://127.0.0.1:" + sync.httpPort();
            publish(Changes.user("m1", "bad", 1, true));
            publish(Changes.user("m1", "good", 1, true));
            publish(Changes.user("m1", "fine", 1, true));
            await().atMost(WAIT).until(() -> door.persons("m1").size() == 2);
            door.fault(2, 503);
            publish(Changes.user("m1", "late", 1, true));
            await().atMost(WAIT).until(() -> door.persons("m1").size() == 3);

            Scrape scrape = Scrape.of(base + "/metrics");
            String[] webhook = {"connector", "webhook", "service", "access-sync"};
            assertThat(scrape.sum("gatehouse_door_pushes_total", with(webhook, "outcome", "applied"))).isEqualTo(3);
            assertThat(scrape.sum("gatehouse_door_pushes_total", with(webhook, "outcome", "rejected"))).isEqualTo(1);
            assertThat(scrape.sum("gatehouse_door_pushes_total", with(webhook, "outcome", "retry"))).isEqualTo(2);
            assertThat(scrape.sum("gatehouse_dead_letters_total", webhook)).isEqualTo(1);
            assertThat(scrape.sum("gatehouse_door_push_seconds_count", webhook)).isEqualTo(6);
            assertThat(scrape.names()).contains("gatehouse_door_push_seconds_bucket", "gatehouse_connector_lag",
                    "jvm_memory_used_bytes", "kafka_consumer_fetch_manager_records_consumed_total");
            await().atMost(WAIT).untilAsserted(() -> assertThat(
                    Scrape.of(base + "/metrics").value("gatehouse_connector_lag", "connector", "webhook")).hasValue(0));

            assertThat(get(base + "/health/live").statusCode()).isEqualTo(200);
            HttpResponse<String> ready = get(base + "/health/ready");
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            assertThat(ready.body()).contains("\"kafka\":true", "\"deliveries\":true");
        }
    }

    @Test
    void lagCountsEveryChangeNotYetAppliedWhileTheDoorSystemIsDown() throws Exception {
        door.fault(1_000, 503, 60);
        try (AccessSyncService sync = AccessSyncService.start(config)) {
            String base = "http://127.0.0.1:" + sync.httpPort();
            for (int i = 0; i < 4; i++) {
                publish(Changes.user("m2", "u" + i, 1, true));
            }
            // The first push is refused with Retry-After 60 s: all four changes are still owed.
            await().atMost(WAIT).untilAsserted(() -> assertThat(
                    Scrape.of(base + "/metrics").value("gatehouse_connector_lag", "connector", "webhook")).hasValue(4));
            assertThat(Scrape.of(base + "/metrics").sum("gatehouse_door_pushes_total", "outcome", "retry")).isEqualTo(1);
        }
    }

    private static String[] with(String[] labels, String key, String value) {
        String[] out = java.util.Arrays.copyOf(labels, labels.length + 2);
        out[labels.length] = key;
        out[labels.length + 1] = value;
        return out;
    }

    private void publish(AccessChange change) throws Exception {
        producer.send(new ProducerRecord<>(Topics.from(config.kafka()).accessChanges(), 0,
                AccessChange.key(change.tenantId(), change.resourceId()), SERDE.toBytes(change))).get();
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
