package dev.gatehouse.pipeline.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.scim.ScimException;
import dev.gatehouse.scim.ScimJson;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Reads answered by a processor of this JVM where it holds the tenant, else by the query API. */
class LocalReadsTest {
    private static final QueryApi.ListQuery ALL = new QueryApi.ListQuery(null, 1, 100, null, null, true);

    private final AtomicInteger remoteCalls = new AtomicInteger();
    private final Supplier<CompletableFuture<JsonNode>> remote = () -> {
        remoteCalls.incrementAndGet();
        return CompletableFuture.completedFuture(json("{\"from\":\"query API\"}"));
    };

    @Test
    void withoutAProcessorInThisJvmEveryReadGoesToTheQueryApi() throws Exception {
        LocalReads reads = new LocalReads();

        assertThat(reads.resource("acme", ResourceType.USER, "u1", true, remote).get(5, TimeUnit.SECONDS).path("from").asText())
                .isEqualTo("query API");
        assertThat(LocalReads.NONE.list("acme", ResourceType.USER, ALL, remote).get(5, TimeUnit.SECONDS).path("from").asText())
                .isEqualTo("query API");
        assertThat(remoteCalls).hasValue(2);
        assertThatThrownBy(() -> LocalReads.NONE.add(new Holding("acme", "here")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aProcessorHoldingTheTenantAnswersOnAThreadOfItsOwn() throws Exception {
        LocalReads reads = new LocalReads();
        Holding here = new Holding("acme", "here");
        reads.add(here);

        JsonNode user = reads.resource("acme", ResourceType.USER, "u1", true, remote).get(5, TimeUnit.SECONDS);
        JsonNode list = reads.list("acme", ResourceType.USER, ALL, remote).get(5, TimeUnit.SECONDS);
        JsonNode timeline = reads.timeline("acme", "u1", 10, remote).get(5, TimeUnit.SECONDS);

        assertThat(List.of(user, list, timeline)).allSatisfy(answer -> assertThat(answer.path("from").asText()).isEqualTo("here"));
        assertThat(here.asked).containsExactly("resource u1", "list", "timeline u1 10");
        assertThat(here.threads).allSatisfy(name -> assertThat(name).startsWith("local-reads-"));
        assertThat(remoteCalls).hasValue(0);
        assertThat(reads.answered()).isEqualTo(3);
    }

    @Test
    void eachProcessorIsAskedInTurnAndTheQueryApiWhenNoneHoldsTheTenant() throws Exception {
        LocalReads reads = new LocalReads();
        Holding first = new Holding("acme", "first");
        Holding second = new Holding("globex", "second");
        reads.add(first);
        reads.add(second);

        assertThat(reads.resource("globex", ResourceType.GROUP, "g1", false, remote).get(5, TimeUnit.SECONDS)
                .path("from").asText()).isEqualTo("second");
        assertThat(reads.resource("initech", ResourceType.GROUP, "g1", false, remote).get(5, TimeUnit.SECONDS)
                .path("from").asText()).isEqualTo("query API");
        assertThat(first.asked).containsExactly("resource g1", "resource g1");
        assertThat(second.asked).containsExactly("resource g1", "resource g1");
        assertThat(remoteCalls).hasValue(1);

        reads.remove(second);
        assertThat(reads.resource("globex", ResourceType.GROUP, "g1", false, remote).get(5, TimeUnit.SECONDS)
                .path("from").asText()).isEqualTo("query API");
        assertThat(second.asked).hasSize(2); // no longer asked
        assertThat(first.asked).hasSize(3);
        assertThat(reads.answered()).isEqualTo(1);
    }

    @Test
    void aScimErrorOfTheProcessorIsTheReadsAnswer() {
        LocalReads reads = new LocalReads();
        reads.add(new Holding("acme", "here") {
            @Override
            public Optional<JsonNode> resource(String tenantId, ResourceType type, String id, boolean members) {
                throw ScimException.notFound("User " + id + " not found");
            }
        });

        assertThatThrownBy(() -> reads.resource("acme", ResourceType.USER, "nobody", true, remote).get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThat(remoteCalls).hasValue(0);
    }

    /** A processor holding one tenant, recording what it was asked and on which thread. */
    private static class Holding implements LocalReads.Reader {
        final String tenant;
        final String name;
        final List<String> asked = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();

        Holding(String tenant, String name) {
            this.tenant = tenant;
            this.name = name;
        }

        @Override
        public Optional<JsonNode> resource(String tenantId, ResourceType type, String id, boolean members) {
            return answer(tenantId, "resource " + id);
        }

        @Override
        public Optional<JsonNode> list(String tenantId, ResourceType type, QueryApi.ListQuery query) {
            return answer(tenantId, "list");
        }

        @Override
        public Optional<JsonNode> timeline(String tenantId, String resourceId, int limit) {
            return answer(tenantId, "timeline " + resourceId + " " + limit);
        }

        private Optional<JsonNode> answer(String tenantId, String what) {
            asked.add(what);
            threads.add(Thread.currentThread().getName());
            return tenantId.equals(tenant) ? Optional.of(json("{\"from\":\"" + name + "\"}")) : Optional.empty();
        }
    }

    private static JsonNode json(String text) {
        try {
            return ScimJson.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
