package dev.gatehouse.scim.entra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.scim.ScimException;
import dev.gatehouse.scim.schema.ScimSchemas;
import java.util.Map;
import java.util.Set;

/**
 * Turns attributes as a client sent them into the stored form (docs/entra-id.md §2.2, §4.2, §6):
 * nulls dropped at any depth (null means absent); names in canonical case; top-level dotted keys
 * ({@code "metadata.city"}) and URN-qualified keys nested (split at the last ':'); boolean strings in
 * {@code active} / {@code primary} made booleans; manager reduced to {@code {"value": id}}; metadata
 * checked against its limits; empty objects and arrays dropped (RFC 7643 §2.5: same as unassigned).
 * Read-only and never-stored attributes ({@code id}, {@code meta}, {@code schemas}, a user's
 * {@code groups}, and {@code password}, a secret we have no use for) are removed. Input is not mutated.
 */
public final class ResourceNormalizer {
    private static final Set<String> NOT_STORED = Set.of("id", "meta", "schemas");
    private static final Set<String> NOT_STORED_USER = Set.of("groups", "password");

    private ResourceNormalizer() {
    }

    /** The normalized attributes of {@code body} (a new object). */
    public static ObjectNode normalize(ResourceType type, JsonNode body) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> e : body.properties()) {
            JsonNode value = dropNulls(e.getValue());
            if (value != null) {
                fold(type, out, e.getKey(), value);
            }
        }
        NOT_STORED.forEach(out::remove);
        if (type == ResourceType.USER) {
            NOT_STORED_USER.forEach(out::remove);
            UserAttributes.normalize(out);
        }
        return (ObjectNode) dropEmpty(out);
    }

    /** Places one top-level key: plain, URN-qualified, or dotted. */
    private static void fold(ResourceType type, ObjectNode out, String key, JsonNode value) {
        if (key.regionMatches(true, 0, "urn:", 0, 4)) {
            foldUrn(type, out, key, value);
        } else if (key.contains(".")) {
            String parent = ScimSchemas.canonicalTop(type, key.substring(0, key.indexOf('.')));
            String sub = ScimSchemas.canonicalSub(parent, key.substring(key.indexOf('.') + 1));
            if (out.has(parent) && !out.get(parent).isObject()) {
                throw ScimException.invalidValue("'" + key + "' names a sub-attribute of " + parent
                        + ", which is not a complex attribute");
            }
            objectAt(out, parent).set(sub, value);
        } else {
            String name = ScimSchemas.canonicalTop(type, key);
            if (type == ResourceType.USER && name.equalsIgnoreCase(ScimSchemas.MANAGER)) {
                // Example 2 of the tutorial puts manager at the top level (docs/entra-id.md §2.2).
                objectAt(out, ScimSchemas.ENTERPRISE_USER).set(ScimSchemas.MANAGER, value);
            } else if (value.isObject() && out.get(name) instanceof ObjectNode existing) {
                existing.setAll((ObjectNode) value);
            } else {
                out.set(name, value);
            }
        }
    }

    private static void foldUrn(ResourceType type, ObjectNode out, String key, JsonNode value) {
        if (ScimSchemas.isSchemaUrn(key)) {
            if (!value.isObject()) {
                return; // a schema key whose value is no object carries nothing we can store
            }
            if (ScimSchemas.isCoreSchema(key)) {
                value.properties().forEach(e -> fold(type, out, e.getKey(), e.getValue()));
            } else {
                String urn = ScimSchemas.knownSchema(key).orElse(key);
                value.properties().forEach(e -> objectAt(out, urn).set(extensionName(urn, e.getKey()), e.getValue()));
            }
            return;
        }
        int colon = key.lastIndexOf(':');
        String urn = key.substring(0, colon);
        String attr = key.substring(colon + 1);
        if (ScimSchemas.isCoreSchema(urn)) {
            fold(type, out, attr, value);
        } else {
            String schema = ScimSchemas.knownSchema(urn).orElse(urn);
            objectAt(out, schema).set(extensionName(schema, attr), value);
        }
    }

    private static String extensionName(String urn, String name) {
        return urn.equals(ScimSchemas.ENTERPRISE_USER) ? ScimSchemas.canonicalEnterprise(name) : name;
    }

    private static ObjectNode objectAt(ObjectNode out, String name) {
        JsonNode existing = out.get(name);
        if (existing instanceof ObjectNode object) {
            return object;
        }
        return out.putObject(name);
    }

    /** A copy without null members or elements; null when the node itself is null. */
    static JsonNode dropNulls(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.properties().forEach(e -> {
                JsonNode v = dropNulls(e.getValue());
                if (v != null) {
                    copy.set(e.getKey(), v);
                }
            });
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(e -> {
                JsonNode v = dropNulls(e);
                if (v != null) {
                    copy.add(v);
                }
            });
            return copy;
        }
        return node.deepCopy();
    }

    /** Removes empty objects and arrays at any depth below the root. */
    static JsonNode dropEmpty(JsonNode node) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            object.properties().removeIf(e -> {
                JsonNode v = dropEmpty(e.getValue());
                return v.isContainerNode() && v.isEmpty();
            });
        } else if (node.isArray()) {
            ArrayNode array = (ArrayNode) node;
            for (int i = array.size() - 1; i >= 0; i--) {
                JsonNode v = dropEmpty(array.get(i));
                if (v.isContainerNode() && v.isEmpty()) {
                    array.remove(i);
                }
            }
        }
        return node;
    }
}
