package dev.gatehouse.api;

import static dev.gatehouse.testkit.TestHttp.json;
import static dev.gatehouse.testkit.TestHttp.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.launcher.TestStack;
import dev.gatehouse.testkit.Gatehouse;
import dev.gatehouse.testkit.Scrape;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The API's /metrics and /health endpoints on a real broker with the real processor: SCIM requests,
 * command round trips and failed authentications are counted as they happen.
 */
class ApiMetricsIT {
    @RegisterExtension
    static final TestStack stack = TestStack.perClass();

    @Test
    void scimRequestsRoundTripsAndAuthFailuresAreCounted() {
        Gatehouse.Organization organization = stack.newTenant("Metrics");
        String tenant = organization.id();
        String token = organization.token();
        Scrape before = Scrape.of(stack.base() + "/metrics");

        String id = null;
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> created = stack.scim("POST", "/Users", token,
                    "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"m" + i + "@metrics.test\"}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            id = json(created).get("id").asText();
        }
        assertThat(stack.scim("GET", "/Users/" + id, token, null).statusCode()).isEqualTo(200);
        assertThat(stack.scim("GET", "/Users", "gh_scim_wrong", null).statusCode()).isEqualTo(401);
        assertThat(send("GET", stack.base() + "/admin/v1/tenants", "Bearer wrong-key", null).statusCode()).isEqualTo(401);

        Scrape after = Scrape.of(stack.base() + "/metrics");
        assertThat(after.names()).contains("gatehouse_scim_requests_seconds_count", "gatehouse_scim_requests_seconds_sum",
                "gatehouse_scim_requests_seconds_bucket", "gatehouse_command_round_trip_seconds_count",
                "gatehouse_command_round_trip_seconds_bucket", "gatehouse_auth_failures_total",
                "jvm_memory_used_bytes", "kafka_producer_record_send_total");
        assertThat(after.sum("gatehouse_scim_requests_seconds_count", "operation", "create", "resource", "Users",
                "status", "201", "tenant", tenant, "service", "ingest-api")).isEqualTo(3);
        assertThat(after.sum("gatehouse_scim_requests_seconds_count", "operation", "read", "status", "200",
                "tenant", tenant)).isEqualTo(1);
        // Before authentication there is no organization: a wrong token adds no series of its own.
        assertThat(after.sum("gatehouse_scim_requests_seconds_count", "status", "401", "tenant", "none")
                - before.sum("gatehouse_scim_requests_seconds_count", "status", "401", "tenant", "none")).isEqualTo(1);
        assertThat(after.text()).doesNotContain("gh_scim_wrong").doesNotContain("wrong-key").doesNotContain(token);
        // Every bucket of the histogram up to +Inf holds the three creates.
        assertThat(after.sum("gatehouse_scim_requests_seconds_bucket", "operation", "create", "tenant", tenant, "le", "+Inf"))
                .isEqualTo(3);
        assertThat(after.sum("gatehouse_command_round_trip_seconds_count", "outcome", "answered")
                - before.sum("gatehouse_command_round_trip_seconds_count", "outcome", "answered")).isEqualTo(3);
        assertThat(after.sum("gatehouse_auth_failures_total", "kind", "scim_token")
                - before.sum("gatehouse_auth_failures_total", "kind", "scim_token")).isEqualTo(1);
        assertThat(after.sum("gatehouse_auth_failures_total", "kind", "admin_key")
                - before.sum("gatehouse_auth_failures_total", "kind", "admin_key")).isEqualTo(1);
        assertThat(after.value("gatehouse_auth_failures_total", "kind", "console")).isPresent();
    }

    @Test
    void liveAndReadyWhileKafkaIsUp() {
        HttpResponse<String> live = send("GET", stack.base() + "/health/live", null, null);
        assertThat(live.statusCode()).isEqualTo(200);
        HttpResponse<String> ready = send("GET", stack.base() + "/health/ready", null, null);
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(json(ready).get("checks").get("kafka").asBoolean()).isTrue();
        assertThat(json(ready).get("checks").get("tenantDirectory").asBoolean()).isTrue();
    }
}
