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

    /** Group g1, Engineering, created with these members; outputs drained. */
    private void engineeringCreated(String... members) {
        fx.createGroup("g1", "Engineering", members);
        fx.drain();
    }

    @Test
    void groupCreatedWithMembersEmitsAUserEventPerMemberWithItsGroups() {
        CommandResult result = fx.createGroup("g1", "Engineering", "u2", "u1");

        assertThat(result.status()).isEqualTo(201);
        assertThat(values(result.body().get("members"))).containsExactly("u1", "u2");
        Map<String, AccessChange> changes = byResource(fx.changes());
        assertThat(changes).containsOnlyKeys("g1", "u1", "u2");
        assertThat(changes.get("g1").version()).isEqualTo(1);
        // Membership travels in user events; a group's record never lists its members.
        assertThat(changes.get("g1").state().has("members")).isFalse();
        assertThat(changes.get("g1").state().path("displayName").asText()).isEqualTo("Engineering");
        assertThat(changes.get("u1").version()).isEqualTo(2);
        assertThat(texts(changes.get("u1").state().get("groups"))).containsExactly("g1");
        assertThat(changes.get("u1").eventId()).isEqualTo(result.commandId() + "/u1");
        assertThat(fx.groupStates()).singleElement().satisfies(kv -> assertThat(kv.value.has("members")).isFalse());
        assertThat(fx.userStates()).hasSize(2).allSatisfy(kv ->
                assertThat(values(kv.value.get("groups"))).containsExactly("g1"));
        assertThat(fx.keys(StoreNames.MEMBERSHIPS)).containsExactly(
                TENANT + "/g/g1/u1", TENANT + "/g/g1/u2", TENANT + "/u/u1/g1", TENANT + "/u/u2/g1");
        assertThat(fx.queries().get(ResourceType.USER, TENANT, "u1").orElseThrow().at("/meta/version").asText())
                .isEqualTo("W/\"2\"");
    }

    @Test
    void membersThatAreNotUsersOfTheTenantAreIgnoredNotStoredAndNotRefused() {
        CommandResult result = fx.createGroup("g1", "Engineering", "u1", "ghost-2", "ghost-1");

        assertThat(result.status()).isEqualTo(201);
        assertThat(values(result.body().get("members"))).containsExactly("u1");
        Map<String, AccessChange> changes = byResource(fx.changes());
        assertThat(changes).containsOnlyKeys("g1", "u1");
        assertThat(fx.keys(StoreNames.MEMBERSHIPS)).containsExactly(TENANT + "/g/g1/u1", TENANT + "/u/u1/g1");
    }

    @Test
    void groupDisplayNameIsUniqueCaseInsensitively() {
        fx.createGroup("g1", "Engineering");

        CommandResult result = fx.createGroup("g2", "ENGINEERING");

        assertThat(result.status()).isEqualTo(409);
        assertThat(result.body().get("detail").asText()).contains("displayName");
    }

    @Test
    void addingAMemberByPatchEmitsTheGroupWithoutMembersAndOnlyTheAddedUser() {
        engineeringCreated("u1");

        CommandResult result = fx.patch(ResourceType.GROUP, "g1",
                "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"u1\"},{\"value\":\"u3\"}]}]");

        assertThat(result.status()).isEqualTo(200);
        // A PATCH result lists no members: that would cost O(group size).
        assertThat(result.body().has("members")).isFalse();
        assertThat(result.body().at("/meta/version").asText()).isEqualTo("W/\"2\"");
        Map<String, AccessChange> changes = byResource(fx.changes());
        assertThat(changes).containsOnlyKeys("g1", "u3");
        assertThat(changes.get("g1").state().has("members")).isFalse();
        assertThat(changes.get("g1").version()).isEqualTo(2);
        assertThat(values(fx.queries().get(ResourceType.GROUP, TENANT, "g1").orElseThrow().get("members")))
                .containsExactly("u1", "u3");
        assertThat(texts(changes.get("u3").state().get("groups"))).containsExactly("g1");
    }

    @Test
    void removingAMemberByPatchTakesTheGroupAwayFromThatUserOnly() {
        engineeringCreated("u1", "u2");

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
        engineeringCreated("u1");

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
        assertThat(changes.get("g1").version()).isEqualTo(2);
        assertThat(changes.get("g2").version()).isEqualTo(2);
        assertThat(values(fx.queries().get(ResourceType.GROUP, TENANT, "g1").orElseThrow().get("members")))
                .containsExactly("u2");
        assertThat(fx.keys(StoreNames.MEMBERSHIPS)).containsExactly(TENANT + "/g/g1/u2", TENANT + "/u/u2/g1");
    }

    @Test
    void deletingAGroupTakesItAwayFromEveryMember() {
        engineeringCreated("u1", "u2");

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

    @Test
    void membersAreShownWithTheDisplaySentElseTheUsersNameAndTypeUser() {
        fx.send(Operation.CREATE, ResourceType.USER, "u4", "{\"schemas\":[\"" + ResourceType.USER.schema()
                + "\"],\"userName\":\"dee@acme.test\",\"displayName\":\"Dee Day\"}");
        CommandResult created = fx.send(Operation.CREATE, ResourceType.GROUP, "g1", "{\"schemas\":[\""
                + ResourceType.GROUP.schema() + "\"],\"displayName\":\"Engineering\",\"members\":["
                + "{\"value\":\"u1\",\"display\":\"Ada L.\"},{\"value\":\"u4\"}]}");
        // Microsoft's reference collection names the member "displayName"; a bare id string is a member too.
        fx.patch(ResourceType.GROUP, "g1", "[{\"op\":\"add\",\"path\":\"members\","
                + "\"value\":[{\"displayName\":\"new User\",\"value\":\"u2\"}]},"
                + "{\"op\":\"add\",\"path\":\"members\",\"value\":\"u3\"}]");

        assertThat(created.body().at("/members/0/display").asText()).isEqualTo("Ada L.");
        assertThat(created.body().at("/members/1/display").asText()).isEqualTo("Dee Day");
        JsonNode members = fx.queries().get(ResourceType.GROUP, TENANT, "g1").orElseThrow().get("members");
        assertThat(members).hasSize(4);
        assertThat(members.findValuesAsText("display")).containsExactly("Ada L.", "new User", "cy@acme.test", "Dee Day");
        assertThat(members.findValuesAsText("type")).containsOnly("User");
        // The display is a read-form decoration: events carry plain group ids.
        assertThat(fx.changes().stream().filter(c -> c.resourceId().equals("u2")).reduce((a, b) -> b).orElseThrow()
                .state().get("groups").toString()).isEqualTo("[\"g1\"]");
    }

    @Test
    void aMemberPatchWritesAndEmitsOnlyWhatItChangesWhateverTheGroupSize() {
        for (int i = 0; i < 1_000; i++) {
            fx.createUser("m" + i, "member" + i + "@acme.test");
        }
        fx.createGroup("big", "Everyone");
        for (int from = 0; from < 1_000; from += 100) {
            StringBuilder members = new StringBuilder();
            for (int i = from; i < from + 100; i++) {
                members.append(i == from ? "" : ",").append("{\"value\":\"m").append(i).append("\"}");
            }
            fx.patch(ResourceType.GROUP, "big", "[{\"op\":\"add\",\"path\":\"members\",\"value\":[" + members + "]}]");
        }
        fx.drain();

        CommandResult result = fx.patch(ResourceType.GROUP, "big",
                "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"u1\"}]}]");

        // Every record the PATCH produced is about the group's own attributes or the one user added.
        assertThat(result.body().toString().length()).isLessThan(1_000);
        List<AccessChange> changes = fx.changes();
        assertThat(changes).extracting(AccessChange::resourceId).containsExactlyInAnyOrder("big", "u1");
        assertThat(changes).allSatisfy(c -> assertThat(c.state().toString().length()).isLessThan(1_000));
        assertThat(fx.groupStates()).singleElement()
                .satisfies(kv -> assertThat(kv.value.toString().length()).isLessThan(1_000));
        assertThat(fx.userStates()).extracting(kv -> kv.key).containsExactly(TENANT + "/u1");
        assertThat(fx.queries().get(ResourceType.GROUP, TENANT, "big").orElseThrow().get("members")).hasSize(1_001);
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
