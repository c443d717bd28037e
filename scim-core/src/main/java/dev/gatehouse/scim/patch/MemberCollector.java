package dev.gatehouse.scim.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.scim.ScimException;
import dev.gatehouse.scim.limits.Limits;
import dev.gatehouse.scim.limits.ResourceLimits;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Folds a request's member operations, in order, into one {@link MemberChange}. Group membership is
 * never written into the group resource; the processor applies the change to its membership store.
 * A request names at most {@link Limits#MEMBERS_PER_REQUEST} member values in all its operations, so
 * the memberships one request adds or removes by name are bounded; each display is a name
 * ({@link Limits#NAME_CHARS}).
 */
public final class MemberCollector {
    private final Set<String> added = new LinkedHashSet<>();
    private final Set<String> removed = new LinkedHashSet<>();
    private final Map<String, String> displays = new HashMap<>();
    private Set<String> replacement;
    private int values;

    /** Applies one operation whose path is {@code members} or {@code members[...]}. */
    public void apply(PatchOp op, PatchPath path, JsonNode value) {
        if (path.subAttribute() != null) {
            throw ScimException.invalidPath("PATCH of members." + path.subAttribute() + " is not supported");
        }
        if (path.valueFilter() != null) {
            if (op != PatchOp.REMOVE) {
                throw ScimException.invalidPath("Add or replace members with a value path filter is not supported");
            }
            // Flag-mode removal (docs/entra-id.md §3 item 6): members[value eq "id"], no value.
            List<String> ids = path.valueFilter().anyOfEqualities("value").orElseThrow(() ->
                    ScimException.invalidPath("A members filter must be value eq \"id\" (or an 'or' of them)"));
            count(ids.size());
            remove(ids);
        } else if (op == PatchOp.ADD) {
            Map<String, String> members = members(value);
            count(members.size());
            add(members.keySet());
            remember(members);
        } else if (op == PatchOp.REMOVE && value != null && !value.isNull()) {
            // Default-dialect removal with a value array removes only those listed (docs/entra-id.md §3 item 5).
            Set<String> ids = ids(value);
            count(ids.size());
            remove(ids);
        } else if (op == PatchOp.REMOVE) {
            replace(Set.of());
        } else {
            Map<String, String> members = members(value);
            count(members.size());
            replace(members.keySet());
            remember(members);
        }
    }

    private void count(int more) {
        values += more;
        if (values > Limits.MEMBERS_PER_REQUEST) {
            throw tooManyMembers(values);
        }
    }

    private static ScimException tooManyMembers(int count) {
        return ScimException.invalidValue("The request names " + count + " members; at most "
                + Limits.MEMBERS_PER_REQUEST + " are allowed in one request");
    }

    private void remember(Map<String, String> members) {
        members.forEach((id, display) -> {
            if (display != null) {
                displays.put(id, display);
            }
        });
    }

    private void add(Iterable<String> ids) {
        change(ids, true);
    }

    private void remove(Iterable<String> ids) {
        change(ids, false);
    }

    /**
     * Adds or removes {@code ids}: in the replacement once there is one, else as a change, where adding
     * an id cancels its removal and removing it cancels its addition.
     */
    private void change(Iterable<String> ids, boolean adding) {
        Set<String> to = adding ? added : removed;
        Set<String> from = adding ? removed : added;
        ids.forEach(id -> {
            if (replacement == null) {
                to.add(id);
                from.remove(id);
            } else if (adding) {
                replacement.add(id);
            } else {
                replacement.remove(id);
            }
        });
    }

    private void replace(Set<String> ids) {
        replacement = new LinkedHashSet<>(ids);
        added.clear();
        removed.clear();
    }

    /** The member ids in a {@code members} value: an array of {@code {"value": id, ...}} (or one). */
    public static Set<String> ids(JsonNode value) {
        return members(value).keySet();
    }

    /**
     * The members in a {@code members} value, in order: id → the {@code display} sent with it (or,
     * leniently, {@code displayName}), null when none. A member may also be a bare id string.
     */
    public static Map<String, String> members(JsonNode value) {
        Map<String, String> members = new LinkedHashMap<>();
        List<JsonNode> elements = JsonEdits.elements(JsonEdits.isClearing(value) ? null : value);
        if (elements.size() > Limits.MEMBERS_PER_REQUEST) {
            throw tooManyMembers(elements.size());
        }
        for (JsonNode member : elements) {
            JsonNode id = member.isObject() ? JsonEdits.get((ObjectNode) member, "value") : member;
            if (id == null || !id.isValueNode() || id.asText().isBlank()) {
                throw ScimException.invalidValue("Each member needs a non-empty \"value\" (the member's id)");
            }
            members.put(id.asText(), member.isObject() ? display((ObjectNode) member) : null);
        }
        return members;
    }

    private static String display(ObjectNode member) {
        for (String name : List.of("display", "displayName")) {
            JsonNode display = JsonEdits.get(member, name);
            if (display != null && display.isTextual() && !display.textValue().isBlank()) {
                ResourceLimits.checkName("a member's " + name, display.textValue());
                return display.textValue();
            }
        }
        return null;
    }

    /** The folded change. */
    public MemberChange change() {
        Set<String> kept = replacement != null ? replacement : added;
        Map<String, String> sent = new HashMap<>(displays);
        sent.keySet().retainAll(kept);
        return new MemberChange(added, removed, Optional.ofNullable(replacement), sent);
    }
}
