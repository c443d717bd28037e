package dev.gatehouse.api.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.scim.ScimException;
import dev.gatehouse.scim.ScimJson;
import dev.gatehouse.scim.schema.ScimSchemas;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Discovery endpoints (RFC 7644 §4): {@code /ServiceProviderConfig} (also under the name
 * {@code /serviceConfiguration} that Microsoft's reference collection calls), {@code /ResourceTypes}
 * and {@code /Schemas}. The service provider config says only what is true of this server.
 */
final class Discovery {
    /** The discovery paths under {@code /scim/v2}; GET is their only method. */
    static final List<String> PATHS = List.of("/ServiceProviderConfig", "/serviceConfiguration", "/ResourceTypes",
            "/ResourceTypes/{id}", "/Schemas", "/Schemas/{id}");
    private static final List<ObjectNode> SCHEMAS = loadSchemas();
    private final Optional<String> publicUrl;

    Discovery(Optional<String> publicUrl) {
        this.publicUrl = publicUrl;
    }

    /**
     * A write on a discovery endpoint: 405 with {@code Allow: GET} (RFC 9110 §15.5.6) and an RFC 7644
     * error body, not the 404 an unknown resource type would get.
     */
    static void readOnly(Context ctx) {
        ctx.header("Allow", "GET");
        ApiErrors.render(ctx, ScimHttp.failure(405, ctx.method().name() + " is not allowed: " + ctx.path()
                + " is read-only (RFC 7644 §4); use GET"));
    }

    void serviceProviderConfig(Context ctx) {
        ObjectNode c = ScimJson.mapper().createObjectNode();
        c.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig");
        c.put("documentationUri", "https://github.com/gatehouse/gatehouse#readme");
        c.putObject("patch").put("supported", true);
        c.putObject("bulk").put("supported", false).put("maxOperations", 0).put("maxPayloadSize", 0);
        c.putObject("filter").put("supported", true).put("maxResults", 1000);
        c.putObject("changePassword").put("supported", false);
        c.putObject("sort").put("supported", true);
        c.putObject("etag").put("supported", true);
        ObjectNode scheme = c.putArray("authenticationSchemes").addObject();
        scheme.put("type", "oauthbearertoken").put("name", "OAuth Bearer Token")
                .put("description", "Authentication with the organization's SCIM secret token").put("primary", true);
        ObjectNode meta = c.putObject("meta");
        meta.put("resourceType", "ServiceProviderConfig")
                .put("location", ScimHttp.baseUrl(ctx, publicUrl) + "/scim/v2/ServiceProviderConfig");
        ScimHttp.json(ctx, 200, c);
    }

    void resourceTypes(Context ctx) {
        ObjectNode list = list(2);
        ArrayNode resources = list.putArray("Resources");
        resourceTypes().forEach(resources::add);
        ScimHttp.json(ctx, 200, list);
    }

    private static List<ObjectNode> resourceTypes() {
        return List.of(resourceType("User", "/Users", "urn:ietf:params:scim:schemas:core:2.0:User", true),
                resourceType("Group", "/Groups", "urn:ietf:params:scim:schemas:core:2.0:Group", false));
    }

    void schemas(Context ctx) {
        ObjectNode list = list(SCHEMAS.size());
        ArrayNode resources = list.putArray("Resources");
        SCHEMAS.forEach(schema -> resources.add(located(ctx, schema)));
        ScimHttp.json(ctx, 200, list);
    }

    void schema(Context ctx) {
        String id = ctx.pathParam("id");
        ObjectNode schema = SCHEMAS.stream().filter(s -> s.path("id").asText().equalsIgnoreCase(id)).findFirst()
                .orElseThrow(() -> ScimException.notFound("no such schema: " + id));
        ScimHttp.json(ctx, 200, located(ctx, schema));
    }

    void resourceType(Context ctx) {
        String id = ctx.pathParam("id");
        ObjectNode type = resourceTypes().stream().filter(t -> t.path("id").asText().equalsIgnoreCase(id)).findFirst()
                .orElseThrow(() -> ScimException.notFound("no such resource type: " + id));
        ScimHttp.json(ctx, 200, type);
    }

    private ObjectNode located(Context ctx, ObjectNode schema) {
        ObjectNode copy = schema.deepCopy();
        ((ObjectNode) copy.get("meta")).put("location",
                ScimHttp.baseUrl(ctx, publicUrl) + "/scim/v2" + schema.path("meta").path("location").asText());
        return copy;
    }

    /** RFC 7643 §7 schema definitions, kept as data in {@code scim/schemas.json}. */
    private static List<ObjectNode> loadSchemas() {
        try (InputStream in = Discovery.class.getResourceAsStream("/scim/schemas.json")) {
            List<ObjectNode> schemas = new ArrayList<>();
            ScimJson.mapper().readTree(in).forEach(node -> schemas.add((ObjectNode) node));
            return List.copyOf(schemas);
        } catch (IOException e) {
            throw new UncheckedIOException("scim/schemas.json is part of the jar", e);
        }
    }

    private static ObjectNode list(int total) {
        ObjectNode list = ScimJson.mapper().createObjectNode();
        list.putArray("schemas").add(ScimSchemas.LIST_RESPONSE);
        list.put("totalResults", total).put("itemsPerPage", total).put("startIndex", 1);
        return list;
    }

    private static ObjectNode resourceType(String name, String endpoint, String schema, boolean enterprise) {
        ObjectNode type = ScimJson.mapper().createObjectNode();
        type.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:ResourceType");
        type.put("id", name).put("name", name).put("endpoint", endpoint).put("schema", schema);
        if (enterprise) {
            type.putArray("schemaExtensions").addObject()
                    .put("schema", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User").put("required", false);
        }
        type.putObject("meta").put("resourceType", "ResourceType");
        return type;
    }
}
