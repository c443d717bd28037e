package dev.gatehouse.scim.entra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;

/**
 * Reduces every manager shape Entra sends (docs/entra-id.md §2.5 E: a plain id string, {@code {"value":id}},
 * an array with {@code $ref}) to the RFC 7643 §4.3 complex form {@code {"value": id}}; returning any
 * other form makes Entra re-PATCH it every cycle (docs/entra-id.md quirk 7). Empty means "no manager".
 */
public final class ManagerShape {
    private ManagerShape() {
    }

    /** The stored form of {@code manager}, or empty to clear it. */
    public static Optional<ObjectNode> normalize(JsonNode manager) {
        JsonNode node = manager;
        if (node != null && node.isArray()) {
            node = node.isEmpty() ? null : node.get(0);
        }
        if (node != null && node.isObject()) {
            node = valueOf(node);
        }
        if (node == null || node.isNull() || !node.isValueNode() || node.asText().isEmpty()) {
            return Optional.empty();
        }
        ObjectNode stored = JsonNodeFactory.instance.objectNode();
        stored.put("value", node.asText());
        return Optional.of(stored);
    }

    private static JsonNode valueOf(JsonNode object) {
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            if (e.getKey().equalsIgnoreCase("value")) {
                return e.getValue();
            }
        }
        return null;
    }
}
