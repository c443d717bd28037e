package dev.gatehouse.sync.connector.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.contract.WebhookSignature;
import dev.gatehouse.simulator.Changes;
import dev.gatehouse.sync.connector.PushOutcome;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The push connectors' HTTP exchange against a plain JDK receiver that records what reached it: HTTP/1.1
 * over one kept-alive connection, the record's own bytes as the body, and an answer's body read only as
 * far as its limits (past them the connection is dropped rather than read on).
 */
class HttpPushConnectorTest {
    private final ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();
    /** What the receiver answers next: status and body length. */
    private final AtomicReference<int[]> answer = new AtomicReference<>(new int[] {204, 0});
    private HttpServer server;
    private WebhookConnector connector;

    private record Seen(String protocol, String upgrade, int remotePort, byte[] body, String signature) {
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", this::receive);
        server.start();
        connector = new WebhookConnector("webhook", "http://127.0.0.1:" + server.getAddress().getPort() + "/hook",
                Optional.of("secret"));
    }

    @AfterEach
    void stop() {
        connector.close();
        server.stop(0);
    }

    private void receive(HttpExchange exchange) throws IOException {
        seen.add(new Seen(exchange.getProtocol(), exchange.getRequestHeaders().getFirst("Upgrade"),
                exchange.getRemoteAddress().getPort(), exchange.getRequestBody().readAllBytes(),
                exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER)));
        int[] next = answer.get();
        if (next[1] == 0) {
            exchange.sendResponseHeaders(next[0], -1);
        } else {
            exchange.sendResponseHeaders(next[0], next[1]);
            byte[] chunk = "x".repeat(8192).getBytes(StandardCharsets.US_ASCII);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int left = next[1]; left > 0; left -= chunk.length) {
                    out.write(chunk, 0, Math.min(left, chunk.length));
                }
            } catch (IOException e) {
                // the connector stopped reading and dropped the connection: what this test wants
            }
        }
        exchange.close();
    }

    @Test
    void pushesGoAsHttp11OverOneKeptAliveConnectionWithoutAnUpgradeOffer() {
        for (int version = 1; version <= 3; version++) {
            assertThat(connector.push(Changes.user("t1", "u1", version, true))).isInstanceOf(PushOutcome.Applied.class);
        }

        assertThat(seen).extracting(Seen::protocol).containsExactly("HTTP/1.1", "HTTP/1.1", "HTTP/1.1");
        assertThat(seen).extracting(Seen::upgrade).containsOnlyNulls();
        assertThat(seen.stream().map(Seen::remotePort).distinct()).hasSize(1);
    }

    @Test
    void theRecordsOwnBytesAreTheSignedBodyAndWithoutThemTheChangeIsEncoded() {
        byte[] record = "{\"eventId\":\"e1\",\"as\":\"the record holds it\"}".getBytes(StandardCharsets.UTF_8);
        connector.push(Changes.user("t1", "u1", 1, true), record);
        connector.push(Changes.user("t1", "u1", 2, true));

        List<Seen> both = List.copyOf(seen);
        assertThat(both.get(0).body()).isEqualTo(record);
        assertThat(both.get(0).signature()).isEqualTo(new WebhookSignature("secret").sign(record));
        assertThat(both.get(1).body()).isEqualTo(Changes.body(Changes.user("t1", "u1", 2, true)));
        assertThat(both.get(1).signature()).isEqualTo(new WebhookSignature("secret").sign(both.get(1).body()));
    }

    @Test
    void anAnswerWithinTheDrainLimitIsReadToItsEndAndTheConnectionKept() {
        answer.set(new int[] {200, HttpPushConnector.MAX_DRAINED_BYTES});
        assertThat(connector.push(Changes.user("t1", "u1", 1, true))).isInstanceOf(PushOutcome.Applied.class);
        assertThat(connector.push(Changes.user("t1", "u1", 2, true))).isInstanceOf(PushOutcome.Applied.class);

        assertThat(seen.stream().map(Seen::remotePort).distinct()).hasSize(1);
    }

    @Test
    void aLongerAnswerIsNotReadOnButItsConnectionIsDroppedAndTheNextPushUsesANewOne() {
        answer.set(new int[] {200, 64 * 1024 * 1024});
        assertThat(connector.push(Changes.user("t1", "u1", 1, true))).isInstanceOf(PushOutcome.Applied.class);
        answer.set(new int[] {204, 0});
        assertThat(connector.push(Changes.user("t1", "u1", 2, true))).isInstanceOf(PushOutcome.Applied.class);

        assertThat(seen.stream().map(Seen::remotePort).distinct()).hasSize(2);
    }

    @Test
    void anAnswerOneByteOverTheDrainLimitDropsItsConnection() {
        answer.set(new int[] {200, HttpPushConnector.MAX_DRAINED_BYTES + 1});
        assertThat(connector.push(Changes.user("t1", "u1", 1, true))).isInstanceOf(PushOutcome.Applied.class);
        answer.set(new int[] {204, 0});
        assertThat(connector.push(Changes.user("t1", "u1", 2, true))).isInstanceOf(PushOutcome.Applied.class);

        assertThat(seen.stream().map(Seen::remotePort).distinct()).hasSize(2);
    }

    @Test
    void aRejectionsLongBodyIsReadOnlyAsFarAsItsReason() {
        answer.set(new int[] {422, 64 * 1024 * 1024});
        PushOutcome outcome = connector.push(Changes.user("t1", "u1", 1, true));

        assertThat(outcome).isEqualTo(new PushOutcome.Rejected("webhook answered 422"));
        answer.set(new int[] {204, 0});
        assertThat(connector.push(Changes.user("t1", "u1", 2, true))).isInstanceOf(PushOutcome.Applied.class);
    }

    @Test
    void aClosedReceiverIsRetriedLater() {
        server.stop(0);
        PushOutcome outcome = connector.push(Changes.user("t1", "u1", 1, true));

        assertThat(outcome).isInstanceOf(PushOutcome.RetryLater.class);
        assertThat(((PushOutcome.RetryLater) outcome).reason()).startsWith("webhook unreachable: ");
    }
}
