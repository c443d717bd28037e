package dev.gatehouse.processor;

import static dev.gatehouse.processor.TopologyFixture.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.contract.AccessChange;
import dev.gatehouse.contract.CommandResult;
import dev.gatehouse.contract.Operation;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.processor.store.StoreNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GroupMembershipTopologyTest {
    private final TopologyFixture fx = new TopologyFixture();

    @BeforeEach
    void users() {
        fx.createUser("u1", "ada@acme.test");
        fx.createUser("u2", "bob@acme.test");
        fx.createUser("u3", "cy@acme.test");
        fx.drain();
    }

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void groupCreatedWithMembersEmitsAUserEventPerMemberWithItsGroups() {
        CommandResult result = fx.createGroup("g1", "Engineering", "u2", "u1");

        assertThat(result.status()).isEqualTo(201);
        assertThat(values(result.body().get("members"))).containsExactly("u1", "u2");
        Map<String, AccessChange> changes = byResource(fx.changes());
        assertThat(changes).containsOnlyKeys("g1", "u1", "u2");
        assertThat(changes.get("g1").version()).isEqualTo(1);
        assertThat(texts(changes.get("g1").state().get("members"))).containsExactly("u1", "u2");
        assertThat(changes.get("u1").version()).isEqualTo(2);
        assertThat(texts(changes.get("u1").state().get("groups"))).containsExactly("g1");
        assertThat(changes.get("u1").eventId()).isEqualTo(result.commandId() + "/u1");
        assertThat(fx.groupStates()).singleElement()
                .satisfies(kv -> assertThat(values(kv.value.get("members"))).containsExactly("u1", "u2"));
        assertThat(fx.userStates()).hasSize(2);
        assertThat(fx.keys(StoreNames.MEMBERSHIPS)).containsExactly(
                TENANT + "/g/g1/u1", TENANT + "/g/g1/u2", TENANT + "/u/u1/g1", TENANT + "/u/u2/g1");
        assertThat(fx.queries().get(ResourceType.USER, TENANT, "u1").orElseThrow().at("/meta/version").asText())
                .isEqualTo("W/\"2\"");
    }

    @Test
    void membersThatAreNotUsersOfTheTenantAre400NamingThem() {
        CommandResult result = fx.createGroup("g1", "Engineering", "u1", "ghost-2", "ghost-1");

        assertThat(result.status()).isEqualTo(400);
        assertThat(result.body().get("scimType").asText()).isEqualTo("invalidValue");
        assertThat(result.body().get("detail").asText()).contains("ghost-1, ghost-2");
        assertThat(fx.changes()).isEmpty();
        assertThat(fx.keys(StoreNames.GROUPS)).isEmpty();
    }

    @Test
    void groupDisplayNameIsUniqueCaseInsensitively() {
        fx.createGroup("g1", "Engineering");

        CommandResult result = fx.createGroup("g2", "ENGINEERING");

        assertThat(result.status()).isEqualTo(409);
        assertThat(result.body().get("detail").asText()).contains("displayName");
    }

    @Test
    void addingAMemberByPatchEmitsTheGroupAndOnlyTheAddedUser() {
        fx.createGroup("g1", "Engineering", "u1");
        fx.drain();

        CommandResult result = fx.patch(ResourceType.GROUP, "g1",
                "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"u1\"},{\"value\":\"u3\"}]}]");

        assertThat(result.status()).isEqualTo(200);
        Map<String, AccessChange> changes = byResource(fx.changes());
        assertThat(changes).containsOnlyKeys("g1", "u3");
        assertThat(texts(changes.get("g1").state().get("members"))).containsExactly("u1", "u3");
        assertThat(changes.get("g1").version()).isEqualTo(2);
        assertThat(texts(changes.get("u3").state().get("groups"))).containsExactly("g1");
    }

    @Test
    void removingAMemberByPatchTakesTheGroupAwayFromThatUserOnly() {
        fx.createGroup("g1", "Engineering", "u1", "u2");
        fx.drain();

        CommandResult result = fx.patch(ResourceType.GROUP, "g1",
                "[{\"op\":\"remove\",\"path\":\"members[value eq \\\"u2\\\"]\"}]");

        assertThat(result.status()).isEqualTo(200);
        Map<String, AccessChange> changes = byResource(fx.changes());
        assertThat(changes).containsOnlyKeys("g1", "u2");
        assertThat(texts(changes.get("u2").state().get("groups"))).isEmpty();
        assertThat(fx.keys(StoreNames.MEMBERSHIPS)).containsExactly(TENANT + "/g/g1/u1", TENANT + "/u/u1/g1");
    }

    @Test
    void addingAnExistingMemberOrRemovingANonMemberChangesNothing() {
        fx.createGroup("g1", "Engineering", "u1");
        fx.drain();

        CommandResult add = fx.patch(ResourceType.GROUP, "g1",
                "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"u1\"}]}]");
        CommandResult remove = fx.patch(ResourceType.GROUP, "g1",
                "[{\"op\":\"remove\",\"path\":\"members[value eq \\\"u3\\\"]\"}]");

        assertThat(add.status()).isEqualTo(200);
        assertThat(remove.status()).isEqualTo(200);
        assertThat(fx.changes()).isEmpty();
    }

    @Test
    void deletingAUserRemovesItFromItsGroupsWithGroupEvents() {
        fx.createGroup("g1", "Engineering", "u1", "u2");
        fx.createGroup("g2", "Ops", "u1");
        fx.drain();

        fx.send(Operation.DELETE, ResourceType.USER, "u1", null);

        Map<String, AccessChange> changes = byResource(fx.changes());
        assertThat(changes).containsOnlyKeys("u1", "g1", "g2");
        assertThat(changes.get("u1").deleted()).isTrue();
        assertThat(texts(changes.get("g1").state().get("members"))).containsExactly("u2");
        assertThat(texts(changes.get("g2").state().get("members"))).isEmpty();
        assertThat(changes.get("g1").version()).isEqualTo(2);
        assertThat(fx.keys(StoreNames.MEMBERSHIPS)).containsExactly(TENANT + "/g/g1/u2", TENANT + "/u/u2/g1");
    }

    @Test
    void deletingAGroupTakesItAwayFromEveryMember() {
        fx.createGroup("g1", "Engineering", "u1", "u2");
        fx.drain();

        CommandResult result = fx.send(Operation.DELETE, ResourceType.GROUP, "g1", null);

        assertThat(result.status()).isEqualTo(204);
        Map<String, AccessChange> changes = byResource(fx.changes());
        assertThat(changes).containsOnlyKeys("g1", "u1", "u2");
        assertThat(changes.get("g1").deleted()).isTrue();
        assertThat(texts(changes.get("u1").state().get("groups"))).isEmpty();
        assertThat(changes.get("u1").version()).isEqualTo(3);
        assertThat(fx.groupStates()).singleElement().satisfies(kv -> assertThat(kv.value).isNull());
        assertThat(fx.keys(StoreNames.MEMBERSHIPS)).isEmpty();
        assertThat(fx.createGroup("g2", "engineering").status()).isEqualTo(201);
    }

    private static Map<String, AccessChange> byResource(List<AccessChange> changes) {
        assertThat(changes.stream().map(AccessChange::resourceId).distinct()).hasSameSizeAs(changes);
        return changes.stream().collect(Collectors.toMap(AccessChange::resourceId, c -> c));
    }

    private static List<String> values(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(e -> out.add(e.get("value").asText()));
        return out;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(e -> out.add(e.asText()));
        return out;
    }
}
