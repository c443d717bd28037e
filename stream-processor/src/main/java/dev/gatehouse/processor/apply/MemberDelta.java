package dev.gatehouse.processor.apply;

import java.util.Optional;
import java.util.Set;

/**
 * What one write does to a group's membership store in its first step: the users it links and
 * unlinks. A PATCH that adds or removes members yields a delta from point lookups of just those
 * members, so it costs O(members changed) whatever the group's size; a replacement (POST, PUT, replace
 * or remove of all members) knows the whole new set and unlinks the first of the members outside it.
 *
 * @param linked   users that become members (sorted)
 * @param unlinked users that stop being members in this step (sorted)
 * @param members  the complete member set after the write, when the write replaced it
 * @param more     whether further members are to be unlinked in later steps
 */
record MemberDelta(Set<String> linked, Set<String> unlinked, Optional<Set<String>> members, boolean more) {
    static final MemberDelta NONE = new MemberDelta(Set.of(), Set.of(), Optional.empty(), false);

    boolean isEmpty() {
        return linked.isEmpty() && unlinked.isEmpty() && !more;
    }
}
