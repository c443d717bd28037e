package dev.gatehouse.processor.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.scim.ScimException;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code sortBy} / {@code sortOrder} (RFC 7644 §3.4.2.3): the attribute path may be dotted and
 * URN-qualified and is matched case-insensitively; a multi-valued attribute sorts by its primary (or
 * first) value; strings compare case-insensitively; resources without a value sort last.
 */
final class SortKey {
    private final String[] path;
    private final boolean descending;

    private SortKey(String[] path, boolean descending) {
        this.path = path;
        this.descending = descending;
    }

    /** The sort asked for, or empty when {@code sortBy} is absent. */
    static Optional<SortKey> parse(String sortBy, String sortOrder) {
        if (sortBy == null || sortBy.isBlank()) {
            return Optional.empty();
        }
        boolean descending = false;
        if (sortOrder != null && !sortOrder.isBlank()) {
            switch (sortOrder.trim().toLowerCase(Locale.ROOT)) {
                case "ascending" -> descending = false;
                case "descending" -> descending = true;
                default -> throw ScimException.invalidValue("sortOrder must be \"ascending\" or \"descending\"");
            }
        }
        String attribute = sortBy.trim();
        String lower = attribute.toLowerCase(Locale.ROOT);
        if (lower.startsWith("urn:")) {
            int split = attribute.lastIndexOf(':');
            String urn = attribute.substring(0, split);
            String rest = attribute.substring(split + 1);
            boolean core = urn.toLowerCase(Locale.ROOT).startsWith("urn:ietf:params:scim:schemas:core:");
            return Optional.of(new SortKey(core ? rest.split("\\.") : splitUrn(urn, rest), descending));
        }
        return Optional.of(new SortKey(attribute.split("\\."), descending));
    }

    private static String[] splitUrn(String urn, String rest) {
        String[] parts = rest.split("\\.");
        String[] path = new String[parts.length + 1];
        path[0] = urn;
        System.arraycopy(parts, 0, path, 1, parts.length);
        return path;
    }

    /** Orders resources by this key; missing values last whatever the order. */
    Comparator<JsonNode> comparator() {
        Comparator<String> values = descending
                ? Comparator.<String, String>comparing(v -> v, String.CASE_INSENSITIVE_ORDER).reversed()
                : Comparator.comparing(v -> v, String.CASE_INSENSITIVE_ORDER);
        return Comparator.comparing(this::value, Comparator.nullsLast(values));
    }

    String value(JsonNode resource) {
        JsonNode node = resource;
        for (String name : path) {
            node = element(field(node, name));
            if (node == null) {
                return null;
            }
        }
        if (node.isObject()) {
            node = node.get("value"); // "emails" sorts by the primary email's value
        }
        return node != null && node.isValueNode() && !node.isNull() ? node.asText() : null;
    }

    private static JsonNode field(JsonNode node, String name) {
        if (node == null || !node.isObject()) {
            return null;
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (field.getKey().equalsIgnoreCase(name)) {
                return field.getValue();
            }
        }
        return null;
    }

    /** A multi-valued attribute is represented by its primary value, else its first. */
    private static JsonNode element(JsonNode node) {
        if (node == null || !node.isArray()) {
            return node;
        }
        for (JsonNode item : node) {
            if (item.path("primary").asBoolean(false)) {
                return item;
            }
        }
        return node.size() == 0 ? null : node.get(0);
    }
}
