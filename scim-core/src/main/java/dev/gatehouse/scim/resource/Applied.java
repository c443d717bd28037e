package dev.gatehouse.scim.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.scim.patch.MemberChange;

/**
 * The outcome of applying one SCIM write to a resource.
 *
 * @param resource the resource after the write, as stored (a group without {@code members})
 * @param members  what the write does to a group's membership; {@link MemberChange#none()} for users
 * @param changed  whether the resource's own attributes changed (false for a no-op PATCH)
 */
public record Applied(ObjectNode resource, MemberChange members, boolean changed) {
}
