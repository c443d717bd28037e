package dev.gatehouse.sync.connector.kisi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.scim.ScimJson;
import dev.gatehouse.sync.connector.GroupSpec;
import dev.gatehouse.sync.connector.PersonSpec;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Persons and groups as Kisi holds them, and the request bodies that write them: a person is a user's
 * {@code email}, {@code name}, {@code access_enabled} and flat {@code metadata} carrying our id
 * ({@value KisiConnector#ID_KEY}); a group's description carries ours ({@value KisiConnector#GROUP_TAG}{@code <id>}).
 */
final class KisiFields {
    private KisiFields() {
    }

    /** The fields we manage on a Kisi user, as Kisi answers them (so a mirror entry compares equal). */
    static ObjectNode wanted(PersonSpec person) {
        ObjectNode fields = ScimJson.mapper().createObjectNode();
        fields.put("email", person.email()).put("name", person.name()).put("access_enabled", person.active());
        ObjectNode metadata = ScimJson.mapper().valueToTree(new TreeMap<>(person.metadata()));
        metadata.put(KisiConnector.ID_KEY, person.key());
        // Through text and back, so numbers get the node types a parsed answer has.
        fields.set("metadata", ScimJson.mapper().valueToTree(parse(metadata.toString())));
        return fields;
    }

    /** The fields we manage of a user as Kisi lists it. */
    static ObjectNode held(JsonNode user) {
        ObjectNode fields = ScimJson.mapper().createObjectNode();
        fields.put("email", user.path("email").asText("")).put("name", user.path("name").asText(""))
                .put("access_enabled", user.path("access_enabled").asBoolean(true));
        JsonNode metadata = user.path("metadata");
        fields.set("metadata", metadata.isObject() ? metadata : ScimJson.mapper().createObjectNode());
        return fields;
    }

    /** The person a user's held fields describe, our id left out of its metadata. */
    static PersonSpec person(String key, ObjectNode fields, Set<String> memberOf) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        fields.path("metadata").properties().forEach(e -> {
            if (!e.getKey().equals(KisiConnector.ID_KEY)) {
                metadata.put(e.getKey(), ScimJson.mapper().convertValue(e.getValue(), Object.class));
            }
        });
        return new PersonSpec(key, fields.path("email").asText(""), fields.path("name").asText(""),
                fields.path("access_enabled").asBoolean(true), metadata, memberOf);
    }

    /**
     * The body that creates a managed user: no e-mails from Kisi, no confirmation step
     * (docs/door-systems.md, "Kisi REST").
     */
    static ObjectNode createUser(ObjectNode wanted) {
        return user(wanted.deepCopy().put("confirm", true).put("send_emails", false));
    }

    /** {@code {"user": fields}}. */
    static ObjectNode user(ObjectNode fields) {
        ObjectNode body = ScimJson.mapper().createObjectNode();
        body.set("user", fields);
        return body;
    }

    static ObjectNode access(boolean enabled) {
        ObjectNode body = ScimJson.mapper().createObjectNode();
        body.putObject("user").put("access_enabled", enabled);
        return body;
    }

    static ObjectNode group(GroupSpec spec) {
        ObjectNode body = ScimJson.mapper().createObjectNode();
        body.putObject("group").put("name", spec.name()).put("description", KisiConnector.GROUP_TAG + spec.key());
        return body;
    }

    /** A group_basic role assignment: the user is a member of the group. */
    static ObjectNode assignment(String userId, String groupId) {
        ObjectNode body = ScimJson.mapper().createObjectNode();
        body.putObject("role_assignment").put("user_id", userId).put("role_id", "group_basic").put("group_id", groupId);
        return body;
    }

    private static JsonNode parse(String json) {
        try {
            return ScimJson.mapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
