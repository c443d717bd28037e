package dev.gatehouse.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.contract.AccessChange;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.scim.ScimJson;
import java.io.UncheckedIOException;
import java.time.Instant;

/** Access changes for tests of the simulator and of what delivers to door systems, and the webhook body that carries one. */
public final class Changes {
    private Changes() {
    }

    public static AccessChange user(String tenant, String id, long version, boolean active, String... groups) {
        ObjectNode state = ScimJson.mapper().createObjectNode();
        state.put("id", id).put("userName", id + "@example.test").put("active", active);
        var array = state.putArray("groups");
        for (String g : groups) {
            array.add(g);
        }
        state.putObject("metadata").put("city", "Berlin");
        return new AccessChange("c" + version + "/" + id, tenant, ResourceType.USER, id, version, false, state,
                "c" + version, Instant.parse("2026-01-01T00:00:00Z"));
    }

    public static AccessChange group(String tenant, String id, long version, String displayName) {
        ObjectNode state = ScimJson.mapper().createObjectNode();
        state.put("id", id).put("displayName", displayName);
        return new AccessChange("c" + version + "/" + id, tenant, ResourceType.GROUP, id, version, false, state,
                "c" + version, Instant.parse("2026-01-01T00:00:00Z"));
    }

    public static AccessChange deleted(AccessChange last, long version) {
        return new AccessChange("c" + version + "/" + last.resourceId(), last.tenantId(), last.resourceType(),
                last.resourceId(), version, true, last.state(), "c" + version, last.occurredAt());
    }

    /** {@code change} as the webhook sends it. */
    public static byte[] body(AccessChange change) {
        try {
            return ScimJson.mapper().writeValueAsBytes(change);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
