package dev.gatehouse.scim.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.contract.Operation;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.scim.schema.ScimSchemas;
import java.util.Map;

/**
 * A user's {@code password} (RFC 7643 §4.1.1, write-only) is never stored: the processor drops it. The
 * ingest API blanks it too, before a write becomes a command, so the password a client sent never
 * reaches a topic ({@code commands} is kept forever and replayed). Any value but null (which means
 * absent) is replaced by {@value #REDACTED}; the processor checks nothing of a password before it drops
 * it, so a write is applied exactly as before.
 */
public final class Passwords {
    /** What a password a client sent reads in a command. */
    public static final String REDACTED = "[redacted]";
    private static final String PASSWORD = "password";
    private static final String CORE_PASSWORD = ScimSchemas.USER + ":" + PASSWORD;

    private Passwords() {
    }

    /**
     * {@code body} with every password of a user write blanked, in place: a {@code password} or
     * {@code urn:…:core:2.0:User:password} attribute, one inside the core schema's object, and the
     * value of a PATCH operation whose path is such an attribute. Returns {@code body}.
     */
    public static ObjectNode redact(ResourceType type, Operation operation, ObjectNode body) {
        if (type != ResourceType.USER || body == null) {
            return body;
        }
        if (operation == Operation.PATCH) {
            for (Map.Entry<String, JsonNode> member : body.properties()) {
                if (member.getKey().equalsIgnoreCase("Operations") && member.getValue().isArray()) {
                    member.getValue().forEach(Passwords::redactOperation);
                }
            }
        } else {
            redactAttributes(body);
        }
        return body;
    }

    private static void redactOperation(JsonNode operation) {
        if (!(operation instanceof ObjectNode op)) {
            return;
        }
        for (Map.Entry<String, JsonNode> member : op.properties()) {
            if (!member.getKey().equalsIgnoreCase("value")) {
                continue;
            }
            if (namesPassword(pathOf(op)) && !member.getValue().isNull()) {
                member.setValue(op.textNode(REDACTED));
            } else if (member.getValue() instanceof ObjectNode attributes) {
                redactAttributes(attributes);
            }
        }
    }

    private static String pathOf(ObjectNode op) {
        for (Map.Entry<String, JsonNode> member : op.properties()) {
            if (member.getKey().equalsIgnoreCase("path") && member.getValue().isTextual()) {
                return member.getValue().asText();
            }
        }
        return "";
    }

    private static void redactAttributes(ObjectNode attributes) {
        for (Map.Entry<String, JsonNode> member : attributes.properties()) {
            if (namesPassword(member.getKey()) && !member.getValue().isNull()) {
                member.setValue(attributes.textNode(REDACTED));
            } else if (member.getKey().equalsIgnoreCase(ScimSchemas.USER) && member.getValue() instanceof ObjectNode core) {
                redactAttributes(core);
            }
        }
    }

    private static boolean namesPassword(String name) {
        String trimmed = name.strip();
        return trimmed.equalsIgnoreCase(PASSWORD) || trimmed.equalsIgnoreCase(CORE_PASSWORD);
    }
}
