package dev.gatehouse.processor;

import static dev.gatehouse.processor.TopologyFixture.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.contract.Operation;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.processor.query.QueryServer;
import dev.gatehouse.testkit.TestHttp;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The internal query API over HTTP on port 0, backed by TopologyTestDriver stores. */
class QueryServerTest {
    private final TopologyFixture fx = new TopologyFixture();
    private final StubQueryBackend backend = new StubQueryBackend(fx);
    private QueryServer server;

    @BeforeEach
    void start() {
        fx.createUser("u1", "ada@acme.test");
        fx.createGroup("g1", "Engineering", "u1");
        server = QueryServer.start("127.0.0.1", 0).serve(backend);
    }

    @AfterEach
    void stop() {
        server.close();
        fx.close();
    }

    @Test
    void getsAResourceByIdAsScimJson() throws Exception {
        HttpResponse<String> response = get("/internal/v1/tenants/" + TENANT + "/Groups/g1");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith(QueryServer.SCIM_JSON);
        assertThat(TopologyFixture.json(response.body()).at("/members/0/value").asText()).isEqualTo("u1");
    }

    @Test
    void membersFalseLeavesGroupMembersOutOfReadsAndLists() throws Exception {
        JsonNode one = TopologyFixture.json(get("/internal/v1/tenants/" + TENANT + "/Groups/g1?members=false").body());
        JsonNode list = TopologyFixture.json(get("/internal/v1/tenants/" + TENANT + "/Groups?members=false").body());

        assertThat(one.get("displayName").asText()).isEqualTo("Engineering");
        assertThat(one.has("members")).isFalse();
        assertThat(list.at("/Resources/0/id").asText()).isEqualTo("g1");
        assertThat(list.at("/Resources/0").has("members")).isFalse();
        assertThat(TopologyFixture.json(get("/internal/v1/tenants/" + TENANT + "/Groups/g1?members=true").body())
                .at("/members/0/value").asText()).isEqualTo("u1");
    }

    @Test
    void nonAsciiNamesComeBackAsUtf8() throws Exception {
        fx.send(Operation.CREATE, ResourceType.GROUP, "g2", "{\"displayName\":\"Zürich Büro\"}");

        HttpResponse<String> response = get("/internal/v1/tenants/" + TENANT + "/Groups/g2");

        assertThat(response.headers().firstValue("Content-Type").orElse("")).containsIgnoringCase("charset=utf-8");
        assertThat(TopologyFixture.json(response.body()).get("displayName").asText())
                .isEqualTo("Zürich Büro");
    }

    @Test
    void anUnknownIdIs404WithAScimErrorBody() throws Exception {
        HttpResponse<String> response = get("/internal/v1/tenants/" + TENANT + "/Users/nope");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(TopologyFixture.json(response.body()).get("status").asText()).isEqualTo("404");
    }

    @Test
    void listsWithFilterAndPaging() throws Exception {
        HttpResponse<String> response = get("/internal/v1/tenants/" + TENANT
                + "/Users?filter=userName%20eq%20%22ada%40acme.test%22&startIndex=1&count=5");

        JsonNode body = TopologyFixture.json(response.body());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(body.get("totalResults").asInt()).isEqualTo(1);
        assertThat(body.at("/Resources/0/groups/0/value").asText()).isEqualTo("g1");
    }

    @Test
    void servesAPersonsTimelineNewestFirstWithinTheLimit() throws Exception {
        fx.patch(ResourceType.USER, "u1", "[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]");

        JsonNode all = TopologyFixture.json(get("/internal/v1/tenants/" + TENANT + "/timeline/u1").body());
        JsonNode one = TopologyFixture.json(get("/internal/v1/tenants/" + TENANT + "/timeline/u1?limit=1").body());

        assertThat(all.path("events")).extracting(e -> e.path("operation").asText())
                .containsExactly("patch", "create", "create");
        assertThat(all.path("events").get(0).path("changed")).hasToString("[\"active\"]");
        assertThat(all.path("events").get(1).path("via").asText()).isEqualTo("Groups/g1");
        assertThat(one.path("events")).hasSize(1);
        assertThat(get("/internal/v1/tenants/" + TENANT + "/timeline/u1?limit=0").statusCode()).isEqualTo(400);
        assertThat(get("/internal/v1/tenants/" + TENANT + "/timeline/u1?limit=501").statusCode()).isEqualTo(400);
        assertThat(TopologyFixture.json(get("/internal/v1/tenants/" + TENANT + "/timeline/nobody").body())
                .path("events")).isEmpty();
    }

    @Test
    void aTimelineIs503WithRetryAfterUntilTheTimelineStoreHasCaughtUp() throws Exception {
        backend.timelineReady.set(false);

        HttpResponse<String> response = get("/internal/v1/tenants/" + TENANT + "/timeline/u1");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(TopologyFixture.json(response.body()).path("status").asText()).isEqualTo("503");
    }

    @Test
    void aBadFilterOrCountIs400() throws Exception {
        assertThat(get("/internal/v1/tenants/" + TENANT + "/Users?filter=userName%20eq").statusCode()).isEqualTo(400);
        assertThat(get("/internal/v1/tenants/" + TENANT + "/Users?count=many").statusCode()).isEqualTo(400);
    }

    @Test
    void whileRebalancingATenantWhoseStoreIsRunningIsStillAnswered() throws Exception {
        backend.state.set("REBALANCING");

        assertThat(get("/internal/v1/tenants/" + TENANT + "/Users/u1").statusCode()).isEqualTo(200);
        assertThat(get("/internal/v1/health").statusCode()).isEqualTo(503);
    }

    @Test
    void whileRebalancingATenantWhoseStoreIsNotQueryableIs503WithRetryAfter() throws Exception {
        backend.state.set("REBALANCING");
        backend.storesQueryable.set(false);

        HttpResponse<String> response = get("/internal/v1/tenants/" + TENANT + "/Users/u1");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).contains("1");
        assertThat(TopologyFixture.json(response.body()).get("status").asText()).isEqualTo("503");
    }

    @Test
    void whenStreamsIsNeitherRunningNorRebalancingEveryQueryIs503() throws Exception {
        for (String notQueryable : new String[] {"CREATED", "PENDING_SHUTDOWN", "ERROR"}) {
            backend.state.set(notQueryable);

            HttpResponse<String> response = get("/internal/v1/tenants/" + TENANT + "/Users/u1");

            assertThat(response.statusCode()).as(notQueryable).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).as(notQueryable).contains("1");
        }
    }

    @Test
    void healthReportsTheStreamsState() throws Exception {
        HttpResponse<String> response = get("/internal/v1/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(TopologyFixture.json(response.body()).get("state").asText()).isEqualTo("RUNNING");
    }

    private HttpResponse<String> get(String path) {
        return TestHttp.get("http://127.0.0.1:" + server.port() + path, null);
    }
}
