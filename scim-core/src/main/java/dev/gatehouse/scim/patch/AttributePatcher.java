package dev.gatehouse.scim.patch;

import static dev.gatehouse.scim.patch.JsonEdits.isClearing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.scim.filter.ScimFilter;
import dev.gatehouse.scim.schema.ScimSchemas;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies one add/replace/remove to a resource's attributes (a mutable working copy; never the
 * caller's input). Written by hand rather than with UnboundID's {@code PatchOperation.apply} because
 * that one matches names case-sensitively, answers noTarget when a value filter matches nothing, and
 * treats {@code ""}/null as values — all things Entra relies on differently (docs/entra-id.md §2.5 D, G).
 * Value filters are still UnboundID's, through {@link ScimFilter}.
 */
final class AttributePatcher {
    /** Keys that alone do not make an element worth keeping once its value is removed. */
    private static final Set<String> MARKERS = Set.of("type", "primary");

    private AttributePatcher() {
    }

    static void apply(ObjectNode attrs, PatchOp op, PatchPath path, JsonNode value) {
        boolean clearing = op == PatchOp.REMOVE || isClearing(value);
        if (path.attribute() == null) {
            patchExtensionObject(attrs, op, path.schemaUrn(), value);
            return;
        }
        ObjectNode container = path.schemaUrn() == null ? attrs
                : JsonEdits.child(attrs, path.schemaUrn(), !clearing);
        if (container == null) {
            return;
        }
        if (path.valueFilter() != null) {
            patchFiltered(container, op, path, value);
        } else if (path.subAttribute() != null) {
            patchSubAttribute(container, op, path, value);
        } else {
            patchAttribute(container, op, path, value);
        }
    }

    private static void patchExtensionObject(ObjectNode attrs, PatchOp op, String urn, JsonNode value) {
        if (op == PatchOp.REMOVE || isClearing(value)) {
            JsonEdits.remove(attrs, urn);
        } else if (value.isObject()) {
            ObjectNode extension = JsonEdits.child(attrs, urn, true);
            value.properties().forEach(e -> {
                String name = urn.equals(ScimSchemas.ENTERPRISE_USER)
                        ? ScimSchemas.canonicalEnterprise(e.getKey()) : e.getKey();
                apply(attrs, op, new PatchPath(urn, name, null, null), e.getValue());
            });
            if (extension.isEmpty()) {
                JsonEdits.remove(attrs, urn);
            }
        } else {
            throw dev.gatehouse.scim.ScimException.invalidValue("The value for " + urn + " must be an object");
        }
    }

    private static void patchAttribute(ObjectNode container, PatchOp op, PatchPath path, JsonNode value) {
        String name = path.attribute();
        JsonNode existing = JsonEdits.get(container, name);
        if (op == PatchOp.REMOVE && value != null && value.isArray() && existing != null && existing.isArray()) {
            // Entra's default dialect: remove with a value array removes only the listed values
            // (docs/entra-id.md §3 item 5, quirk 5), not the whole attribute as RFC 7644 §3.5.2.2 would.
            JsonEdits.ValueSet listed = JsonEdits.ValueSet.of(value);
            List<JsonNode> kept = new ArrayList<>();
            existing.forEach(e -> {
                if (!listed.contains(e)) {
                    kept.add(e);
                }
            });
            putOrRemove(container, name, kept);
        } else if (op == PatchOp.REMOVE || isClearing(value)) {
            JsonEdits.remove(container, name);
        } else if (value.isObject() && existing != null && existing.isObject()) {
            JsonEdits.merge((ObjectNode) existing, value, name);
        } else if (op == PatchOp.ADD && value.isArray() && existing != null && existing.isArray()
                && !isCustomExtension(path)) {
            // A set, so adding n values to m costs O(n + m), not O(n·m).
            Set<JsonNode> merged = new LinkedHashSet<>(JsonEdits.elements(existing));
            value.forEach(merged::add);
            putOrRemove(container, name, new ArrayList<>(merged));
        } else {
            // RFC 7644 §3.5.2.1: add on a single-valued attribute replaces it (Entra §2.5 A); a custom
            // extension's multi-valued Add carries the whole new set (docs/entra-id.md §4.2, last bullet).
            JsonEdits.put(container, name, value);
        }
    }

