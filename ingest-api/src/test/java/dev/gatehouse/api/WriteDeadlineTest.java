package dev.gatehouse.api;

import static dev.gatehouse.api.ApiFixture.ADMIN_KEY;
import static dev.gatehouse.api.ApiFixture.assertScimError;
import static dev.gatehouse.api.ApiFixture.json;
import static dev.gatehouse.api.ApiFixture.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.kafka.testing.TestKafka;
import dev.gatehouse.pipeline.GatehouseConfig;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With no processor applying commands, a write is answered 503 + Retry-After at its deadline. */
class WriteDeadlineTest {

    @Test
    void unansweredWritesGet503WithRetryAfterInsteadOfHanging() {
        GatehouseConfig config = TestKafka.config(Map.of(
                GatehouseConfig.ADMIN_KEY, ADMIN_KEY,
                GatehouseConfig.COMMAND_TIMEOUT_MS, "500",
                GatehouseConfig.PROCESSOR_URL, "http://127.0.0.1:" + ApiFixture.freePort()));
        try (IngestApiService api = IngestApiService.start(config)) {
            String base = "http://127.0.0.1:" + api.port();
            String id = json(send("POST", base + "/admin/v1/tenants", "Bearer " + ADMIN_KEY, "{\"name\":\"Slow\"}")).get("id").asText();
            send("PUT", base + "/admin/v1/tenants/" + id + "/scim", "Bearer " + ADMIN_KEY, "{\"enabled\":true}");
            String token = json(send("POST", base + "/admin/v1/tenants/" + id + "/scim/token", "Bearer " + ADMIN_KEY, null))
                    .get("token").asText();

            HttpResponse<String> write = send("POST", base + "/scim/v2/Users", "Bearer " + token, "{\"userName\":\"late@x.test\"}");
            assertScimError(write, 503, null);
            assertThat(write.headers().firstValue("Retry-After")).contains("5");

            HttpResponse<String> read = send("GET", base + "/scim/v2/Users", "Bearer " + token, null);
            assertScimError(read, 503, null);
        }
    }
}
