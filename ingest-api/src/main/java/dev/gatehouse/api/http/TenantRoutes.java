package dev.gatehouse.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.gatehouse.api.http.AdminHttp.AdminError;
import dev.gatehouse.api.tenant.TenantAdmin;
import dev.gatehouse.scim.ScimJson;
import io.javalin.http.Context;

/** The admin API's organizations: {@code POST} and {@code GET /admin/v1/tenants}, {@code GET /admin/v1/tenants/{id}}. */
record TenantRoutes(TenantAdmin admin, TenantView view) {
    private static final int MAX_NAME = 200;

    void create(Context ctx) {
        JsonNode name = AdminHttp.body(ctx).get("name");
        if (name == null || !name.isTextual() || name.asText().isBlank()) {
            throw new AdminError(400, "\"name\" is required");
        }
        if (name.asText().length() > MAX_NAME) {
            throw new AdminError(400, "\"name\" is longer than " + MAX_NAME + " characters");
        }
        AdminHttp.json(ctx, 201, view.of(ctx, admin.create(AdminHttp.actor(ctx), name.asText().trim())));
    }

    void list(Context ctx) {
        ArrayNode all = ScimJson.mapper().createArrayNode();
        admin.list().forEach(t -> all.add(view.of(ctx, t)));
        AdminHttp.json(ctx, 200, all);
    }

    void get(Context ctx) {
        AdminHttp.json(ctx, 200, view.of(ctx, admin.get(ctx.pathParam("id")).orElseThrow(AdminHttp::notFound)));
    }
}
