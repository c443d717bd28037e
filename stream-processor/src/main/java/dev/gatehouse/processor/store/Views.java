package dev.gatehouse.processor.store;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.scim.resource.ResourceOps;
import java.time.Instant;
import java.util.Collection;

/**
 * How stored state is shown. Membership is stored apart from the resources, so both shapes add it:
 * <ul>
 *   <li>the read form (GET, command results, state topics): a group with {@code "members"} and a
 *       user with the read-only {@code "groups"} (RFC 7643 §4.1.2), each {@code [{"value": id}]};</li>
 *   <li>the event form ({@code AccessChange.state}): plain id arrays, {@code "members": [ids]} /
 *       {@code "groups": [ids]}.</li>
 * </ul>
 */
public final class Views {
    private Views() {
    }

    public static ObjectNode readForm(ResourceType type, ObjectNode resource, Collection<String> related) {
        ObjectNode out = resource.deepCopy();
        ArrayNode array = out.putArray(relatedAttribute(type));
        related.forEach(id -> array.addObject().put("value", id));
        return out;
    }

    public static ObjectNode eventState(ResourceType type, ObjectNode resource, Collection<String> related) {
        ObjectNode out = resource.deepCopy();
        ArrayNode array = out.putArray(relatedAttribute(type));
        related.forEach(array::add);
        return out;
    }

    /** "members" for a group, "groups" for a user. */
    public static String relatedAttribute(ResourceType type) {
        return type == ResourceType.GROUP ? "members" : "groups";
    }

    /**
     * A resource whose membership changed while its own attributes did not: new version and
     * lastModified (the membership is part of what a GET shows, so its ETag must change).
     */
    public static ObjectNode touch(ObjectNode resource, long version, Instant now) {
        ObjectNode out = ResourceOps.withVersion(resource, version);
        if (out.get("meta") instanceof ObjectNode meta) {
            meta.put("lastModified", now.toString());
        }
        return out;
    }
}
