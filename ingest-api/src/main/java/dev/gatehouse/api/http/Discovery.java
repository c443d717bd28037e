package dev.gatehouse.api.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.scim.ScimJson;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * Discovery endpoints (RFC 7644 §4): {@code /ServiceProviderConfig} (also under the name
 * {@code /serviceConfiguration} that Microsoft's reference collection calls), {@code /ResourceTypes}
 * and {@code /Schemas}. The service provider config says only what is true of this server.
 */
final class Discovery {
    private static final String LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    private final Optional<String> publicUrl;

    Discovery(Optional<String> publicUrl) {
        this.publicUrl = publicUrl;
    }

    void serviceProviderConfig(Context ctx) {
        ObjectNode c = ScimJson.mapper().createObjectNode();
        c.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig");
        c.put("documentationUri", "https://github.com/gatehouse/gatehouse#readme");
        c.putObject("patch").put("supported", true);
        c.putObject("bulk").put("supported", false).put("maxOperations", 0).put("maxPayloadSize", 0);
        c.putObject("filter").put("supported", true).put("maxResults", 1000);
        c.putObject("changePassword").put("supported", false);
        c.putObject("sort").put("supported", false);
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
        resources.add(resourceType("User", "/Users", "urn:ietf:params:scim:schemas:core:2.0:User", true));
        resources.add(resourceType("Group", "/Groups", "urn:ietf:params:scim:schemas:core:2.0:Group", false));
        ScimHttp.json(ctx, 200, list);
    }

    void schemas(Context ctx) {
        ObjectNode list = list(3);
        ArrayNode resources = list.putArray("Resources");
        resources.add(schema("urn:ietf:params:scim:schemas:core:2.0:User", "User"));
        resources.add(schema("urn:ietf:params:scim:schemas:core:2.0:Group", "Group"));
        resources.add(schema("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", "EnterpriseUser"));
        ScimHttp.json(ctx, 200, list);
    }

    private static ObjectNode list(int total) {
        ObjectNode list = ScimJson.mapper().createObjectNode();
        list.putArray("schemas").add(LIST);
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

    private static ObjectNode schema(String id, String name) {
        ObjectNode schema = ScimJson.mapper().createObjectNode();
        schema.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:Schema");
        schema.put("id", id).put("name", name);
        schema.putArray("attributes");
        schema.putObject("meta").put("resourceType", "Schema");
        return schema;
    }
}
