package dev.gatehouse.api.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.contract.Command;
import dev.gatehouse.contract.Operation;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.scim.limits.Limits;
import java.util.Locale;
import java.util.Map;

/**
 * What a write counts for in its organization's window ({@link TenantAdmission}), in the measure of
 * the processor's per-step work ({@link Limits#STEP_WORK_BYTES}): a fixed
 * {@link Limits#COMMAND_BASE_BYTES}, its size, and {@link Limits#MEMBER_CHANGE_BYTES} per member it names.
 * A write whose work depends on what is stored — deleting a group, or replacing its member list — counts
 * as a whole step: the processor applies it a step at a time, and it holds that much of the window
 * until its last step answers.
 */
final class WriteCost {
    private WriteCost() {
    }

    static long of(Command command, int commandBytes) {
        if (command.resourceType() == ResourceType.GROUP && (command.operation() == Operation.DELETE
                || command.operation() == Operation.REPLACE || replacesMembers(command.body()))) {
            return Limits.STEP_WORK_BYTES;
        }
        long cost = Limits.COMMAND_BASE_BYTES + (long) commandBytes
                + (long) Limits.MEMBER_CHANGE_BYTES * memberValues(command.body());
        return Math.min(Limits.STEP_WORK_BYTES, cost);
    }

    /** Member values named anywhere in a body (POST members, or PATCH values under a members path). */
    private static long memberValues(JsonNode body) {
        if (body == null) {
            return 0;
        }
        long count = 0;
        JsonNode members = field(body, "members");
        if (members != null) {
            count += members.isArray() ? members.size() : 1;
        }
        for (JsonNode op : operations(body)) {
            JsonNode path = field(op, "path");
            JsonNode value = field(op, "value");
            if (path != null && path.asText().toLowerCase(Locale.ROOT).startsWith("members")) {
                count += value == null ? 1 : value.isArray() ? value.size() : 1;
            } else if (value != null && field(value, "members") != null) {
                JsonNode listed = field(value, "members");
                count += listed.isArray() ? listed.size() : 1;
            }
        }
        return count;
    }

    /** A PATCH that replaces the member list or removes all members (its work depends on the group's size). */
    private static boolean replacesMembers(JsonNode body) {
        for (JsonNode op : operations(body)) {
            String name = text(field(op, "op"));
            JsonNode path = field(op, "path");
            JsonNode value = field(op, "value");
            boolean membersPath = path != null && path.asText().trim().equalsIgnoreCase("members");
            if (membersPath && ("replace".equals(name) || "remove".equals(name) && (value == null || value.isNull()))
                    || path == null && "replace".equals(name) && value != null && field(value, "members") != null) {
                return true;
            }
        }
        return false;
    }

    private static Iterable<JsonNode> operations(JsonNode body) {
        JsonNode ops = body == null ? null : field(body, "Operations");
        return ops != null && ops.isArray() ? ops : java.util.List.of();
    }

    private static String text(JsonNode node) {
        return node == null ? "" : node.asText().toLowerCase(Locale.ROOT);
    }

    /** The member named {@code name} in any case, as SCIM attribute names are case-insensitive. */
    private static JsonNode field(JsonNode object, String name) {
        if (!object.isObject()) {
            return null;
        }
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }
}
