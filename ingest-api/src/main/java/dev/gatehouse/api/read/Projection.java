package dev.gatehouse.api.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code attributes} / {@code excludedAttributes} (RFC 7644 §3.4.2.5, §3.9): attribute names are
 * case-insensitive, may be URN-qualified or dotted (sub-attributes); {@code id} and {@code schemas}
 * are always returned (RFC 7643 §3.1, {@code returned: always}).
 */
public final class Projection {
    private static final List<String> ALWAYS = List.of("id", "schemas");

    private final List<String> attributes;
    private final List<String> excluded;

    private Projection(List<String> attributes, List<String> excluded) {
        this.attributes = attributes;
        this.excluded = excluded;
    }

    /** From the comma-separated query parameters of a GET. */
    public static Projection of(String attributes, String excludedAttributes) {
        return ofNames(names(attributes), names(excludedAttributes));
    }

    /** From lists of attribute names, as a SearchRequest's arrays hold them (RFC 7644 §3.4.3). */
    public static Projection ofNames(List<String> attributes, List<String> excludedAttributes) {
        return new Projection(normalized(attributes), normalized(excludedAttributes));
    }

    /** The names in a comma-separated parameter value, as given; none for null or blank. */
    public static List<String> names(String value) {
        return value == null || value.isBlank() ? List.of() : Arrays.asList(value.split(","));
    }

    /**
     * Whether the projected resource can show {@code attribute} (a top-level name, any case): false
     * when it is excluded, or when {@code attributes} names neither it nor one of its sub-attributes.
     * Lets the reader skip what would be dropped anyway (a group's members).
     */
    public boolean keeps(String attribute) {
        String name = attribute.toLowerCase(Locale.ROOT);
        if (excluded.contains(name)) {
            return false;
        }
        return attributes.isEmpty() || attributes.stream().anyMatch(a -> a.equals(name) || a.startsWith(name + "."));
    }

    public boolean isIdentity() {
        return attributes.isEmpty() && excluded.isEmpty();
    }

    private static List<String> normalized(List<String> names) {
        return names.stream().map(String::trim).filter(s -> !s.isEmpty())
                .map(Projection::stripCoreUrn).map(Projection::stripValueFilter)
                .map(s -> s.toLowerCase(Locale.ROOT)).toList();
    }

    /** {@code emails[type eq "work"]} names the attribute {@code emails}: projection selects attributes, not values. */
    private static String stripValueFilter(String name) {
        int open = name.indexOf('[');
        int close = name.lastIndexOf(']');
        return open < 0 || close < open ? name : name.substring(0, open) + name.substring(close + 1);
    }

    /** {@code urn:…:core:2.0:User:userName} names the core attribute {@code userName}. */
    private static String stripCoreUrn(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (String core : List.of("urn:ietf:params:scim:schemas:core:2.0:user:", "urn:ietf:params:scim:schemas:core:2.0:group:")) {
            if (lower.startsWith(core)) {
                return name.substring(core.length());
            }
        }
        return name;
    }

    /** A projected copy of {@code resource}. */
    public ObjectNode apply(ObjectNode resource) {
        if (isIdentity()) {
            return resource;
        }
        ObjectNode copy = resource.deepCopy();
        if (!attributes.isEmpty()) {
            keepOnly(copy);
        }
        excluded.forEach(name -> remove(copy, name));
        return copy;
    }

    private void keepOnly(ObjectNode copy) {
        Iterator<Map.Entry<String, JsonNode>> fields = copy.properties().iterator();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey().toLowerCase(Locale.ROOT);
            if (ALWAYS.contains(name)) {
                continue;
            }
            boolean whole = attributes.contains(name);
            List<String> subs = attributes.stream().filter(a -> a.startsWith(name + ".") || a.startsWith(name + ":"))
                    .map(a -> a.substring(name.length() + 1)).toList();
            if (whole) {
                continue;
            }
            if (subs.isEmpty()) {
                fields.remove();
            } else if (field.getValue().isObject()) {
                new Projection(subs, List.of()).keepOnly((ObjectNode) field.getValue());
            }
        }
    }

    private static void remove(ObjectNode node, String name) {
        if (ALWAYS.contains(name)) {
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey().toLowerCase(Locale.ROOT);
            if (key.equals(name)) {
                fields.remove();
            } else if ((name.startsWith(key + ".") || name.startsWith(key + ":")) && field.getValue().isObject()) {
                remove((ObjectNode) field.getValue(), name.substring(key.length() + 1));
            }
        }
    }
}
