package dev.gatehouse.processor;

import static dev.gatehouse.processor.TopologyFixture.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.contract.AccessChange;
import dev.gatehouse.contract.Command;
import dev.gatehouse.contract.CommandResult;
import dev.gatehouse.contract.Operation;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.pipeline.JsonSerde;
import dev.gatehouse.processor.store.StoreNames;
import dev.gatehouse.scim.limits.Limits;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every command is bounded work: membership changes larger than one step are applied in steps
 * (CONTINUE commands on the commands topic) and answered by the last. The TopologyTestDriver runs each
 * step as soon as it is written; on a broker it queues behind what was already waiting (see
 * {@code StepsOnABrokerTest} in the ingest API, which shows another organization's write in between).
 */
class BoundedWorkTopologyTest {
    /** Small users per step, about: each counts a membership change plus a few hundred bytes. */
    private static final int PER_STEP = Limits.STEP_WORK_BYTES / Limits.MEMBER_CHANGE_BYTES;
    private static final JsonSerde<Command> COMMANDS = JsonSerde.of(Command.class);
    private final TopologyFixture fx = new TopologyFixture();

    @AfterEach
    void close() {
        fx.close();
    }

    private void users(int count) {
        for (int i = 0; i < count; i++) {
            fx.createUser("u" + i, "user" + i + "@acme.test");
            if (i % 1_000 == 0) {
                fx.drain();
            }
        }
        fx.drain();
    }

    private static String members(int from, int to) {
        StringBuilder values = new StringBuilder();
        for (int i = from; i < to; i++) {
            values.append(values.length() == 0 ? "" : ",").append("{\"value\":\"u").append(i).append("\"}");
        }
        return "[" + values + "]";
    }

    /** A group of users u0..u(size-1), filled by PATCHes within the per-request limit. */
    private void bigGroup(String groupId, int size) {
        users(size);
        fx.createGroup(groupId, "Everyone");
        for (int from = 0; from < size; from += Limits.MEMBERS_PER_REQUEST) {
            String add = members(from, Math.min(size, from + Limits.MEMBERS_PER_REQUEST));
            assertThat(fx.patch(ResourceType.GROUP, groupId, "[{\"op\":\"add\",\"path\":\"members\",\"value\":" + add + "}]")
                    .status()).isEqualTo(200);
            fx.drain();
        }
        fx.drain();
    }

    /** The CONTINUE commands written since the last call: one per step after the first. */
    private List<Command> steps() {
        return fx.rawRecords(TopologyFixture.TOPICS.commands()).stream()
                .map((KeyValue<String, byte[]> kv) -> COMMANDS.fromBytes(kv.value)).toList();
    }

    @Test
    void aGroupDeleteLargerThanOneStepIsAppliedInStepsAndAnsweredByTheLast() {
        int size = 2 * PER_STEP + 100;
        bigGroup("g1", size);
        steps();

        CommandResult result = fx.send(Operation.DELETE, ResourceType.GROUP, "g1", null);

        assertThat(result.status()).isEqualTo(204);
        List<Command> steps = steps();
        assertThat(steps).hasSizeGreaterThanOrEqualTo(2).allSatisfy(step -> {
            assertThat(step.operation()).isEqualTo(Operation.CONTINUE);
            assertThat(step.tenantId()).isEqualTo(TENANT);
            assertThat(step.commandId()).startsWith(result.commandId() + "#");
        });
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
        int size = PER_STEP + 10;
        bigGroup("g1", size);
        fx.createUser("new", "new@acme.test");
        fx.drain();
        steps();

        CommandResult result = fx.send(fx.command(Operation.REPLACE, ResourceType.GROUP, "g1",
                "{\"displayName\":\"Everyone\",\"members\":[{\"value\":\"u3\"},{\"value\":\"new\",\"display\":\"New\"},"
                        + "{\"value\":\"ghost\"}]}", null));

        assertThat(result.status()).isEqualTo(200);
        assertThat(steps()).hasSize(1);
        // A member kept shows its user's name; one added shows the display sent with it.
        assertThat(result.body().get("members")).extracting(m -> m.get("value").asText() + "=" + m.path("display").asText())
                .containsExactlyInAnyOrder("u3=user3@acme.test", "new=New");
        assertThat(fx.directory().members(TENANT, "g1")).containsExactlyInAnyOrder("u3", "new");
        assertThat(fx.changes()).filteredOn(c -> c.resourceType() == ResourceType.USER).hasSize(size);
        assertThat(fx.keys(StoreNames.INDEXES)).noneMatch(k -> k.contains("/pending/"));
    }

    @Test
    void addingLargeUsersInManyGroupsTakesMoreStepsThanAddingSmallOnes() {
        int users = 8;
        users(2 * users);
        String small = members(0, users);
        String large = members(users, 2 * users);
        for (int g = 0; g < 200; g++) {
            fx.send(Operation.CREATE, ResourceType.GROUP, "g" + g, "{\"displayName\":\"G" + g + "\",\"members\":"
                    + large + "}");
            fx.drain();
        }
        String fat = "x".repeat(30_000);
        for (int i = users; i < 2 * users; i++) {
            fx.patch(ResourceType.USER, "u" + i, "[{\"op\":\"add\",\"path\":\"title\",\"value\":\"" + fat + "\"}]");
        }
        fx.createGroup("target", "Target");
        fx.drain();
        steps();

        assertThat(fx.patch(ResourceType.GROUP, "target", "[{\"op\":\"add\",\"path\":\"members\",\"value\":"
                + small + "}]").status()).isEqualTo(200);
        assertThat(steps()).as("8 small users fit one step").isEmpty();
        fx.drain();
        CommandResult added = fx.patch(ResourceType.GROUP, "target", "[{\"op\":\"add\",\"path\":\"members\",\"value\":"
                + large + "}]");

        // Each large user counts 8 KiB, ~30 KB of its own and 201 group ids: ~49 KB, so a step holds 6.
        assertThat(added.status()).isEqualTo(200);
        assertThat(steps()).hasSize(1);
        assertThat(fx.directory().members(TENANT, "target")).hasSize(2 * users);
        assertThat(fx.changes()).filteredOn(c -> c.resourceType() == ResourceType.USER).hasSize(users)
                .allSatisfy(c -> assertThat(c.state().get("groups")).hasSize(201));
    }

    @Test
    void aDeletedUserLeavesItsGroupsInStepsWhenTheyAreMany() {
        users(1);
        String fat = "x".repeat(20_000);
        for (int g = 0; g < 15; g++) {
            fx.send(Operation.CREATE, ResourceType.GROUP, "g" + g, "{\"displayName\":\"G" + g
                    + "\",\"urn:example:big:2.0:Group\":{\"notes\":\"" + fat + "\"},\"members\":" + members(0, 1) + "}");
        }
        fx.drain();

        CommandResult deleted = fx.send(Operation.DELETE, ResourceType.USER, "u0", null);

        // Each group republished counts 8 KiB and its ~20 KB: a step holds 10 of the 15.
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(steps()).hasSize(1);
        assertThat(fx.keys(StoreNames.MEMBERSHIPS)).isEmpty();
        List<AccessChange> changes = fx.changes();
        assertThat(changes).filteredOn(c -> c.resourceType() == ResourceType.GROUP).hasSize(15)
                .extracting(AccessChange::resourceId).doesNotHaveDuplicates();
        // The user's own deleted event, with its last groups, and nothing else about it.
        assertThat(changes).filteredOn(c -> c.resourceType() == ResourceType.USER).singleElement().satisfies(c -> {
            assertThat(c.deleted()).isTrue();
            assertThat(c.state().get("groups")).hasSize(15);
        });
    }

    @Test
    void whileAChangeIsAppliedInStepsOtherWritesToTheGroupAreAnswered503() {
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
    void aUserInTheMostGroupsIsLeftOutOfOneMoreLikeAnUnknownId() {
        fx.createUser("u1", "ada@acme.test");
        fx.createUser("u2", "bob@acme.test");
        for (int i = 0; i < Limits.GROUPS_PER_USER; i++) {
            assertThat(fx.createGroup("g" + i, "Group " + i, "u1").status()).isEqualTo(201);
            if (i % 100 == 0) {
                fx.drain();
            }
        }
        fx.drain();

        CommandResult created = fx.createGroup("g-last", "One too many", "u1", "u2");

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().get("members")).extracting(m -> m.get("value").asText()).containsExactly("u2");
        assertThat(fx.directory().groupsOf(TENANT, "u1")).hasSize(Limits.GROUPS_PER_USER).doesNotContain("g-last");
        assertThat(fx.changes()).extracting(AccessChange::resourceId).containsExactlyInAnyOrder("g-last", "u2");
    }
}
