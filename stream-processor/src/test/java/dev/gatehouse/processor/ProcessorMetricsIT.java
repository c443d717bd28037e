package dev.gatehouse.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.contract.Command;
import dev.gatehouse.contract.Operation;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.pipeline.config.ConfigSource;
import dev.gatehouse.testkit.Scrape;
import dev.gatehouse.testkit.TestHttp;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The processor's /metrics and /health on its query port, on a real broker. */
class ProcessorMetricsIT {
    @Test
    void countsCommandsByTypeAndOutcomeAndServesHealth() throws Exception {
        ConfigSource config = ProcessorOnBroker.settings();
        try (StreamProcessorService service = ProcessorOnBroker.startRunning(config)) {
            String base = ProcessorOnBroker.baseUrl(service);
            List<Command> commands = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                commands.add(create("c" + i, "u" + i, "user" + i + "@acme.test"));
            }
            // The same userName again: refused with 409.
            commands.add(create("c3", "u3", "user0@acme.test"));
            ProcessorOnBroker.send(config, commands);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Scrape scrape = Scrape.of(base + "/metrics");
                assertThat(scrape.sum("gatehouse_processor_commands_total", "type", "user", "operation", "create",
                        "outcome", "applied", "service", "stream-processor")).isEqualTo(3);
                assertThat(scrape.sum("gatehouse_processor_commands_total", "outcome", "rejected")).isEqualTo(1);
            });
            Scrape scrape = Scrape.of(base + "/metrics");
            assertThat(scrape.sum("gatehouse_processor_command_processing_seconds_count")).isEqualTo(4);
            assertThat(scrape.sum("gatehouse_processor_command_delay_seconds_count")).isEqualTo(4);
            assertThat(scrape.names()).contains("gatehouse_processor_command_processing_seconds_bucket",
                    "gatehouse_processor_commands_lag", "gatehouse_processor_restoring_stores", "jvm_memory_used_bytes");
            assertThat(scrape.names()).anyMatch(name -> name.startsWith("kafka_stream_"));
            assertThat(scrape.value("gatehouse_processor_restoring_stores")).hasValue(0);
            // Everything produced has been read: no lag left on the commands topic.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(Scrape.of(base + "/metrics").value("gatehouse_processor_commands_lag")).hasValue(0));

            assertThat(TestHttp.get(base + "/health/live", null).statusCode()).isEqualTo(200);
            HttpResponse<String> ready = TestHttp.get(base + "/health/ready", null);
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            assertThat(ready.body()).contains("\"streamsRunning\":true", "\"storesRestored\":true", "\"kafka\":true");
        }
    }

    private static Command create(String commandId, String id, String userName) {
        return new Command(commandId, "acme", Operation.CREATE, ResourceType.USER, id,
                TopologyFixture.json("{\"userName\":\"" + userName + "\"}"),
                Instant.parse("2026-03-01T09:00:00Z"), "api-test", null, "req-" + commandId);
    }
}
