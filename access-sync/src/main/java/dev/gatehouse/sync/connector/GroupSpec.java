package dev.gatehouse.sync.connector;

import java.util.Set;

/**
 * An access group as Gatehouse wants a door system to hold it.
 *
 * @param key     our id of the group
 * @param name    display name
 * @param members our ids of its members
 */
public record GroupSpec(String key, String name, Set<String> members) {
    public GroupSpec {
        members = Set.copyOf(members);
    }
}
