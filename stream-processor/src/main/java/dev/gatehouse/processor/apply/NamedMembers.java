package dev.gatehouse.processor.apply;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.contract.Command;
import dev.gatehouse.contract.Operation;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The user ids a group write names as members, read from the request body as sent: the {@code members}
 * of a POST or PUT, and the members a PATCH adds, removes or sets (as a value, or in a path filter
 * {@code members[value eq "…"]}). Used only for a refused group write, whose members' timelines say that
 * a write about them was refused; at most {@link #MAX} ids, so a huge body cannot fan out.
 */
final class NamedMembers {
    /** The most users one refused group write is told to. */
    static final int MAX = 100;
    private static final String MEMBERS = "members";
    private static final Pattern VALUE_FILTER = Pattern.compile("value\\s+eq\\s+\"([^\"]+)\"", Pattern.CASE_INSENSITIVE);

    private NamedMembers() {
    }

    /** The member ids {@code command}'s body names, in the order named, without repeats, at most {@link #MAX}. */
    static List<String> of(Command command) {
        Set<String> ids = new LinkedHashSet<>();
        JsonNode body = command.body();
        if (body == null || !body.isObject()) {
            return List.of();
        }
        if (command.operation() == Operation.CREATE || command.operation() == Operation.REPLACE) {
            values(field(body, MEMBERS), ids);
        } else if (command.operation() == Operation.PATCH) {
            for (JsonNode op : iterable(field(body, "Operations"))) {
                patchOperation(op, ids);
            }
        }
        return List.copyOf(ids);
    }

    private static void patchOperation(JsonNode op, Set<String> ids) {
        JsonNode path = field(op, "path");
        JsonNode value = field(op, "value");
        if (path == null || !path.isTextual() || path.asText().isBlank()) {
            values(field(value, MEMBERS), ids);
            return;
        }
        String text = path.asText().trim();
        if (!text.toLowerCase(Locale.ROOT).startsWith(MEMBERS)) {
            return;
        }
        Matcher filter = VALUE_FILTER.matcher(text);
        if (filter.find()) {
            add(filter.group(1), ids);
        }
        values(value, ids);
    }

    /** Adds the {@code value} of each element of an array of members (or of one member object). */
    private static void values(JsonNode members, Set<String> ids) {
        if (members == null) {
            return;
        }
        if (members.isObject()) {
            JsonNode value = field(members, "value");
            if (value != null && value.isTextual()) {
                add(value.asText(), ids);
            }
            return;
        }
        for (JsonNode member : iterable(members)) {
            values(member.isObject() ? member : null, ids);
        }
    }

    private static void add(String id, Set<String> ids) {
        if (ids.size() < MAX && !id.isBlank()) {
            ids.add(id);
        }
    }

    private static Iterable<JsonNode> iterable(JsonNode array) {
        return array != null && array.isArray() ? array : List.of();
    }

    /** A field by name in any case (SCIM attribute names are case-insensitive). */
    private static JsonNode field(JsonNode node, String name) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode exact = node.get(name);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }
}
