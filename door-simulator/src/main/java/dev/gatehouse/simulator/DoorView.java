package dev.gatehouse.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.contract.AccessChange;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.scim.ScimJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * What a door system holds, per organization: persons (who may open doors, in which groups, with
 * which metadata) and groups. Applies a change only when it is newer than what it holds, the way a
 * receiver of Gatehouse's webhook must: a delivery repeated (the same Idempotency-Key or SET
 * {@code txn}, so the same version) or an older one changes nothing.
 *
 * <p>Each resource is held as its JSON bytes, parsed again when shown, and no set of delivery ids is
 * kept (the version check refuses a repeat): about 390 bytes a person instead of 1.2 KB of JSON trees,
 * so a 100,000-person organization (in {@code gatehouse up} and the bench, in the stack's JVM) takes
 * 39 MB of heap instead of 124 MB.
 */
final class DoorView {
    /**
     * What is held of one resource: its version, kept after a deletion too so that a late older event
     * cannot resurrect it, and its JSON while it exists (null once deleted).
     */
    private record Held(long version, byte[] json) {
    }

    private final Map<String, Map<String, Held>> persons = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Held>> groups = new ConcurrentHashMap<>();
    /** The most event ids kept per tenant: a demo stack that runs for weeks must not grow without end. */
    static final int EVENTS_KEPT = 10_000;

    /**
     * Per tenant, the ids of the newest {@link #EVENTS_KEPT} events applied, in arrival order: shows the
     * order of delivery.
     */
    private final Map<String, ArrayDeque<String>> applied = new HashMap<>();

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
     * Applies the change; false when it was a repeat or older than the state held. The change must
     * have all the fields {@link #missingFields} asks for.
     */
    synchronized boolean apply(AccessChange change) {
        Map<String, Map<String, Held>> kind = change.resourceType() == ResourceType.USER ? persons : groups;
        Map<String, Held> tenant = kind.computeIfAbsent(change.tenantId(), t -> new ConcurrentHashMap<>());
        Held held = tenant.get(change.resourceId());
        if (held != null && change.version() <= held.version()) {
            return false;
        }
        ArrayDeque<String> events = applied.computeIfAbsent(change.tenantId(), t -> new ArrayDeque<>());
        if (events.size() == EVENTS_KEPT) {
            events.removeFirst();
        }
        events.addLast(change.eventId());
        tenant.put(change.resourceId(), new Held(change.version(), change.deleted() ? null
                : bytes(change.resourceType() == ResourceType.USER ? person(change) : group(change))));
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
        live(persons, tenantId).stream()
                .sorted(Comparator.comparing(p -> p.path("userName").asText()))
                .forEach(out::add);
        return out;
    }

    synchronized ArrayNode events(String tenantId) {
        ArrayNode out = ScimJson.mapper().createArrayNode();
        applied.getOrDefault(tenantId, new ArrayDeque<>()).forEach(out::add);
        return out;
    }

    Optional<ObjectNode> person(String tenantId, String id) {
        Held held = persons.getOrDefault(tenantId, Map.of()).get(id);
        return held == null || held.json() == null ? Optional.empty() : Optional.of(tree(held.json()));
    }

    /** Groups with their members, which come from the persons' groups (membership travels in user events). */
    synchronized ArrayNode groups(String tenantId) {
        ArrayNode out = ScimJson.mapper().createArrayNode();
        List<ObjectNode> people = live(persons, tenantId);
        live(groups, tenantId).stream()
                .sorted(Comparator.comparing(g -> g.path("displayName").asText()))
                .forEach(group -> {
                    ArrayNode members = group.putArray("members");
                    people.stream()
                            .filter(p -> texts(p.path("groups")).contains(group.path("id").asText()))
                            .map(p -> p.path("id").asText())
                            .sorted()
                            .forEach(members::add);
                    out.add(group);
                });
        return out;
    }

    /** The resources of one kind an organization holds now (not deleted), parsed. */
    private static List<ObjectNode> live(Map<String, Map<String, Held>> kind, String tenantId) {
        List<ObjectNode> out = new ArrayList<>();
        for (Held held : kind.getOrDefault(tenantId, Map.of()).values()) {
            if (held.json() != null) {
                out.add(tree(held.json()));
            }
        }
        return out;
    }

    private static byte[] bytes(ObjectNode node) {
        try {
            return ScimJson.mapper().writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings, numbers and booleans is always JSON", e);
        }
    }

    private static ObjectNode tree(byte[] json) {
        try {
            return (ObjectNode) ScimJson.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("the JSON this view wrote itself is always readable", e);
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(item -> out.add(item.asText()));
        return out;
    }
}
