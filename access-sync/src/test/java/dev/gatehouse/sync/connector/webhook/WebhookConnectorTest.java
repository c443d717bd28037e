package dev.gatehouse.sync.connector.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.simulator.Changes;
import dev.gatehouse.simulator.SimulatedDoor;
import dev.gatehouse.simulator.SimulatorClient;
import dev.gatehouse.sync.connector.PushOutcome;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Outcome mapping of the webhook connector against the door simulator on a free port. */
class WebhookConnectorTest {
    @RegisterExtension
    final SimulatedDoor door = new SimulatedDoor("secret");
    private SimulatorClient client;
    private WebhookConnector connector;

    @BeforeEach
    void connect() {
        client = door.client();
        connector = new WebhookConnector("webhook", client.webhookUrl(), Optional.of("secret"));
    }

    @Test
    void aSignedPushIsApplied() {
        assertThat(connector.push(Changes.user("t1", "u1", 1, true))).isInstanceOf(PushOutcome.Applied.class);
        assertThat(client.persons("t1").findValuesAsText("id")).containsExactly("u1");
    }

    @Test
    void aBadSignatureIsRejectedForGood() {
        WebhookConnector wrongKey = new WebhookConnector("webhook", client.webhookUrl(), Optional.of("not-the-secret"));
        assertThat(wrongKey.push(Changes.user("t1", "u1", 1, true))).isInstanceOf(PushOutcome.Rejected.class);
        assertThat(client.persons("t1")).isEmpty();
    }

    @Test
    void serverErrorsAndThrottlingAreRetriedAndClientErrorsRejected() {
        client.fault(1, 503);
        assertThat(connector.push(Changes.user("t1", "u1", 1, true)))
                .isEqualTo(new PushOutcome.RetryLater(Optional.empty(), "webhook answered 503"));
        client.fault(1, 429);
        assertThat(connector.push(Changes.user("t1", "u1", 1, true))).isInstanceOf(PushOutcome.RetryLater.class);
        client.fault(1, 400);
        assertThat(connector.push(Changes.user("t1", "u1", 1, true)))
                .isEqualTo(new PushOutcome.Rejected("webhook answered 400"));
        client.fault(1, 422);
        assertThat(connector.push(Changes.user("t1", "u1", 1, true))).isInstanceOf(PushOutcome.Rejected.class);
        assertThat(connector.push(Changes.user("t1", "u1", 1, true))).isInstanceOf(PushOutcome.Applied.class);
    }

    @Test
    void theReceiversRetryAfterIsPassedOn() {
        client.fault(1, 429, 7);
        assertThat(connector.push(Changes.user("t1", "u1", 1, true)))
                .isEqualTo(new PushOutcome.RetryLater(Optional.of(Duration.ofSeconds(7)), "webhook answered 429"));
    }

    @Test
    void anUnreachableReceiverIsRetried() {
        door.simulator().close();
        assertThat(connector.push(Changes.user("t1", "u1", 1, true))).isInstanceOf(PushOutcome.RetryLater.class);
    }
}
