package dev.gatehouse.scim.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.scim.ScimException;
import dev.gatehouse.scim.schema.ScimSchemas;

/**
 * Applies a PatchOp body to a resource's attributes: parsing ({@link PatchRequest}), member operations
 * folded into a {@link MemberChange} ({@link MemberCollector}), everything else edited in place
 * ({@link AttributePatcher}). The caller normalizes the result afterwards (booleans, manager, metadata).
 */
public final class PatchEngine {
    private PatchEngine() {
    }

    /**
     * Applies {@code patchOp} to {@code attributes}, a private working copy the caller owns (without
     * id, meta and schemas), and returns what it does to a group's membership.
     */
    public static MemberChange apply(ResourceType type, ObjectNode attributes, JsonNode patchOp) {
        PatchRequest request = PatchRequest.parse(type, patchOp);
        MemberCollector members = new MemberCollector();
        for (PatchRequest.Operation op : request.operations()) {
            PatchPath path = op.path();
            if (path.isCore("id") || path.isCore("meta") || (type == ResourceType.USER && path.isCore("groups"))) {
                // RFC 7643 §3.1 (id, meta readOnly); a user's groups are derived from group membership.
                throw ScimException.mutability("'" + path.attribute() + "' cannot be modified");
            }
            if (path.isCore("schemas")) {
                continue; // recomputed from the attributes present when the resource is stored
            }
            if (type == ResourceType.GROUP && path.schemaUrn() == null
                    && path.attribute() != null && path.attribute().equals(ScimSchemas.MEMBERS)) {
                members.apply(op.op(), path, op.value());
            } else {
                AttributePatcher.apply(attributes, op.op(), path, op.value());
            }
        }
        return type == ResourceType.GROUP ? members.change() : MemberChange.none();
    }
}
