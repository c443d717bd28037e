package dev.gatehouse.processor;

import static dev.gatehouse.processor.TopologyFixture.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.contract.Operation;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.processor.query.QueryService;
import dev.gatehouse.processor.store.Directory;
import dev.gatehouse.processor.store.StoreNames;
import dev.gatehouse.processor.store.StoredResource;
import dev.gatehouse.scim.ScimException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QueryServiceTest {
    private final TopologyFixture fx = new TopologyFixture();
    private QueryService queries;

    @BeforeEach
    void directory() {
        fx.createUser("u2", "bob@acme.test");
        fx.createUser("u1", "ada@acme.test");
        fx.send(Operation.CREATE, ResourceType.USER, "u3", "{\"userName\":\"cy@acme.test\",\"externalId\":\"E-3\"}");
        fx.createGroup("g1", "Engineering", "u1", "u2");
        fx.createGroup("g2", "Ops", "u1");
        queries = fx.queries();
    }

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void aUserIsReadWithItsGroupsAndAGroupWithItsMembers() {
        ObjectNode user = queries.get(ResourceType.USER, TENANT, "u1").orElseThrow();
        ObjectNode group = queries.get(ResourceType.GROUP, TENANT, "g1").orElseThrow();

        assertThat(values(user.get("groups"))).containsExactly("g1", "g2");
        assertThat(values(group.get("members"))).containsExactly("u1", "u2");
        assertThat(queries.get(ResourceType.USER, TENANT, "nope")).isEmpty();
        assertThat(queries.get(ResourceType.USER, "other-tenant", "u1")).isEmpty();
    }

    @Test
    void listIsInIdOrderAndPagesFromOne() {
        ObjectNode all = queries.list(ResourceType.USER, TENANT, null, 1, 100);
        ObjectNode page = queries.list(ResourceType.USER, TENANT, null, 2, 1);

        assertThat(all.get("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:ListResponse");
        assertThat(all.get("totalResults").asInt()).isEqualTo(3);
        assertThat(ids(all)).containsExactly("u1", "u2", "u3");
        assertThat(page.get("totalResults").asInt()).isEqualTo(3);
        assertThat(page.get("startIndex").asInt()).isEqualTo(2);
        assertThat(page.get("itemsPerPage").asInt()).isEqualTo(1);
        assertThat(ids(page)).containsExactly("u2");
    }

    @Test
    void countZeroReturnsOnlyTheTotal() {
        ObjectNode response = queries.list(ResourceType.GROUP, TENANT, null, 1, 0);

        assertThat(response.get("totalResults").asInt()).isEqualTo(2);
        assertThat(response.has("Resources")).isFalse();
    }

    @Test
    void equalityFiltersAreAnsweredFromTheIndexes() {
        assertThat(ids(queries.list(ResourceType.USER, TENANT, "userName eq \"ADA@acme.test\"", 1, 100)))
                .containsExactly("u1");
        assertThat(ids(queries.list(ResourceType.USER, TENANT, "externalId eq \"E-3\"", 1, 100)))
                .containsExactly("u3");
        assertThat(ids(queries.list(ResourceType.GROUP, TENANT, "displayName eq \"ops\"", 1, 100)))
                .containsExactly("g2");
        assertThat(ids(queries.list(ResourceType.GROUP, TENANT, "members.value eq \"u2\"", 1, 100)))
                .containsExactly("g1");
        assertThat(ids(queries.list(ResourceType.USER, TENANT, "id eq \"u9\"", 1, 100))).isEmpty();
    }

    @Test
    void otherFiltersAreEvaluatedOverTheTenantsResources() {
        ObjectNode response = queries.list(ResourceType.USER, TENANT, "userName sw \"b\" or userName sw \"c\"", 1, 100);

        assertThat(ids(response)).containsExactly("u2", "u3");
    }

    @Test
    void aMalformedFilterIs400() {
        assertThatThrownBy(() -> queries.list(ResourceType.USER, TENANT, "userName eq", 1, 10))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void groupsReadWithoutMembersAreIdenticalLessMembersAndNeverReadTheMembershipStore() {
        CountingStore<String> memberships = new CountingStore<>(fx.<String>store(StoreNames.MEMBERSHIPS));
        QueryService counted = new QueryService(new Directory(fx.<StoredResource>store(StoreNames.USERS),
                fx.<StoredResource>store(StoreNames.GROUPS), memberships, fx.<String>store(StoreNames.INDEXES)));
        ObjectNode full = counted.get(ResourceType.GROUP, TENANT, "g1").orElseThrow();
        ObjectNode fullList = counted.list(ResourceType.GROUP, TENANT, "displayName eq \"engineering\"", 1, 100,
                "displayName", null, true);
        assertThat(memberships.reads).isPositive();
        memberships.reads = 0;

        ObjectNode without = counted.get(ResourceType.GROUP, TENANT, "g1", false).orElseThrow();
        ObjectNode withoutList = counted.list(ResourceType.GROUP, TENANT, "displayName eq \"engineering\"", 1, 100,
                "displayName", null, false);
        ObjectNode all = counted.list(ResourceType.GROUP, TENANT, null, 1, 100, null, null, false);

        assertThat(memberships.reads).as("membership reads").isZero();
        ObjectNode expected = full.deepCopy();
        expected.remove("members");
        assertThat(without).isEqualTo(expected);
        ObjectNode expectedList = fullList.deepCopy();
        ((ObjectNode) expectedList.get("Resources").get(0)).remove("members");
        assertThat(withoutList).isEqualTo(expectedList);
        assertThat(ids(all)).containsExactly("g1", "g2");
        all.get("Resources").forEach(g -> assertThat(g.has("members")).isFalse());
        // A filter on members still needs them, and a user keeps its groups.
        assertThat(ids(counted.list(ResourceType.GROUP, TENANT, "members.value eq \"u2\"", 1, 100, null, null, false)))
                .containsExactly("g1");
        assertThat(values(counted.get(ResourceType.USER, TENANT, "u1", false).orElseThrow().get("groups")))
                .containsExactly("g1", "g2");
    }

    /** A real store that counts the reads made through it. */
    private static final class CountingStore<V> implements ReadOnlyKeyValueStore<String, V> {
        private final ReadOnlyKeyValueStore<String, V> store;
        int reads;

        CountingStore(ReadOnlyKeyValueStore<String, V> store) {
            this.store = store;
        }

        @Override
        public V get(String key) {
            reads++;
            return store.get(key);
        }

        @Override
        public KeyValueIterator<String, V> range(String from, String to) {
            reads++;
            return store.range(from, to);
        }

        @Override
        public KeyValueIterator<String, V> all() {
            reads++;
            return store.all();
        }

        @Override
        public <PS extends Serializer<P>, P> KeyValueIterator<String, V> prefixScan(P prefix, PS serializer) {
            reads++;
            return store.prefixScan(prefix, serializer);
        }

        @Override
        public long approximateNumEntries() {
            return store.approximateNumEntries();
        }
    }

    private static List<String> ids(JsonNode listResponse) {
        List<String> out = new ArrayList<>();
        listResponse.get("Resources").forEach(r -> out.add(r.get("id").asText()));
        return out;
    }

    private static List<String> values(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(e -> out.add(e.get("value").asText()));
        return out;
    }
}
