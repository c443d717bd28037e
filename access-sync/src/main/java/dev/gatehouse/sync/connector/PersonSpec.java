package dev.gatehouse.sync.connector;

import java.util.Map;
import java.util.Set;

/**
 * A person as Gatehouse wants a door system to hold them, keyed by our stable id ({@code key}, the
 * SCIM resource id): the door system's own id is the connector's business.
 *
 * @param key      our id of the person
 * @param email    the login / email (SCIM userName)
 * @param name     display name
 * @param active   whether the person may open doors
 * @param metadata flat metadata (string, number or boolean values)
 * @param groups   our ids of the groups the person belongs to
 */
public record PersonSpec(String key, String email, String name, boolean active, Map<String, Object> metadata,
                         Set<String> groups) {
    public PersonSpec {
        metadata = Map.copyOf(metadata);
        groups = Set.copyOf(groups);
    }
}