    private static boolean isCustomExtension(PatchPath path) {
        return path.schemaUrn() != null && !path.schemaUrn().equals(ScimSchemas.ENTERPRISE_USER);
    }

    private static void patchSubAttribute(ObjectNode container, PatchOp op, PatchPath path, JsonNode value) {
        JsonNode existing = JsonEdits.get(container, path.attribute());
        boolean clearing = op == PatchOp.REMOVE || isClearing(value);
        if (existing != null && existing.isArray()) {
            List<JsonNode> elements = JsonEdits.elements(existing);
            if (elements.isEmpty() && !clearing) {
                elements.add(container.objectNode());
            }
            patchElements(container, path, value, clearing, elements, elements);
            return;
        }
        ObjectNode object = JsonEdits.child(container, path.attribute(), !clearing);
        if (object == null) {
            return;
        }
        if (clearing) {
            JsonEdits.remove(object, path.subAttribute());
            if (object.isEmpty()) {
                JsonEdits.remove(container, path.attribute());
            }
        } else {
            JsonEdits.put(object, path.subAttribute(), value);
        }
    }

    private static void patchFiltered(ObjectNode container, PatchOp op, PatchPath path, JsonNode value) {
        List<JsonNode> elements = JsonEdits.elements(JsonEdits.get(container, path.attribute()));
        List<JsonNode> targets = elements.stream().filter(path.valueFilter()::matches).toList();
        boolean clearing = op == PatchOp.REMOVE || isClearing(value);
        if (clearing && path.subAttribute() == null) {
            Set<JsonNode> removed = identitySet(targets);
            List<JsonNode> kept = new ArrayList<>();
            elements.forEach(e -> {
                if (!removed.contains(e)) {
                    kept.add(e);
                }
            });
            putOrRemove(container, path.attribute(), kept);
            return;
        }
        if (targets.isEmpty() && !clearing) {
            // docs/entra-id.md §2.5 D: add/replace through a filter that matches nothing creates the
            // element ({"type":"work","value":...}, primary if first) instead of RFC 7644's noTarget.
            ObjectNode created = seed(container, path, elements.isEmpty());
            elements.add(created);
            targets = List.of(created);
        }
        patchElements(container, path, value, clearing, elements, targets);
    }

    private static ObjectNode seed(ObjectNode container, PatchPath path, boolean first) {
        ObjectNode created = container.objectNode();
        path.valueFilter().equalityTerms().forEach((attr, v) ->
                created.set(ScimSchemas.canonicalSub(path.attribute(), attr), v));
        if (first && !created.has("primary") && path.schemaUrn() == null) {
            created.put("primary", true);
        }
        return created;
    }

    /** Sets/merges/clears {@code value} on each target element, then stores {@code elements} back. */
    private static void patchElements(ObjectNode container, PatchPath path, JsonNode value, boolean clearing,
                                      List<JsonNode> elements, List<JsonNode> targets) {
        List<JsonNode> kept = new ArrayList<>();
        Set<JsonNode> targeted = identitySet(targets);
        for (JsonNode element : elements) {
            if (!targeted.contains(element) || !element.isObject()) {
                kept.add(element);
                continue;
            }
            ObjectNode object = (ObjectNode) element;
            if (path.subAttribute() == null) {
                JsonEdits.merge(object, value.isObject() ? value : object.objectNode().set("value", value),
                        path.attribute());
            } else if (clearing) {
                JsonEdits.remove(object, path.subAttribute());
            } else {
                JsonEdits.put(object, path.subAttribute(), value);
            }
            if (!MARKERS.containsAll(object.propertyStream().map(java.util.Map.Entry::getKey).toList())) {
                kept.add(object);
            }
        }
        putOrRemove(container, path.attribute(), kept);
    }

    /** The elements themselves, not equal copies: a target is one element of the list being edited. */
    private static Set<JsonNode> identitySet(List<JsonNode> elements) {
        Set<JsonNode> set = Collections.newSetFromMap(new IdentityHashMap<>());
        set.addAll(elements);
        return set;
    }

    private static void putOrRemove(ObjectNode container, String name, List<JsonNode> elements) {
        if (elements.isEmpty()) {
            JsonEdits.remove(container, name);
        } else {
            JsonEdits.put(container, name, JsonEdits.arrayOf(container, elements));
        }
    }
}
