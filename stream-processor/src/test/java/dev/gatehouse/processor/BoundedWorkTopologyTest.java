package dev.gatehouse.processor;

import static dev.gatehouse.processor.TopologyFixture.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.contract.AccessChange;
import dev.gatehouse.contract.CommandResult;
import dev.gatehouse.contract.Operation;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.processor.store.StoreNames;
import dev.gatehouse.scim.limits.Limits;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every command is bounded work: large membership changes are applied in steps, answered at the end. */
class BoundedWorkTopologyTest {
    private static final int STEP = Limits.MEMBER_CHANGES_PER_STEP;
    private final TopologyFixture fx = new TopologyFixture();

    @AfterEach
    void close() {
        fx.close();
    }

    /** A group of {@code size} users u0..u(size-1), filled by PATCHes within the per-request limit. */
    private void bigGroup(String groupId, int size) {
        for (int i = 0; i < size; i++) {
            fx.createUser("u" + i, "user" + i + "@acme.test");
        }
        fx.createGroup(groupId, "Everyone");
        for (int from = 0; from < size; from += Limits.MEMBERS_PER_REQUEST) {
            StringBuilder values = new StringBuilder();
            for (int i = from; i < Math.min(size, from + Limits.MEMBERS_PER_REQUEST); i++) {
                values.append(values.length() == 0 ? "" : ",").append("{\"value\":\"u").append(i).append("\"}");
            }
            assertThat(fx.patch(ResourceType.GROUP, groupId,
                    "[{\"op\":\"add\",\"path\":\"members\",\"value\":[" + values + "]}]").status()).isEqualTo(200);
        }
        fx.drain();
    }

    @Test
    void aGroupDeleteLargerThanOneStepIsAppliedInStepsAndAnsweredByTheLast() {
        int size = 2 * STEP + 500;
        bigGroup("g1", size);

        CommandResult result = fx.send(Operation.DELETE, ResourceType.GROUP, "g1", null);

        assertThat(result.status()).isEqualTo(204);
        assertThat(result.commandId()).isEqualTo("c" + (size + 1 + (size + Limits.MEMBERS_PER_REQUEST - 1)
                / Limits.MEMBERS_PER_REQUEST + 1));
        assertThat(fx.keys(StoreNames.MEMBERSHIPS)).isEmpty();
        assertThat(fx.keys(StoreNames.INDEXES)).noneMatch(k -> k.contains("/pending/"));
        List<AccessChange> changes = fx.changes();
        // One event per member (no group left in its groups) and the group's own deleted event.
        assertThat(changes).filteredOn(c -> c.resourceType() == ResourceType.USER).hasSize(size)
                .allSatisfy(c -> assertThat(c.state().get("groups")).isEmpty());
        assertThat(changes).filteredOn(c -> c.resourceType() == ResourceType.GROUP).singleElement()
                .satisfies(c -> assertThat(c.deleted()).isTrue());
        assertThat(changes).extracting(AccessChange::eventId).doesNotHaveDuplicates();
    }

    @Test
    void replacingTheMembersOfALargeGroupKeepsTheNewOnesAndAnswersWithThem() {
        int size = STEP + 10;
        bigGroup("g1", size);

        CommandResult result = fx.send(fx.command(Operation.REPLACE, ResourceType.GROUP, "g1",
                "{\"displayName\":\"Everyone\",\"members\":[{\"value\":\"u3\"},{\"value\":\"u" + (size - 1)
                        + "\"},{\"value\":\"ghost\"}]}", null));

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.body().get("members")).extracting(m -> m.get("value").asText())
                .containsExactlyInAnyOrder("u3", "u" + (size - 1));
        assertThat(fx.directory().members(TENANT, "g1")).containsExactlyInAnyOrder("u3", "u" + (size - 1));
        assertThat(fx.changes()).filteredOn(c -> c.resourceType() == ResourceType.USER).hasSize(size - 2);
        assertThat(fx.keys(StoreNames.INDEXES)).noneMatch(k -> k.contains("/pending/"));
    }

    @Test
    void whileAChangeIsAppliedInStepsOtherWritesToTheGroupAreAnswered503() {
        // The TopologyTestDriver runs a CONTINUE at once; on a broker it queues behind other commands,
        // so the group is marked meanwhile (GroupChangeInStepsTest shows the interleaving on a broker).
        fx.createUser("u1", "ada@acme.test");
        fx.createGroup("g1", "Engineering", "u1");
        fx.<String>store(StoreNames.INDEXES).put(TENANT + "/pending/g1", "c9#1");

        for (Operation operation : List.of(Operation.PATCH, Operation.REPLACE, Operation.DELETE)) {
            String body = switch (operation) {
                case PATCH -> "{\"Operations\":[{\"op\":\"remove\",\"path\":\"members\"}]}";
                case REPLACE -> "{\"displayName\":\"Engineering\"}";
                default -> null;
            };
            CommandResult result = fx.send(operation, ResourceType.GROUP, "g1", body);
            assertThat(result.status()).as(operation.name()).isEqualTo(503);
            assertThat(result.body().path("detail").asText()).contains("retry");
        }
        assertThat(fx.directory().members(TENANT, "g1")).containsExactly("u1");
        // Users are not held up by a group's change.
        assertThat(fx.patch(ResourceType.USER, "u1", "[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]")
                .status()).isEqualTo(200);
    }

    @Test
    void aUserCannotJoinMoreGroupsThanTheLimit() {
        fx.createUser("u1", "ada@acme.test");
        for (int i = 0; i < Limits.GROUPS_PER_USER; i++) {
            assertThat(fx.createGroup("g" + i, "Group " + i, "u1").status()).isEqualTo(201);
        }
        fx.drain();

        CommandResult over = fx.createGroup("g-last", "One too many", "u1");

        assertThat(over.status()).isEqualTo(400);
        assertThat(over.body().path("scimType").asText()).isEqualTo("invalidValue");
        assertThat(over.body().path("detail").asText()).contains(Integer.toString(Limits.GROUPS_PER_USER));
        assertThat(fx.directory().groupsOf(TENANT, "u1")).hasSize(Limits.GROUPS_PER_USER);
        assertThat(fx.queries().get(ResourceType.GROUP, TENANT, "g-last")).isEmpty();
        assertThat(fx.changes()).isEmpty();
    }

    @Test
    void aDeletedGroupsStepsLeaveNoPendingMarkAndAreReplayedIdentically() {
        bigGroup("g1", STEP + 1);
        List<String> before = new ArrayList<>(fx.keys(StoreNames.MEMBERSHIPS));
        assertThat(before).hasSize(2 * (STEP + 1));

        fx.send(Operation.DELETE, ResourceType.GROUP, "g1", null);

        assertThat(fx.keys(StoreNames.MEMBERSHIPS)).isEmpty();
        assertThat(fx.keys(StoreNames.INDEXES)).noneMatch(k -> k.contains("/pending/"));
    }
}
