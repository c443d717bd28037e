package dev.gatehouse.scim.patch;

import java.util.HashMap;
import java.util.Map;
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
 * @param displays    the {@code display} a client sent with an added member (Okta sends it; Microsoft's
 *                    reference collection sends {@code displayName}), by id; members sent without one
 *                    are absent
 */
public record MemberChange(Set<String> added, Set<String> removed, Optional<Set<String>> replacement,
                           Map<String, String> displays) {

    public MemberChange {
        added = Set.copyOf(added);
        removed = Set.copyOf(removed);
        replacement = replacement.map(Set::copyOf);
        displays = Map.copyOf(displays);
    }

    public MemberChange(Set<String> added, Set<String> removed, Optional<Set<String>> replacement) {
        this(added, removed, replacement, Map.of());
    }

    public static MemberChange none() {
        return new MemberChange(Set.of(), Set.of(), Optional.empty());
    }

    public static MemberChange replaceWith(Set<String> members) {
        return new MemberChange(Set.of(), Set.of(), Optional.of(members));
    }

    /** {@code members} (id → display as sent, or null) as the complete new member set. */
    public static MemberChange replaceWith(Map<String, String> members) {
        return new MemberChange(Set.of(), Set.of(), Optional.of(members.keySet()), withoutNulls(members));
    }

    /** The display sent with member {@code id}, if any. */
    public Optional<String> display(String id) {
        return Optional.ofNullable(displays.get(id));
    }

    public boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty() && replacement.isEmpty();
    }

    static Map<String, String> withoutNulls(Map<String, String> members) {
        Map<String, String> out = new HashMap<>();
        members.forEach((id, display) -> {
            if (display != null) {
                out.put(id, display);
            }
        });
        return out;
    }
}
