package dev.gatehouse.scim.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.scim.ScimException;
import dev.gatehouse.scim.ScimJson;
import dev.gatehouse.scim.schema.ScimSchemas;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** Builds and takes apart the stored form: {@code schemas}, {@code id}, attributes, {@code meta}. */
final class StoredResource {
    private StoredResource() {
    }

    /** Assembles a stored resource from normalized attributes. */
    static ObjectNode build(ResourceType type, String id, ObjectNode attributes, String created,
                            Instant lastModified, JsonNode version) {
        ObjectNode resource = ScimJson.mapper().createObjectNode();
        ArrayNode schemas = resource.putArray("schemas").add(type.schema());
        if (attributes.has(ScimSchemas.ENTERPRISE_USER)) {
            schemas.add(ScimSchemas.ENTERPRISE_USER);
        }
        // RFC 7643 §3: schemas lists every schema present, so custom extensions are listed too,
        // even though Entra never sends them in schemas (docs/entra-id.md §4.1 item 2).
        attributes.properties().stream().map(Map.Entry::getKey)
                .filter(k -> ScimSchemas.isSchemaUrn(k) && !k.equals(ScimSchemas.ENTERPRISE_USER))
                .forEach(schemas::add);
        resource.put("id", id);
        resource.setAll(attributes);
        ObjectNode meta = resource.putObject("meta");
        meta.put("resourceType", type.scimName());
        meta.put("created", created);
        meta.put("lastModified", DateTimeFormatter.ISO_INSTANT.format(lastModified));
        if (version != null) {
            meta.set("version", version);
        }
        return resource;
    }

    /** A copy of {@code resource}'s own attributes: everything but schemas, id and meta. */
    static ObjectNode attributes(ObjectNode resource) {
        ObjectNode copy = resource.deepCopy();
        copy.remove("schemas");
        copy.remove("id");
        copy.remove("meta");
        return copy;
    }

    /** RFC 7643 §4.1.1 / §4.2: userName (users) and displayName (groups) are required strings. */
    static void validate(ResourceType type, ObjectNode attributes) {
        String required = type == ResourceType.USER ? "userName" : "displayName";
        JsonNode value = attributes.get(required);
        if (value == null || !value.isTextual() || value.textValue().isBlank()) {
            throw ScimException.invalidValue(required + " is required and must be a non-empty string");
        }
    }

    static String versionTag(long version) {
        return "W/\"" + version + "\"";
    }
}
