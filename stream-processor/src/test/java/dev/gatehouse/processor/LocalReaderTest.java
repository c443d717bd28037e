package dev.gatehouse.processor;

import static dev.gatehouse.processor.TopologyFixture.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.pipeline.query.QueryApi;
import dev.gatehouse.processor.query.LocalReader;
import dev.gatehouse.processor.query.QueryBackend;
import dev.gatehouse.processor.query.QueryServer;
import dev.gatehouse.scim.ScimException;
import dev.gatehouse.testkit.TestHttp;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reads an API of this JVM makes from the processor's stores: the same answers as the query API
 * gives over HTTP from the same stores, and none (left to the query API) wherever the query API would
 * not answer from its own stores.
 */
class LocalReaderTest {
    private final TopologyFixture fx = new TopologyFixture();
    private final StubQueryBackend backend = new StubQueryBackend(fx);
    private final LocalReader reader = new LocalReader(backend);
    private QueryServer server;

    @BeforeEach
    void start() {
        fx.createUser("u1", "ada@acme.test");
        fx.createUser("u2", "grace@acme.test");
        fx.createGroup("g1", "Engineering", "u1", "u2");
        server = QueryServer.start("127.0.0.1", 0).serve(backend);
    }

    @AfterEach
    void stop() {
        server.close();
        fx.close();
    }

    @Test
    void answersAResourceAsTheQueryApiDoes() {
        assertThat(wire(reader.resource(TENANT, ResourceType.GROUP, "g1", true)))
                .isEqualTo(http("/Groups/g1").toString());
        assertThat(wire(reader.resource(TENANT, ResourceType.GROUP, "g1", false)))
                .isEqualTo(http("/Groups/g1?members=false").toString());
        assertThat(wire(reader.resource(TENANT, ResourceType.USER, "u2", true)))
                .isEqualTo(http("/Users/u2").toString());
        assertThat(reader.resource(TENANT, ResourceType.GROUP, "g1", true).orElseThrow().at("/members/1/display").asText())
                .isEqualTo("grace@acme.test");
    }

    @Test
    void answersAListAsTheQueryApiDoes() {
        QueryApi.ListQuery byName = new QueryApi.ListQuery("userName eq \"ada@acme.test\"", 1, 5, null, null, true);
        QueryApi.ListQuery sortedPage = new QueryApi.ListQuery(null, 2, 1, "userName", "descending", true);
        QueryApi.ListQuery groupsOnly = new QueryApi.ListQuery(null, 1, 100, null, null, false);

        assertThat(wire(reader.list(TENANT, ResourceType.USER, byName)))
                .isEqualTo(http("/Users?filter=userName%20eq%20%22ada%40acme.test%22&startIndex=1&count=5").toString());
        assertThat(wire(reader.list(TENANT, ResourceType.USER, sortedPage)))
                .isEqualTo(http("/Users?startIndex=2&count=1&sortBy=userName&sortOrder=descending").toString());
        assertThat(wire(reader.list(TENANT, ResourceType.GROUP, groupsOnly)))
                .isEqualTo(http("/Groups?members=false").toString());
        assertThat(reader.list(TENANT, ResourceType.USER, sortedPage).orElseThrow().at("/Resources/0/userName").asText())
                .isEqualTo("ada@acme.test");
    }

    @Test
    void answersATimelineAsTheQueryApiDoes() {
        assertThat(wire(reader.timeline(TENANT, "u1", 100))).isEqualTo(http("/timeline/u1").toString());
        assertThat(wire(reader.timeline(TENANT, "u1", 1))).isEqualTo(http("/timeline/u1?limit=1").toString());
        assertThat(reader.timeline(TENANT, "u1", 100).orElseThrow().path(QueryApi.EVENTS).size()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void scimErrorsAreThrownAsTheQueryApiAnswersThem() {
        JsonNode missing = http("/Users/nobody");

        assertThatThrownBy(() -> reader.resource(TENANT, ResourceType.USER, "nobody", true))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.toBody()).isEqualTo(missing));
        assertThatThrownBy(() -> reader.list(TENANT, ResourceType.USER,
                new QueryApi.ListQuery("userName zz \"x\"", 1, 5, null, null, true)))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void leavesToTheQueryApiEveryTenantWhoseStoreIsNotActiveAndQueryableHere() {
        backend.location.set(new QueryBackend.Remote("10.0.0.2", 8081));
        assertThat(reader.resource(TENANT, ResourceType.USER, "u1", true)).isEmpty();

        backend.location.set(new QueryBackend.Unavailable());
        assertThat(reader.list(TENANT, ResourceType.USER, new QueryApi.ListQuery(null, 1, 10, null, null, true))).isEmpty();

        backend.location.set(new QueryBackend.Local(0));
        backend.state.set("PENDING_SHUTDOWN");
        assertThat(reader.resource(TENANT, ResourceType.USER, "u1", true)).isEmpty();

        backend.state.set("REBALANCING");
        assertThat(reader.resource(TENANT, ResourceType.USER, "u1", true)).isPresent(); // a task that kept running
        backend.storesQueryable.set(false);
        assertThat(reader.resource(TENANT, ResourceType.USER, "u1", true)).isEmpty();
    }

    @Test
    void answersATimelineWhereverTheTenantIsOwnedOnceTheTimelineIsReady() {
        // Every instance keeps every organization's timeline: where the tenant's stores are does not matter.
        backend.location.set(new QueryBackend.Remote("10.0.0.2", 8081));
        backend.state.set("REBALANCING");
        backend.storesQueryable.set(false);
        assertThat(reader.timeline(TENANT, "u1", 10)).isPresent();

        backend.timelineReady.set(false);
        assertThat(reader.timeline(TENANT, "u1", 10)).isEmpty();
    }

    /** An answer as the API sends it on: its JSON text (a node's Java type, int or long, is not part of it). */
    private static String wire(Optional<JsonNode> answer) {
        return answer.orElseThrow().toString();
    }

    /** What the query API answers over HTTP for {@code path} under the tenant, as JSON. */
    private JsonNode http(String path) {
        HttpResponse<String> response = TestHttp.get("http://127.0.0.1:" + server.port() + "/internal/v1/tenants/"
                + TENANT + path, null);
        return TopologyFixture.json(response.body());
    }
}
