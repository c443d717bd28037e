package dev.gatehouse.sync.connector.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.contract.SecurityEventSigner;
import dev.gatehouse.simulator.Changes;
import dev.gatehouse.simulator.DoorSimulator;
import dev.gatehouse.simulator.SimulatedDoor;
import dev.gatehouse.simulator.SimulatorClient;
import dev.gatehouse.sync.connector.PushOutcome;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The SET connector's pushes and outcomes against the door simulator on a free port. */
class SecurityEventConnectorTest {
    private static final String SECRET = "connector-test-secret-of-32-bytes-plus";
    @RegisterExtension
    final SimulatedDoor door = new SimulatedDoor(SECRET);
    private SimulatorClient client;
    private SecurityEventConnector connector;

    @BeforeEach
    void connect() {
        client = door.client();
        connector = connector(SECRET, DoorSimulator.DEFAULT_AUDIENCE);
    }

    private SecurityEventConnector connector(String secret, String audience) {
        return new SecurityEventConnector("doors-set", client.webhookUrl(), Optional.empty(),
                new SecurityEventSigner(secret, "https://gatehouse.example", audience));
    }

    @Test
    void anAcceptedSetIsApplied() {
        assertThat(connector.push(Changes.user("t1", "u1", 1, true))).isInstanceOf(PushOutcome.Applied.class);
        assertThat(connector.push(Changes.user("t1", "u1", 2, false))).isInstanceOf(PushOutcome.Applied.class);
        assertThat(client.persons("t1").get(0).get("active").asBoolean()).isFalse();
        assertThat(client.securityEvents()).isEqualTo(2);
    }

    @Test
    void aRefusedSetIsRejectedForGoodWithTheReceiversErrorCode() {
        PushOutcome wrongKey = connector("another-secret-which-is-32-bytes-long", DoorSimulator.DEFAULT_AUDIENCE)
                .push(Changes.user("t1", "u1", 1, true));
        assertThat(wrongKey).isInstanceOf(PushOutcome.Rejected.class);
        assertThat(((PushOutcome.Rejected) wrongKey).reason()).startsWith("SET receiver answered 400: invalid_key: ");
        PushOutcome wrongAudience = connector(SECRET, "https://someone-else.example").push(Changes.user("t1", "u1", 1, true));
        assertThat(((PushOutcome.Rejected) wrongAudience).reason()).startsWith("SET receiver answered 400: invalid_audience");
        assertThat(client.persons("t1")).isEmpty();
    }

    @Test
    void throttlingAndServerErrorsAreRetried() {
        client.fault(1, 429, 7);
        assertThat(connector.push(Changes.user("t1", "u1", 1, true)))
                .isEqualTo(new PushOutcome.RetryLater(Optional.of(Duration.ofSeconds(7)), "SET receiver answered 429"));
        client.fault(1, 503);
        assertThat(connector.push(Changes.user("t1", "u1", 1, true))).isInstanceOf(PushOutcome.RetryLater.class);
        assertThat(connector.push(Changes.user("t1", "u1", 1, true))).isInstanceOf(PushOutcome.Applied.class);
        door.simulator().close();
        assertThat(connector.push(Changes.user("t1", "u1", 2, true))).isInstanceOf(PushOutcome.RetryLater.class);
    }

    @Test
    void anErrorBodyIsShortenedAndGarbageIgnored() {
        assertThat(SecurityEventConnector.error("{\"err\":\"invalid_request\",\"description\":\"" + "x".repeat(500) + "\"}"))
                .hasSize(2 + 200 + 1).startsWith(": invalid_request: xxx");
        assertThat(SecurityEventConnector.error("<html>")).isEmpty();
        assertThat(SecurityEventConnector.error("{\"error\":\"other shape\"}")).isEmpty();
    }
}
