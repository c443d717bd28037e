package dev.gatehouse.api.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.contract.Command;
import dev.gatehouse.contract.Operation;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.scim.ScimJson;
import dev.gatehouse.scim.limits.Limits;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WriteCostTest {
    private static Command command(Operation operation, ResourceType type, String body) {
        try {
            return new Command("c1", "acme", operation, type, "r1", body == null ? null : ScimJson.mapper().readTree(body),
                    Instant.EPOCH, "api-1", null, null);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void aSmallWriteCountsItsBaseAndSize() {
        assertThat(WriteCost.of(command(Operation.PATCH, ResourceType.USER, "{}"), 300))
                .isEqualTo(Limits.COMMAND_BASE_BYTES + 300);
    }

    @Test
    void membersCountEach() {
        String add = "{\"Operations\":[{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"value\":\"a\"},{\"value\":\"b\"}]},"
                + "{\"op\":\"remove\",\"path\":\"members[value eq \\\"c\\\"]\"}]}";
        assertThat(WriteCost.of(command(Operation.PATCH, ResourceType.GROUP, add), 100))
                .isEqualTo(Limits.COMMAND_BASE_BYTES + 100 + 3L * Limits.MEMBER_CHANGE_BYTES);
        assertThat(WriteCost.of(command(Operation.CREATE, ResourceType.GROUP,
                "{\"displayName\":\"g\",\"members\":[{\"value\":\"a\"}]}"), 100))
                .isEqualTo(Limits.COMMAND_BASE_BYTES + 100 + Limits.MEMBER_CHANGE_BYTES);
    }

    @Test
    void writesWhoseWorkDependsOnTheGroupCountAWholeStep() {
        assertThat(WriteCost.of(command(Operation.DELETE, ResourceType.GROUP, null), 100)).isEqualTo(Limits.STEP_WORK_BYTES);
        assertThat(WriteCost.of(command(Operation.REPLACE, ResourceType.GROUP, "{\"displayName\":\"g\"}"), 100))
                .isEqualTo(Limits.STEP_WORK_BYTES);
        assertThat(WriteCost.of(command(Operation.PATCH, ResourceType.GROUP,
                "{\"Operations\":[{\"op\":\"remove\",\"path\":\"members\"}]}"), 100)).isEqualTo(Limits.STEP_WORK_BYTES);
        assertThat(WriteCost.of(command(Operation.PATCH, ResourceType.GROUP,
                "{\"Operations\":[{\"op\":\"replace\",\"value\":{\"members\":[]}}]}"), 100)).isEqualTo(Limits.STEP_WORK_BYTES);
        // A user delete is a revocation: it is not made to wait as if it were heavy.
        assertThat(WriteCost.of(command(Operation.DELETE, ResourceType.USER, null), 100))
                .isEqualTo(Limits.COMMAND_BASE_BYTES + 100);
    }
}
