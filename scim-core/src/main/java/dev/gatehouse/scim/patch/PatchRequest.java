package dev.gatehouse.scim.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.scim.ScimException;
import dev.gatehouse.scim.limits.Limits;
import dev.gatehouse.scim.schema.ScimSchemas;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An RFC 7644 §3.5.2 PatchOp body read leniently, as both of Entra's dialects need (docs/entra-id.md
 * §2.5): {@code Operations} and {@code op} in any case, and no-path add/replace whose value object is
 * keyed by PATHS ({@code "name.givenName"}, URN-qualified names, {@code "metadata.city"}), each key
 * expanded into its own operation rather than merged literally (docs/entra-id.md §2.5 B, quirk 6).
 *
 * @param operations the operations in order, each with a parsed path
 */
public record PatchRequest(List<Operation> operations) {

    /** One operation: {@code value} is null for a remove without value. */
    public record Operation(PatchOp op, PatchPath path, JsonNode value) {
    }

    public PatchRequest {
        operations = List.copyOf(operations);
    }

    /** Parses {@code body}; 400 invalidSyntax / invalidPath / noTarget for what cannot be applied. */
    public static PatchRequest parse(ResourceType type, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ScimException.invalidSyntax("The PATCH body must be a PatchOp JSON object");
        }
        ObjectNode object = (ObjectNode) body;
        JsonNode schemas = field(object, "schemas");
        if (schemas != null && !listsPatchOp(schemas)) {
            throw ScimException.invalidSyntax("The PATCH body's schemas must list " + ScimSchemas.PATCH_OP);
        }
        JsonNode ops = field(object, "Operations");
        if (ops == null || !ops.isArray() || ops.isEmpty()) {
            throw ScimException.invalidSyntax("The PATCH body needs a non-empty Operations array");
        }
        List<Operation> operations = new ArrayList<>();
        for (JsonNode op : ops) {
            expand(type, op, operations);
        }
        return new PatchRequest(operations);
    }

    /** Adds one operation, refusing the one past {@link Limits#PATCH_OPERATIONS} before its path is parsed further. */
    private static void add(List<Operation> out, Operation operation) {
        if (out.size() >= Limits.PATCH_OPERATIONS) {
            throw ScimException.invalidValue("The PATCH has more than " + Limits.PATCH_OPERATIONS
                    + " operations (a no-path value counts one per key); send it in several requests");
        }
        out.add(operation);
    }

    private static boolean listsPatchOp(JsonNode schemas) {
        for (JsonNode s : schemas.isArray() ? schemas : List.of(schemas)) {
            if (s.asText().equalsIgnoreCase(ScimSchemas.PATCH_OP)) {
                return true;
            }
        }
        return false;
    }

    private static void expand(ResourceType type, JsonNode node, List<Operation> out) {
        if (!node.isObject()) {
            throw ScimException.invalidSyntax("Each PATCH operation must be a JSON object");
        }
        ObjectNode operation = (ObjectNode) node;
        JsonNode opNode = field(operation, "op");
        if (opNode == null || !opNode.isTextual()) {
            throw ScimException.invalidSyntax("A PATCH operation has no 'op'");
        }
        PatchOp op = PatchOp.parse(opNode.textValue());
        JsonNode path = field(operation, "path");
        JsonNode value = field(operation, "value");
        if (path != null && !path.isNull() && !(path.isTextual() && path.textValue().isBlank())) {
            if (!path.isTextual()) {
                throw ScimException.invalidPath("The PATCH path must be a string");
            }
            add(out, new Operation(op, PatchPath.parse(type, path.textValue()), value));
        } else if (op == PatchOp.REMOVE) {
            throw ScimException.badRequest("noTarget", "A remove operation needs a path (RFC 7644 §3.5.2.2)");
        } else if (value == null || !value.isObject()) {
            throw ScimException.invalidSyntax("An " + op.name().toLowerCase() + " without path needs an object value");
        } else {
            for (Map.Entry<String, JsonNode> e : value.properties()) {
                if (!isEchoedReadOnly(e.getKey())) {
                    add(out, new Operation(op, PatchPath.parse(type, e.getKey()), e.getValue()));
                }
            }
        }
    }

    /**
     * {@code schemas} and {@code meta} inside a no-path value are echoes of the resource, not edits:
     * skipped (RFC 7643 §3.1: meta is readOnly). An explicit {@code path:"meta"} is still refused.
     */
    private static boolean isEchoedReadOnly(String key) {
        return key.equalsIgnoreCase("schemas") || key.equalsIgnoreCase("meta");
    }

    /** The member named {@code name} in any case ("Operations", "operations", "OPERATIONS"). */
    static JsonNode field(ObjectNode object, String name) {
        return JsonEdits.get(object, name);
    }
}
