package dev.gatehouse.api.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.scim.ScimException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The read path's client against a stand-in query endpoint: answers, errors, protocol and threads. */
class StateReaderTest {
    private HttpServer server;
    private final ConcurrentLinkedQueue<String> protocols = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> upgrades = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> timelineQueries = new ConcurrentLinkedQueue<>();
    private StateReader reader;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/internal/v1/tenants/acme/Users", exchange -> {
            protocols.add(exchange.getProtocol());
            String upgrade = exchange.getRequestHeaders().getFirst("Upgrade");
            if (upgrade != null) {
                upgrades.add(upgrade);
            }
            boolean missing = exchange.getRequestURI().getPath().endsWith("/nobody");
            byte[] body = (missing
                    ? "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],\"status\":\"404\",\"detail\":\"no\"}"
                    : "{\"id\":\"u1\",\"userName\":\"ada@acme.test\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/scim+json; charset=utf-8");
            exchange.sendResponseHeaders(missing ? 404 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/internal/v1/tenants/acme/timeline/u1", exchange -> {
            byte[] body = ("{\"events\":["
                    + "{\"tenantId\":\"acme\",\"resourceType\":\"USER\",\"resourceId\":\"u1\",\"at\":\"2026-03-02T14:31:00Z\","
                    + "\"kind\":\"door\",\"version\":2,\"connector\":\"kisi\",\"outcome\":\"retrying\","
                    + "\"detail\":\"503 busy\",\"operation\":null,\"status\":null,\"requestId\":null,\"commandId\":null,"
                    + "\"changed\":null,\"via\":null},"
                    + "{\"tenantId\":\"acme\",\"resourceType\":\"USER\",\"resourceId\":\"u1\",\"at\":\"2026-03-02T14:30:05Z\","
                    + "\"kind\":\"scim\",\"operation\":\"patch\",\"status\":200,\"requestId\":\"req-1\","
                    + "\"commandId\":\"c1\",\"version\":2,\"changed\":[\"groups\"],\"via\":\"Groups/g1\","
                    + "\"connector\":null,\"outcome\":null,\"detail\":null}]}").getBytes(StandardCharsets.UTF_8);
            timelineQueries.add(exchange.getRequestURI().getQuery());
            exchange.getResponseHeaders().add("Content-Type", "application/scim+json; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        reader = new StateReader("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void readsTheResourceOverPlainHttp11WithoutAnH2cUpgradeOffer() throws Exception {
        JsonNode user = reader.get("acme", ResourceType.USER, "u1").get(10, TimeUnit.SECONDS);

        assertThat(user.path("userName").asText()).isEqualTo("ada@acme.test");
        assertThat(protocols).containsOnly("HTTP/1.1");
        assertThat(upgrades).isEmpty();
    }

    @Test
    void aTimelineIsShapedForTheAdminApiInTheProcessorsOrder() throws Exception {
        JsonNode timeline = reader.timeline("acme", "u1", 50).get(10, TimeUnit.SECONDS);

        assertThat(timelineQueries).containsExactly("limit=50");
        assertThat(timeline.path("events")).hasSize(2);
        assertThat(timeline.path("events").get(0)).hasToString("{\"at\":\"2026-03-02T14:31:00Z\",\"kind\":\"door\","
                + "\"connector\":\"kisi\",\"version\":2,\"outcome\":\"retrying\",\"detail\":\"503 busy\"}");
        assertThat(timeline.path("events").get(1)).hasToString("{\"at\":\"2026-03-02T14:30:05Z\",\"kind\":\"scim\","
                + "\"operation\":\"patch\",\"status\":200,\"requestId\":\"req-1\",\"version\":2,"
                + "\"changed\":[\"groups\"],\"via\":\"Groups/g1\"}");
        assertThatThrownBy(() -> reader.timeline("acme", "u1", 501).join()).cause().isInstanceOf(ScimException.class);
    }

    @Test
    void anErrorBodyOfTheProcessorBecomesTheSameScimError() {
        assertThatThrownBy(() -> reader.get("acme", ResourceType.USER, "nobody").join())
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(ScimException.class)
                .satisfies(e -> assertThat(((ScimException) e).status()).isEqualTo(404));
    }

    @Test
    void manyReadsDoNotStartAThreadEach() throws Exception {
        // CompletableFuture's default executor starts a thread per task where the common pool has
        // fewer than two threads (machines with fewer than three cores); sendAsync completes there.
        int reads = 400;
        long before = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount();
        for (int batch = 0; batch < reads / 40; batch++) {
            List<CompletableFuture<JsonNode>> inFlight = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                inFlight.add(reader.get("acme", ResourceType.USER, "u" + i));
            }
            for (CompletableFuture<JsonNode> read : inFlight) {
                assertThat(read.get(10, TimeUnit.SECONDS).path("id").asText()).isEqualTo("u1");
            }
        }
        long started = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount() - before;

        assertThat(started).as("threads started for %d reads", reads).isLessThan(reads / 4);
    }
}
