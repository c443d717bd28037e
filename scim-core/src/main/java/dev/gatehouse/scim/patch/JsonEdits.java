package dev.gatehouse.scim.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.scim.schema.ScimSchemas;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Small case-insensitive edits of Jackson objects shared by the PATCH engine. */
final class JsonEdits {
    private JsonEdits() {
    }

    /** docs/entra-id.md §2.5 G: {@code ""} and {@code null} mean "remove the value". */
    static boolean isClearing(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode()
                || (value.isTextual() && value.textValue().isEmpty());
    }

    /** The key of {@code object} equal to {@code name} ignoring case, or null. */
    static String existingKey(ObjectNode object, String name) {
        if (object.has(name)) {
            return name;
        }
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getKey();
            }
        }
        return null;
    }

    static JsonNode get(ObjectNode object, String name) {
        String key = existingKey(object, name);
        return key == null ? null : object.get(key);
    }

    /** Sets {@code name} (canonical), replacing a differently-cased key in place of the old one. */
    static void put(ObjectNode object, String name, JsonNode value) {
        String key = existingKey(object, name);
        if (key != null && !key.equals(name)) {
            object.remove(key);
        }
        object.set(name, value.deepCopy());
    }

    static void remove(ObjectNode object, String name) {
        String key = existingKey(object, name);
        if (key != null) {
            object.remove(key);
        }
    }

    /** The object under {@code name}, created when {@code create}; null when absent (or not an object). */
    static ObjectNode child(ObjectNode object, String name, boolean create) {
        JsonNode existing = get(object, name);
        if (existing != null && existing.isObject()) {
            return (ObjectNode) existing;
        }
        if (!create) {
            return null;
        }
        ObjectNode created = object.objectNode();
        put(object, name, created);
        return (ObjectNode) get(object, name);
    }

    /**
     * Merges {@code value}'s members into {@code target}: RFC 7644 §3.5.2.1/§3.5.2.3 on a complex
     * attribute set the given sub-attributes and leave the others; a clearing value removes one.
     */
    static void merge(ObjectNode target, JsonNode value, String parent) {
        value.properties().forEach(e -> {
            String name = ScimSchemas.canonicalSub(parent, e.getKey());
            if (isClearing(e.getValue())) {
                remove(target, name);
            } else {
                put(target, name, e.getValue());
            }
        });
    }

    /** The elements of a multi-valued attribute; a lone object counts as one element. */
    static List<JsonNode> elements(JsonNode attribute) {
        List<JsonNode> list = new ArrayList<>();
        if (attribute == null) {
            return list;
        }
        if (attribute.isArray()) {
            attribute.forEach(list::add);
        } else {
            list.add(attribute);
        }
        return list;
    }

    static ArrayNode arrayOf(ObjectNode factory, List<JsonNode> elements) {
        ArrayNode array = factory.arrayNode();
        elements.forEach(array::add);
        return array;
    }

    /**
     * Values to look elements up against, each "the same value" as an element when equal to it or when
     * both carry the same scalar {@code value} (an object's {@code value}, or the scalar itself). Hashed,
     * so matching n elements against m values costs O(n + m).
     */
    static final class ValueSet {
        private final Set<JsonNode> nodes = new HashSet<>();
        private final Set<String> values = new HashSet<>();

        static ValueSet of(JsonNode array) {
            ValueSet set = new ValueSet();
            array.forEach(v -> {
                set.nodes.add(v);
                JsonNode scalar = scalarValue(v);
                if (scalar != null) {
                    set.values.add(scalar.asText());
                }
            });
            return set;
        }

        boolean contains(JsonNode element) {
            JsonNode scalar = scalarValue(element);
            return nodes.contains(element) || scalar != null && values.contains(scalar.asText());
        }

        private static JsonNode scalarValue(JsonNode node) {
            JsonNode value = node.isObject() ? get((ObjectNode) node, "value") : node;
            return value != null && value.isValueNode() ? value : null;
        }
    }
}
