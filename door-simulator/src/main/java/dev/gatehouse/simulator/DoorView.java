package dev.gatehouse.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.contract.AccessChange;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.scim.ScimJson;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * What a door system holds, per organization: persons (who may open doors, in which groups, with
 * which metadata) and groups. Applies a change only when it is newer than what it holds, the way a
 * receiver of Gatehouse's webhook must.
 */
final class DoorView {
    private final Map<String, Map<String, ObjectNode>> persons = new ConcurrentHashMap<>();
    private final Map<String, Map<String, ObjectNode>> groups = new ConcurrentHashMap<>();
    /** Versions are kept for deleted resources too, so a late older event cannot resurrect them. */
    private final Map<String, Long> versions = new HashMap<>();
    private final Set<String> seenEvents = ConcurrentHashMap.newKeySet();
    /** Per tenant, the ids of the events applied, in arrival order: shows the order of delivery. */
    private final Map<String, List<String>> applied = new HashMap<>();

    /**
     * The fields a change lacks to be applied: {@code tenantId}, {@code resourceType}, {@code resourceId},
     * and {@code state} unless it is a deletion. Empty when it can be applied.
     */
    static List<String> missingFields(AccessChange change) {
        Map<String, Boolean> present = new LinkedHashMap<>();
        present.put("tenantId", change.tenantId() != null);
        present.put("resourceType", change.resourceType() != null);
        present.put("resourceId", change.resourceId() != null);
        present.put("state", change.deleted() || (change.state() != null && !change.state().isNull()));
        return present.entrySet().stream().filter(e -> !e.getValue()).map(Map.Entry::getKey).toList();
    }

    /**
     * Applies the change; false when it was a duplicate or older than the state held. The change must
     * have all the fields {@link #missingFields} asks for.
     */
    synchronized boolean apply(String idempotencyKey, AccessChange change) {
        if (idempotencyKey != null && !seenEvents.add(idempotencyKey)) {
            return false;
        }
        String key = change.tenantId() + "/" + change.resourceType() + "/" + change.resourceId();
        Long held = versions.get(key);
        if (held != null && change.version() <= held) {
            return false;
        }
        versions.put(key, change.version());
        applied.computeIfAbsent(change.tenantId(), t -> new ArrayList<>()).add(change.eventId());
        Map<String, Map<String, ObjectNode>> kind = change.resourceType() == ResourceType.USER ? persons : groups;
        Map<String, ObjectNode> tenant = kind.computeIfAbsent(change.tenantId(), t -> new ConcurrentHashMap<>());
        if (change.deleted()) {
            tenant.remove(change.resourceId());
        } else {
            tenant.put(change.resourceId(), change.resourceType() == ResourceType.USER ? person(change) : group(change));
        }
        return true;
    }

    private static ObjectNode person(AccessChange change) {
        return held(change, (state, person) -> {
            person.put("userName", state.path("userName").asText());
            person.put("active", state.path("active").asBoolean(true));
            person.set("groups", ids(state.path("groups")));
            JsonNode metadata = state.path("metadata");
            person.set("metadata", metadata.isObject() ? metadata.deepCopy() : ScimJson.mapper().createObjectNode());
        });
    }

    private static ObjectNode group(AccessChange change) {
        return held(change, (state, group) -> group.put("displayName", state.path("displayName").asText()));
    }

    /** What is held of a resource: its id, the fields {@code fill} takes from the change's state, its version. */
    private static ObjectNode held(AccessChange change, BiConsumer<JsonNode, ObjectNode> fill) {
        ObjectNode held = ScimJson.mapper().createObjectNode();
        held.put("id", change.resourceId());
        fill.accept(change.state(), held);
        held.put("version", change.version());
        return held;
    }

    /** Ids from an array of strings or of {@code {"value": id}} objects. */
    private static ArrayNode ids(JsonNode array) {
        ArrayNode ids = ScimJson.mapper().createArrayNode();
        for (JsonNode item : array) {
            ids.add(item.isObject() ? item.path("value").asText() : item.asText());
        }
        return ids;
    }

    ArrayNode persons(String tenantId) {
        ArrayNode out = ScimJson.mapper().createArrayNode();
        persons.getOrDefault(tenantId, Map.of()).values().stream()
                .sorted(Comparator.comparing(p -> p.path("userName").asText()))
                .forEach(out::add);
        return out;
    }

    synchronized ArrayNode events(String tenantId) {
        ArrayNode out = ScimJson.mapper().createArrayNode();
        applied.getOrDefault(tenantId, List.of()).forEach(out::add);
        return out;
    }

    Optional<ObjectNode> person(String tenantId, String id) {
        return Optional.ofNullable(persons.getOrDefault(tenantId, Map.of()).get(id));
    }

    /** Groups with their members, which come from the persons' groups (membership travels in user events). */
    synchronized ArrayNode groups(String tenantId) {
        ArrayNode out = ScimJson.mapper().createArrayNode();
        Map<String, ObjectNode> people = persons.getOrDefault(tenantId, Map.of());
        groups.getOrDefault(tenantId, Map.of()).values().stream()
                .sorted(Comparator.comparing(g -> g.path("displayName").asText()))
                .forEach(g -> {
                    ObjectNode group = g.deepCopy();
                    ArrayNode members = group.putArray("members");
                    people.values().stream()
                            .filter(p -> texts(p.path("groups")).contains(g.path("id").asText()))
                            .map(p -> p.path("id").asText())
                            .sorted()
                            .forEach(members::add);
                    out.add(group);
                });
        return out;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(item -> out.add(item.asText()));
        return out;
    }
}
