package dev.gatehouse.api;

import static dev.gatehouse.testkit.TestHttp.json;
import static dev.gatehouse.testkit.TestHttp.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.testkit.Gatehouse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * An organization's provisioning activity and the identity provider's calls in its health are the same
 * on every API instance and survive a restart: calls answered by one instance are shown by another,
 * and by an instance started afterwards, through the provisioning-activity topic on the real broker.
 */
class ProvisioningActivityIT {

    @Test
    void callsAnsweredByOneInstanceAreShownByEveryInstanceAndAfterARestart() {
        try (TwoApis apis = TwoApis.start()) {
            Gatehouse admin = apis.admin();
            Gatehouse.Organization organization = admin.onboard("Activity");
            String id = organization.id();
            await().atMost(Duration.ofMillis(TwoApis.BOUND_MS))
                    .until(() -> apis.second().tenantAdmin().get(id).map(t -> !t.tokenHashes().isEmpty()).orElse(false));
            String second = "http://127.0.0.1:" + apis.second().port() + "/scim/v2";
            assertThat(send("GET", second + "/ServiceProviderConfig", "Bearer " + organization.token(), null).statusCode())
                    .isEqualTo(200);
            assertThat(send("POST", second + "/Users", "Bearer " + organization.token(), "{\"userName\": ")
                    .statusCode()).isEqualTo(400);

            await("the second instance's calls on the first").atMost(Duration.ofMillis(TwoApis.BOUND_MS)).untilAsserted(() -> {
                JsonNode activity = json(admin.admin("GET", "/admin/v1/tenants/" + id + "/activity", null));
                assertThat(activity.findValuesAsText("status")).containsExactly("400", "200");
                assertThat(activity.findValuesAsText("operation")).containsExactly("create", "discovery");
            });
            JsonNode idp = json(admin.admin("GET", "/admin/v1/tenants/" + id + "/health", null)).path("identityProvider");
            assertThat(idp.path("lastCallAt").asText()).isNotBlank();
            assertThat(idp.path("lastHour").path("calls").asInt()).isEqualTo(2);
            assertThat(idp.path("lastHour").path("failures").asInt()).isEqualTo(1);
            assertThat(idp.path("recentFailures").get(0).path("detail").asText()).isNotBlank();

            // An instance started now reads the history from the topic.
            try (IngestApiService third = TwoApis.another(apis.config(), "c")) {
                Gatehouse later = new Gatehouse("http://127.0.0.1:" + third.port(), Gatehouse.ADMIN_KEY);
                await("the history on a new instance").atMost(Duration.ofMillis(TwoApis.BOUND_MS)).untilAsserted(() ->
                        assertThat(json(later.admin("GET", "/admin/v1/tenants/" + id + "/activity", null))
                                .findValuesAsText("status")).containsExactly("400", "200"));
            }
        }
    }
}
