package dev.gatehouse.processor.store;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.scim.resource.ResourceOps;
import java.time.Instant;
import java.util.Collection;

/**
 * How stored state is shown. Membership is stored apart from the resources, so the shapes add it:
 * <ul>
 *   <li>the read form (GET, POST/PUT results): a group with {@code "members"} as
 *       {@code [{"value": id, "display": name, "type": "User"}]} (RFC 7643 §4.2; {@code display} only
 *       where a {@link MemberNames} resolves it) and a user with the read-only {@code "groups"}
 *       (RFC 7643 §4.1.2) as {@code [{"value": id}]};</li>
 *   <li>the state form (the compacted users/groups topics): a user with {@code "groups"} as in the
 *       read form, a group with its own attributes only;</li>
 *   <li>the event form ({@code AccessChange.state}): a user with {@code "groups": [ids]}, a group with
 *       its own attributes only.</li>
 * </ul>
 * A group's member list is in no record: membership reaches topics through its users, one record per
 * changed member, so a member PATCH costs O(members changed) and no record grows with a group (a
 * 50,000-member list would exceed Kafka's default record size).
 */
public final class Views {
    private Views() {
    }

    /** The read form without member display names (see {@link MemberNames#NONE}). */
    public static ObjectNode readForm(ResourceType type, ObjectNode resource, Collection<String> related) {
        return readForm(type, resource, related, MemberNames.NONE);
    }

    /** The read form; a group's members get {@code display} from {@code names} and {@code type: "User"}. */
    public static ObjectNode readForm(ResourceType type, ObjectNode resource, Collection<String> related,
                                      MemberNames names) {
        ObjectNode out = resource.deepCopy();
        ArrayNode array = out.putArray(relatedAttribute(type));
        for (String id : related) {
            ObjectNode element = array.addObject().put("value", id);
            if (type == ResourceType.GROUP) {
                names.display(id).ifPresent(display -> element.put("display", display));
                // Gatehouse groups hold users only (nested groups are not provisioned, docs/entra-id.md §3 item 8).
                element.put("type", "User");
            }
        }
        return out;
    }

    /** The state topic form: a user with {@code "groups": [{"value": id}]}, a group as stored. */
    public static ObjectNode stateForm(ResourceType type, ObjectNode resource, Collection<String> groups) {
        return type == ResourceType.USER ? readForm(type, resource, groups) : resource.deepCopy();
    }

    /** The event form: a user with {@code "groups": [ids]}, a group as stored. */
    public static ObjectNode eventState(ResourceType type, ObjectNode resource, Collection<String> groups) {
        ObjectNode out = resource.deepCopy();
        if (type == ResourceType.USER) {
            ArrayNode array = out.putArray("groups");
            groups.forEach(array::add);
        }
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
