package dev.gatehouse.scim.limits;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.scim.ScimException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * The limits of a resource as it would be stored after a write: its names, its multi-valued
 * attributes and its serialized size. Checked on the outcome, not the request, because a PATCH can grow
 * a resource a little at a time: the write that would cross a limit is refused and nothing changes.
 */
public final class ResourceLimits {
    private static final List<String> NAMES = List.of("userName", "displayName", "externalId");

    private ResourceLimits() {
    }

    /** 400 {@code invalidValue} or 413 when {@code resource} (schemas, id, attributes, meta) breaks a limit. */
    public static void check(ObjectNode resource) {
        for (String name : NAMES) {
            JsonNode value = resource.get(name);
            if (value != null && value.isTextual()) {
                checkName(name, value.textValue());
            }
        }
        checkArrays(resource);
        long bytes = JsonLimits.serializedBytes(resource);
        if (bytes > Limits.STORED_RESOURCE_BYTES) {
            throw ScimException.payloadTooLarge("The resource would be " + bytes + " bytes; a resource is limited to "
                    + Limits.STORED_RESOURCE_BYTES + " bytes");
        }
    }

    /** 400 {@code invalidValue} when a name is longer than {@link Limits#NAME_CHARS}. */
    public static void checkName(String attribute, String value) {
        if (value.length() > Limits.NAME_CHARS) {
            throw ScimException.invalidValue(attribute + " is " + value.length() + " characters long; at most "
                    + Limits.NAME_CHARS + " are allowed");
        }
    }

    private static void checkArrays(ObjectNode resource) {
        Deque<Map.Entry<String, JsonNode>> containers = new ArrayDeque<>();
        containers.push(Map.entry("", resource));
        while (!containers.isEmpty()) {
            Map.Entry<String, JsonNode> entry = containers.pop();
            JsonNode node = entry.getValue();
            if (node.isArray() && node.size() > Limits.MULTI_VALUED_VALUES) {
                throw ScimException.invalidValue(entry.getKey() + " has " + node.size() + " values; at most "
                        + Limits.MULTI_VALUED_VALUES + " are allowed");
            }
            if (node.isObject()) {
                node.properties().forEach(field -> {
                    if (field.getValue().isContainerNode()) {
                        containers.push(field);
                    }
                });
            } else if (node.isArray()) {
                for (JsonNode element : node) {
                    if (element.isContainerNode()) {
                        containers.push(Map.entry(entry.getKey(), element));
                    }
                }
            }
        }
    }
}
