package dev.gatehouse.launcher.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.pipeline.TopicSpec;
import dev.gatehouse.pipeline.Topics;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A topic of the catalogue ({@link Topics}) as {@code events tail} names it: its name without the prefix
 * ({@code users}, {@code access-changes}, …), its full name under the configured prefix, and how a record
 * of it says which organization it belongs to (the key formats documented in {@link Topics}).
 *
 * @param name     the catalogue name without the prefix, e.g. {@code access-changes}
 * @param fullName the topic's name on the cluster, e.g. {@code gatehouse.access-changes}
 * @param owner    how a record names its organization
 */
public record EventTopic(String name, String fullName, Owner owner) {

    /** How a record of a topic names its organization, so {@code --tenant} can keep that organization's. */
    public enum Owner {
        /** The key is the tenant id ({@code "-"} for records of no organization). */
        KEY,
        /** The key starts with the tenant id and a slash: {@code tenant/resource…}. */
        KEY_PATH,
        /** The key names something else (an API instance): the value's {@code tenantId} says. */
        VALUE_TENANT_ID;

        /** Whether a record with {@code key} and parsed {@code value} (null for a tombstone) is {@code tenant}'s. */
        public boolean owns(String tenant, String key, JsonNode value) {
            return switch (this) {
                case KEY -> tenant.equals(key);
                case KEY_PATH -> key != null && key.startsWith(tenant + "/");
                case VALUE_TENANT_ID -> value != null && tenant.equals(value.path("tenantId").asText(null));
            };
        }
    }

    /**
     * The owner rule of each catalogue topic, by name without the prefix, from the key formats of
     * {@link Topics}: tenants, commands, command dead letters, audit and the timeline are keyed by tenant id; state
     * topics, access changes, the connectors' dead letters (keyed as the access change) and door status by
     * {@code tenant/…}; results by the API instance waiting for them.
     */
    static final Map<String, Owner> OWNERS = Map.ofEntries(
            Map.entry("tenants", Owner.KEY),
            Map.entry("commands", Owner.KEY),
            Map.entry("results", Owner.VALUE_TENANT_ID),
            Map.entry("users", Owner.KEY_PATH),
            Map.entry("groups", Owner.KEY_PATH),
            Map.entry("access-changes", Owner.KEY_PATH),
            Map.entry("dead-letters", Owner.KEY_PATH),
            Map.entry("command-dead-letters", Owner.KEY),
            Map.entry("door-status", Owner.KEY_PATH),
            Map.entry("audit", Owner.KEY),
            Map.entry("access-tokens", Owner.VALUE_TENANT_ID),
            Map.entry("provisioning-activity", Owner.KEY),
            Map.entry("timeline", Owner.KEY));

    /** The names of every catalogue topic without the prefix, in the catalogue's order. */
    public static List<String> names() {
        Topics unprefixed = new Topics("", 1, (short) 1);
        return unprefixed.specs().stream().map(TopicSpec::name).toList();
    }

    /** The catalogue topic called {@code name} (without the prefix) under {@code prefix}, if there is one. */
    public static Optional<EventTopic> find(String name, String prefix) {
        if (!names().contains(name)) {
            return Optional.empty();
        }
        Owner owner = OWNERS.get(name);
        if (owner == null) {
            throw new IllegalStateException("topic " + name + " has no owner rule in EventTopic.OWNERS");
        }
        return Optional.of(new EventTopic(name, prefix + name, owner));
    }
}
