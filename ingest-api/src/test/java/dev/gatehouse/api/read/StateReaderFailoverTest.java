package dev.gatehouse.api.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.kafka.FreePorts;
import dev.gatehouse.scim.ScimException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The reader over several processor URLs, against small HTTP servers that answer as a processor
 * would: 200, 404, or 503 while rebalancing; and a URL where nothing listens (a crashed instance).
 */
class StateReaderFailoverTest {
    private static final String USER = "{\"id\":\"u1\",\"userName\":\"ada@acme.test\"}";
    private static final String NOT_FOUND = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],"
            + "\"status\":\"404\",\"detail\":\"User u1 not found\"}";
    private static final String UNAVAILABLE = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],"
            + "\"status\":\"503\",\"detail\":\"state is being rebalanced or restored; retry\"}";

    private final List<HttpServer> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(s -> s.stop(0));
    }

    /** A fake processor answering the n-th request (from 1) with {@code answer.apply(n)}; counts requests. */
    private record Fake(String url, AtomicInteger hits) {
    }

    private record Answer(int status, String body) {
    }

    private Fake processor(IntFunction<Answer> answer) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicInteger hits = new AtomicInteger();
        server.createContext("/", exchange -> {
            Answer a = answer.apply(hits.incrementAndGet());
            byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/scim+json");
            if (a.status() == 503) {
                exchange.getResponseHeaders().add("Retry-After", "1");
            }
            exchange.sendResponseHeaders(a.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        servers.add(server);
        return new Fake("http://127.0.0.1:" + server.getAddress().getPort(), hits);
    }

    private static String nothingListening() {
        return "http://127.0.0.1:" + FreePorts.next();
    }

    private static JsonNode read(StateReader reader) {
        return reader.get("t1", ResourceType.USER, "u1").join();
    }

    private static ScimException failure(StateReader reader) {
        Throwable thrown = catchThrowable(() -> read(reader));
        assertThat(thrown).isInstanceOf(CompletionException.class);
        assertThat(thrown.getCause()).isInstanceOf(ScimException.class);
        return (ScimException) thrown.getCause();
    }

    @Test
    void aSingleUrlStillWorks() throws IOException {
        Fake only = processor(n -> new Answer(200, USER));

        assertThat(read(new StateReader(only.url() + "/")).get("userName").asText()).isEqualTo("ada@acme.test");
        assertThat(only.hits()).hasValue(1);
    }

    @Test
    void anUnreachableProcessorIsSkippedAndThenNoLongerTriedFirst() throws IOException {
        Fake live = processor(n -> new Answer(200, USER));
        StateReader reader = new StateReader(nothingListening() + ", " + live.url());

        assertThat(read(reader).get("id").asText()).isEqualTo("u1");
        assertThat(read(reader).get("id").asText()).isEqualTo("u1");

        assertThat(live.hits()).as("both reads answered by the live processor").hasValue(2);
    }

    @Test
    void aProcessorAnswering503IsFollowedByTheNext() throws IOException {
        Fake rebalancing = processor(n -> new Answer(503, UNAVAILABLE));
        Fake live = processor(n -> new Answer(200, USER));

        assertThat(read(new StateReader(rebalancing.url() + "," + live.url())).get("id").asText()).isEqualTo("u1");
        assertThat(rebalancing.hits()).hasValue(1);
        assertThat(live.hits()).hasValue(1);
    }

    @Test
    void aDefinitiveAnswerIsNotAskedAgainElsewhere() throws IOException {
        Fake first = processor(n -> new Answer(404, NOT_FOUND));
        Fake second = processor(n -> new Answer(200, USER));

        ScimException e = failure(new StateReader(first.url() + "," + second.url()));

        assertThat(e.status()).isEqualTo(404);
        assertThat(second.hits()).as("a 404 is the answer, not a failure").hasValue(0);
    }

    @Test
    void aShortRebalanceOnEveryProcessorIsWaitedOut() throws IOException {
        Fake a = processor(n -> n <= 2 ? new Answer(503, UNAVAILABLE) : new Answer(200, USER));
        Fake b = processor(n -> n <= 2 ? new Answer(503, UNAVAILABLE) : new Answer(200, USER));

        assertThat(read(new StateReader(a.url() + "," + b.url())).get("id").asText()).isEqualTo("u1");
        assertThat(a.hits().get() + b.hits().get()).isEqualTo(5);
    }

    @Test
    void whenNoProcessorAnswersTheReadEndsIn503AfterTryingEachMoreThanOnce() throws IOException {
        Fake rebalancing = processor(n -> new Answer(503, UNAVAILABLE));
        String dead = nothingListening();

        ScimException e = failure(new StateReader(dead + "," + rebalancing.url()));

        assertThat(e.status()).isEqualTo(503);
        assertThat(rebalancing.hits().get()).as("retried, within a bounded budget").isGreaterThan(1);
    }
}
