package dev.gatehouse.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.contract.SecurityEventSigner;
import dev.gatehouse.scim.ScimJson;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The simulator as an RFC 8935 receiver of SCIM Security Event Tokens on its webhook endpoint. */
class DoorSimulatorSecurityEventTest {
    private static final String SECRET = "door-simulator-test-secret-32-bytes!";
    @RegisterExtension
    final SimulatedDoor door = new SimulatedDoor(SECRET);
    private final SecurityEventSigner signer = new SecurityEventSigner(SECRET, "https://gatehouse.example", DoorSimulator.DEFAULT_AUDIENCE);
    private SimulatorClient client;

    @BeforeEach
    void client() {
        client = door.client();
    }

    @Test
    void appliesCreatesDeactivationsAndDeletesAndAnswers202() {
        assertThat(client.postSecurityEvent(signer.sign(Changes.group("t1", "g1", 1, "Staff"))).statusCode()).isEqualTo(202);
        HttpResponse<String> created = client.postSecurityEvent(signer.sign(Changes.user("t1", "u1", 1, true, "g1")));
        assertThat(created.statusCode()).isEqualTo(202);
        assertThat(created.body()).isEmpty();
        client.postSecurityEvent(signer.sign(Changes.user("t1", "u2", 1, true)));
        assertThat(client.postSecurityEvent(signer.sign(Changes.user("t1", "u1", 2, false, "g1"))).statusCode()).isEqualTo(202);
        assertThat(client.postSecurityEvent(signer.sign(Changes.deleted(Changes.user("t1", "u2", 1, true), 2))).statusCode()).isEqualTo(202);

        JsonNode persons = client.persons("t1");
        assertThat(persons.findValuesAsText("id")).containsExactly("u1");
        assertThat(persons.get(0).get("active").asBoolean()).isFalse();
        assertThat(persons.get(0).get("version").asLong()).isEqualTo(2);
        assertThat(persons.get(0).get("metadata").get("city").asText()).isEqualTo("Berlin");
        assertThat(client.groups("t1").get(0).get("members").toString()).isEqualTo("[\"u1\"]");
        assertThat(client.securityEvents()).isEqualTo(5);
    }

    @Test
    void anOlderVersionIsAcceptedButNotApplied() {
        client.postSecurityEvent(signer.sign(Changes.user("t1", "u1", 3, false)));
        assertThat(client.postSecurityEvent(signer.sign(Changes.user("t1", "u1", 2, true))).statusCode()).isEqualTo(202);
        assertThat(client.persons("t1").get(0).get("active").asBoolean()).as("the newer state stays").isFalse();
    }

    @Test
    void aBadSignatureIsA400WithAnRfc8935ErrorBody() throws Exception {
        SecurityEventSigner otherKey = new SecurityEventSigner("another-secret-that-is-32-bytes-long", "https://gatehouse.example",
                DoorSimulator.DEFAULT_AUDIENCE);
        HttpResponse<String> response = client.postSecurityEvent(otherKey.sign(Changes.user("t1", "u1", 1, true)));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode body = ScimJson.mapper().readTree(response.body());
        assertThat(body.get("err").asText()).isEqualTo("invalid_key");
        assertThat(body.get("description").asText()).isNotBlank();
        assertThat(client.persons("t1")).isEmpty();
    }

    @Test
    void aWrongAudienceOrGarbageIsA400() throws Exception {
        SecurityEventSigner elsewhere = new SecurityEventSigner(SECRET, "https://gatehouse.example", "https://other-doors.example");
        HttpResponse<String> wrongAudience = client.postSecurityEvent(elsewhere.sign(Changes.user("t1", "u1", 1, true)));
        assertThat(wrongAudience.statusCode()).isEqualTo(400);
        assertThat(ScimJson.mapper().readTree(wrongAudience.body()).get("err").asText()).isEqualTo("invalid_audience");
        HttpResponse<String> garbage = client.postSecurityEvent("{\"not\": \"a jwt\"}");
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(ScimJson.mapper().readTree(garbage.body()).get("err").asText()).isEqualTo("invalid_request");
        assertThat(client.persons("t1")).isEmpty();
        assertThat(client.received()).isZero();
    }

    @Test
    void aSimulatorWhoseSecretIsTooShortForHs256RefusesEverySet() throws Exception {
        try (DoorSimulator shortKey = DoorSimulator.start(0, Optional.of("short"))) {
            HttpResponse<String> response = new SimulatorClient(shortKey).postSecurityEvent(signer.sign(Changes.user("t1", "u1", 1, true)));
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(ScimJson.mapper().readTree(response.body()).get("err").asText()).isEqualTo("invalid_key");
        }
    }
}
