package dev.gatehouse.sync.connector;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.contract.AccessChange;
import dev.gatehouse.contract.ResourceType;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns access changes into calls of a {@link DoorAccessConnector}: a user becomes
 * {@code upsertPerson} (its {@code active} flag and groups included, one state, so a suspend is never
 * a separate step that could be lost) or {@code deletePerson}; a group becomes {@code upsertGroup} or
 * {@code deleteGroup}. Membership arrives only with the users: a group's event carries its own
 * attributes, never a member list (a member change emits an event for each changed user instead). Metadata is flattened ({@code a.b}) and
 * checked against the system's limits first: a person the system can never hold is rejected for
 * good, not retried for ever.
 */
public final class ChangeApplier implements DoorConnector {
    private final DoorAccessConnector connector;

    public ChangeApplier(DoorAccessConnector connector) {
        this.connector = connector;
    }

    @Override
    public String name() {
        return connector.name();
    }

    @Override
    public boolean serves(String tenantId) {
        return connector.tenantId().equals(tenantId);
    }

    @Override
    public Capabilities capabilities() {
        return connector.capabilities();
    }

    @Override
    public Optional<DoorAccessConnector> operations() {
        return Optional.of(connector);
    }

    @Override
    public PushOutcome push(AccessChange change) {
        if (change.resourceType() == ResourceType.USER) {
            if (change.deleted()) {
                return connector.deletePerson(change.resourceId());
            }
            Map<String, Object> metadata = new LinkedHashMap<>();
            Optional<String> invalid = flatten("", change.state().path("metadata"), metadata);
            if (invalid.isEmpty()) {
                invalid = check(metadata, connector.capabilities().metadata());
            }
            if (invalid.isPresent()) {
                return PushOutcome.rejected("metadata: " + invalid.get());
            }
            return connector.upsertPerson(person(change.resourceId(), change.state(), metadata));
        }
        if (change.deleted()) {
            return connector.deleteGroup(change.resourceId());
        }
        if (!connector.capabilities().groups()) {
            return PushOutcome.applied();
        }
        return connector.upsertGroup(group(change.resourceId(), change.state(), Set.of()));
    }

    /** The person a SCIM user state describes (its metadata already flattened). */
    public static PersonSpec person(String id, JsonNode state, Map<String, Object> metadata) {
        String email = state.path("userName").asText("");
        for (JsonNode e : state.path("emails")) {
            if (e.path("primary").asBoolean(false) && e.hasNonNull("value")) {
                email = e.get("value").asText();
            }
        }
        String name = state.path("displayName").asText("");
        if (name.isEmpty()) {
            name = state.path("name").path("formatted").asText("");
        }
        if (name.isEmpty()) {
            name = (state.path("name").path("givenName").asText("") + " "
                    + state.path("name").path("familyName").asText("")).trim();
        }
        return new PersonSpec(id, email, name, state.path("active").asBoolean(true), metadata, ids(state.path("groups")));
    }

    /** The group a SCIM group state describes, with {@code members} (known from the users' groups). */
    public static GroupSpec group(String id, JsonNode state, Set<String> members) {
        return new GroupSpec(id, state.path("displayName").asText(""), members);
    }

    /** Ids from an array of strings or of {@code {"value": id}} objects. */
    public static Set<String> ids(JsonNode array) {
        Set<String> ids = new LinkedHashSet<>();
        for (JsonNode item : array) {
            ids.add(item.isObject() ? item.path("value").asText() : item.asText());
        }
        return ids;
    }

    /** Flattens nested objects into dotted keys; an array has no flat form and is refused. */
    public static Optional<String> flatten(String prefix, JsonNode node, Map<String, Object> out) {
        if (!node.isObject()) {
            return Optional.empty();
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String key = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
            JsonNode value = field.getValue();
            if (value.isObject()) {
                Optional<String> invalid = flatten(key, value, out);
                if (invalid.isPresent()) {
                    return invalid;
                }
            } else if (value.isArray()) {
                return Optional.of("key " + key + " holds a list");
            } else if (value.isNull()) {
                out.put(key, null);
            } else if (value.isBoolean()) {
                out.put(key, value.booleanValue());
            } else if (value.isIntegralNumber()) {
                out.put(key, value.longValue());
            } else if (value.isNumber()) {
                out.put(key, value.doubleValue());
            } else {
                out.put(key, value.asText());
            }
        }
        return Optional.empty();
    }

    private static Optional<String> check(Map<String, Object> metadata, Capabilities.MetadataLimits limits) {
        // One key is the connector's own (its id mapping), so the person's may use one fewer.
        if (metadata.size() >= limits.maxKeys()) {
            return Optional.of(metadata.size() + " keys, at most " + (limits.maxKeys() - 1) + " allowed");
        }
        for (Map.Entry<String, Object> e : metadata.entrySet()) {
            if (e.getKey().length() > limits.maxKeyLength()) {
                return Optional.of("key " + e.getKey() + " is longer than " + limits.maxKeyLength());
            }
            if (e.getValue() != null && e.getValue().toString().length() > limits.maxValueLength()) {
                return Optional.of("value of " + e.getKey() + " is longer than " + limits.maxValueLength());
            }
        }
        return Optional.empty();
    }
}
