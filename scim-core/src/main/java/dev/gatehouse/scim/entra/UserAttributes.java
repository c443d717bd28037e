package dev.gatehouse.scim.entra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.scim.ScimException;
import dev.gatehouse.scim.schema.ScimSchemas;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The user-specific steps of {@link ResourceNormalizer}; edits {@code user} (already a private copy) in place. */
final class UserAttributes {
    private UserAttributes() {
    }

    static void normalize(ObjectNode user) {
        // An absent active is left absent here: what it means depends on the write (ResourceOps).
        if (user.has("active")) {
            user.set("active", bool("active", user.get("active")));
        }
        if (user.get("name") instanceof ObjectNode name) {
            user.set("name", canonicalSubs("name", name));
        }
        for (String attr : new ArrayList<>(fieldNames(user))) {
            if (user.get(attr).isArray()) {
                normalizeElements(user, attr);
            }
        }
        if (user.get(ScimSchemas.ENTERPRISE_USER) instanceof ObjectNode enterprise && enterprise.has(ScimSchemas.MANAGER)) {
            Optional<ObjectNode> manager = ManagerShape.normalize(enterprise.get(ScimSchemas.MANAGER));
            if (manager.isPresent()) {
                enterprise.set(ScimSchemas.MANAGER, manager.get());
            } else {
                enterprise.remove(ScimSchemas.MANAGER);
            }
        }
        if (user.has(ScimSchemas.METADATA)) {
            MetadataRules.check(user.get(ScimSchemas.METADATA));
        }
    }

    /**
     * Canonical sub-attribute names, and {@code primary} as a boolean, in each element (docs/entra-id.md quirk 1);
     * then an element equal to an earlier one is dropped. Entra Adds a multi-valued attribute's whole
     * value again on later cycles (docs/entra-id.md quirk 3) with {@code "primary":"True"}, which the PATCH engine
     * cannot tell equal to the stored {@code true} until it is normalized here.
     */
    private static void normalizeElements(ObjectNode user, String attr) {
        // A set: the duplicate check costs O(1) per element, not O(elements).
        Set<JsonNode> elements = new LinkedHashSet<>();
        for (JsonNode element : user.get(attr)) {
            JsonNode normalized = element;
            if (element instanceof ObjectNode object) {
                ObjectNode canonical = canonicalSubs(attr, object);
                if (canonical.has("primary")) {
                    canonical.set("primary", bool(attr + ".primary", canonical.get("primary")));
                }
                normalized = canonical;
            }
            elements.add(normalized);
        }
        user.putArray(attr).addAll(elements);
    }

    private static ObjectNode canonicalSubs(String parent, ObjectNode object) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            out.set(ScimSchemas.canonicalSub(parent, e.getKey()), e.getValue());
        }
        return out;
    }

    /** Entra's default dialect sends booleans as "True"/"False" strings (docs/entra-id.md §2.5 C). */
    static BooleanNode bool(String attribute, JsonNode value) {
        if (value.isBoolean()) {
            return (BooleanNode) value;
        }
        String text = value.isTextual() ? value.textValue().trim().toLowerCase(Locale.ROOT) : "";
        if (text.equals("true") || text.equals("false")) {
            return BooleanNode.valueOf(text.equals("true"));
        }
        throw ScimException.invalidValue(attribute + " must be a boolean, not " + value);
    }

    private static List<String> fieldNames(ObjectNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
