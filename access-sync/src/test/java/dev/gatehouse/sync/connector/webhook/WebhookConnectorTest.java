package dev.gatehouse.sync.connector.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.simulator.DoorSimulator;
import dev.gatehouse.sync.Changes;
import dev.gatehouse.sync.connector.PushOutcome;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookConnectorTest {
    private DoorSimulator simulator;
    private WebhookConnector connector;

    @BeforeEach
    void start() {
        simulator = DoorSimulator.start(0, Optional.of("secret"));
        connector = new WebhookConnector("webhook", "http://127.0.0.1:" + simulator.port() + "/webhook", Optional.of("secret"));
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void aSignedPushIsApplied() {
        assertThat(connector.push(Changes.user("t1", "u1", 1, true))).isInstanceOf(PushOutcome.Applied.class);
    }

    @Test
    void aBadSignatureIsRejectedForGood() {
        WebhookConnector wrongKey = new WebhookConnector("webhook", "http://127.0.0.1:" + simulator.port() + "/webhook",
                Optional.of("not-the-secret"));
        assertThat(wrongKey.push(Changes.user("t1", "u1", 1, true))).isInstanceOf(PushOutcome.Rejected.class);
    }

    @Test
    void serverErrorsAreRetriedAndClientErrorsRejected() throws Exception {
        fault(1, 503);
        assertThat(connector.push(Changes.user("t1", "u1", 1, true))).isInstanceOf(PushOutcome.RetryLater.class);
        fault(1, 429);
        assertThat(connector.push(Changes.user("t1", "u1", 1, true))).isInstanceOf(PushOutcome.RetryLater.class);
        fault(1, 422);
        assertThat(connector.push(Changes.user("t1", "u1", 1, true))).isInstanceOf(PushOutcome.Rejected.class);
        assertThat(connector.push(Changes.user("t1", "u1", 1, true))).isInstanceOf(PushOutcome.Applied.class);
    }

    @Test
    void retryAfterIsHonouredAndAnUnreachableReceiverIsRetried() {
        assertThat(WebhookConnector.outcome(503, Optional.of("7")))
                .isEqualTo(new PushOutcome.RetryLater(Optional.of(Duration.ofSeconds(7)), "webhook answered 503"));
        simulator.close();
        assertThat(connector.push(Changes.user("t1", "u1", 1, true))).isInstanceOf(PushOutcome.RetryLater.class);
    }

    private void fault(int count, int status) throws Exception {
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + simulator.port() + "/v1/faults"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"failNext\":" + count + ",\"status\":" + status + "}")).build(),
                HttpResponse.BodyHandlers.discarding());
    }
}
