package dev.gatehouse.scim.resource;

import java.util.Optional;
import java.util.Set;

/**
 * What a write does to a group's membership, as user ids. Membership is kept apart from the group
 * resource so that a member PATCH costs O(members changed), not O(group size).
 *
 * @param added       ids to add (ignored when {@code replacement} is present)
 * @param removed     ids to remove (ignored when {@code replacement} is present)
 * @param replacement when present, the group's complete new member set (POST, PUT, replace of
 *                    {@code members}, remove of all members)
 */
public record MemberChange(Set<String> added, Set<String> removed, Optional<Set<String>> replacement) {

    public MemberChange {
        added = Set.copyOf(added);
        removed = Set.copyOf(removed);
        replacement = replacement.map(Set::copyOf);
    }

    public static MemberChange none() {
        return new MemberChange(Set.of(), Set.of(), Optional.empty());
    }

    public static MemberChange replaceWith(Set<String> members) {
        return new MemberChange(Set.of(), Set.of(), Optional.of(members));
    }

    public boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty() && replacement.isEmpty();
    }
}
