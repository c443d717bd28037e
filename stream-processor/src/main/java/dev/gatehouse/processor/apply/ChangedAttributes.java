package dev.gatehouse.processor.apply;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The names of the attributes a write changed, for the timeline: top-level attribute names
 * ({@code active}, {@code emails}, {@code name}), {@code metadata.<key>} per changed metadata key, and
 * {@code <extension URN>:<attribute>} per changed attribute of an extension. Never a value: the timeline
 * copies no personal data. Compares the trees the processor holds anyway (the stored resource before and
 * after), so it costs one walk of the resource and no JSON encoding.
 */
final class ChangedAttributes {
    /** Not attributes a client sets: the schema list follows the extensions, id and meta are the server's. */
    private static final Set<String> IGNORED = Set.of("schemas", "id", "meta");
    private static final String METADATA = "metadata";
    private static final String URN = "urn:";

    private ChangedAttributes() {
    }

    /** What differs between {@code before} (null for a create) and {@code after}, sorted by name. */
    static List<String> between(JsonNode before, JsonNode after) {
        Set<String> changed = new TreeSet<>();
        for (String name : names(before, after)) {
            if (IGNORED.contains(name)) {
                continue;
            }
            JsonNode was = field(before, name);
            JsonNode is = field(after, name);
            if (Objects.equals(was, is)) {
                continue;
            }
            if (name.equals(METADATA) && objectOrAbsent(was) && objectOrAbsent(is)) {
                keys(was, is, METADATA + ".", changed);
            } else if (name.regionMatches(true, 0, URN, 0, URN.length()) && objectOrAbsent(was) && objectOrAbsent(is)) {
                keys(was, is, name + ":", changed);
            } else {
                changed.add(name);
            }
        }
        return List.copyOf(changed);
    }

    /** Adds {@code prefix + key} for every key whose value differs between the two objects. */
    private static void keys(JsonNode was, JsonNode is, String prefix, Set<String> changed) {
        for (String key : names(was, is)) {
            if (!Objects.equals(field(was, key), field(is, key))) {
                changed.add(prefix + key);
            }
        }
    }

    private static Set<String> names(JsonNode a, JsonNode b) {
        Set<String> names = new TreeSet<>();
        addNames(a, names);
        addNames(b, names);
        return names;
    }

    private static void addNames(JsonNode node, Set<String> names) {
        if (node != null && node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                names.add(e.getKey());
            }
        }
    }

    private static JsonNode field(JsonNode node, String name) {
        return node == null ? null : node.get(name);
    }

    private static boolean objectOrAbsent(JsonNode node) {
        return node == null || node.isObject();
    }
}
