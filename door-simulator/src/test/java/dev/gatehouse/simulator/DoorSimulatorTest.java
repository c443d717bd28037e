package dev.gatehouse.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.contract.AccessChange;
import dev.gatehouse.contract.WebhookSignature;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The simulator's HTTP surface, on a free port. */
class DoorSimulatorTest {
    @RegisterExtension
    final SimulatedDoor door = new SimulatedDoor("secret");
    private SimulatorClient client;

    @BeforeEach
    void client() {
        client = door.client();
    }

    @Test
    void refusesUnsignedAndBadlySignedWebhooks() {
        byte[] body = Changes.body(Changes.user("t1", "u1", 1, true));
        assertThat(webhook(body, null)).isEqualTo(401);
        assertThat(webhook(body, new WebhookSignature("other").sign(body))).isEqualTo(401);
        assertThat(webhook(body, new WebhookSignature("secret").sign(body))).isEqualTo(200);
        assertThat(client.persons("t1").findValuesAsText("id")).containsExactly("u1");
    }

    @Test
    void aBodyThatIsNoAccessChangeIsABadRequestNamingWhatIsMissing() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = SimulatorClient.send(webhookRequest(body, new WebhookSignature("secret").sign(body)));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo(
                "{\"error\":\"not an access change: missing tenantId, resourceType, resourceId, state\"}");
        byte[] nothing = "null".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> none = SimulatorClient.send(webhookRequest(nothing, new WebhookSignature("secret").sign(nothing)));
        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(none.body()).isEqualTo("{\"error\":\"not an access change: the body is null\"}");
        assertThat(client.received()).as("nothing applied").isZero();
    }

    @Test
    void servesPersonsByIdGroupsAndHealth() {
        post(Changes.user("t1", "u1", 1, true, "g1"));
        post(Changes.group("t1", "g1", 1, "Staff"));
        assertThat(client.status("/v1/tenants/t1/persons/u1")).isEqualTo(200);
        assertThat(client.status("/v1/tenants/t1/persons/nobody")).isEqualTo(404);
        assertThat(client.status("/health")).isEqualTo(200);
        assertThat(client.groups("t1").get(0).get("displayName").asText()).isEqualTo("Staff");
        assertThat(client.groups("t1").get(0).get("members").toString()).isEqualTo("[\"u1\"]");
    }

    @Test
    void injectedFaultsAnswerTheGivenStatusThenClear() {
        client.fault(2, 503);
        AccessChange change = Changes.user("t1", "u1", 1, true);
        assertThat(post(change)).isEqualTo(503);
        assertThat(post(change)).isEqualTo(503);
        assertThat(post(change)).isEqualTo(200);
        assertThat(client.events("t1").toString()).isEqualTo("[\"c1/u1\"]");
    }

    private int post(AccessChange change) {
        byte[] body = Changes.body(change);
        return webhook(body, new WebhookSignature("secret").sign(body));
    }

    private int webhook(byte[] body, String signature) {
        return SimulatorClient.send(webhookRequest(body, signature)).statusCode();
    }

    private HttpRequest webhookRequest(byte[] body, String signature) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(client.webhookUrl()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            request.header(WebhookSignature.HEADER, signature);
        }
        return request.build();
    }
}
