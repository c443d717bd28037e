package dev.gatehouse.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.simulator.Changes;
import dev.gatehouse.testkit.Scrape;
import dev.gatehouse.testkit.TestHttp;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** access-sync's /metrics and /health on its own port, delivering from a real broker to the simulator. */
class SyncMetricsIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    @RegisterExtension
    final AccessChangesFixture fx = AccessChangesFixture.withWebhookDoor("s3cret");

    @Test
    void countsPushOutcomesDeadLettersAndLatencyPerConnector() throws Exception {
        fx.door().fault(1, 400);
        try (AccessSyncService sync = AccessSyncService.start(fx.config())) {
            String base = "http://127.0.0.1:" + sync.httpPort();
            fx.publish(0, Changes.user("m1", "bad", 1, true));
            fx.publish(0, Changes.user("m1", "good", 1, true));
            fx.publish(0, Changes.user("m1", "fine", 1, true));
            await().atMost(WAIT).until(() -> fx.door().persons("m1").size() == 2);
            fx.door().fault(2, 503);
            fx.publish(0, Changes.user("m1", "late", 1, true));
            await().atMost(WAIT).until(() -> fx.door().persons("m1").size() == 3);

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

            assertThat(TestHttp.get(base + "/health/live", null).statusCode()).isEqualTo(200);
            HttpResponse<String> ready = TestHttp.get(base + "/health/ready", null);
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            assertThat(ready.body()).contains("\"kafka\":true", "\"deliveries\":true");
        }
    }

    @Test
    void lagCountsEveryChangeNotYetAppliedWhileTheDoorSystemIsDown() throws Exception {
        fx.door().fault(1_000, 503, 60);
        try (AccessSyncService sync = AccessSyncService.start(fx.config())) {
            String base = "http://127.0.0.1:" + sync.httpPort();
            for (int i = 0; i < 4; i++) {
                fx.publish(0, Changes.user("m2", "u" + i, 1, true));
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

}
