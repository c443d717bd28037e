package dev.gatehouse.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.tenant.TenantAdmin;
import dev.gatehouse.api.tenant.Tokens;
import dev.gatehouse.contract.TenantRecord;
import dev.gatehouse.scim.ScimJson;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Optional;

/**
 * The admin API ({@code /admin/v1}, plain JSON): organizations, SCIM on/off, token generation. Every
 * call carries the admin key; with no admin key configured, every call is refused.
 */
final class AdminRoutes {
    private static final int MAX_NAME = 200;

    private final TenantAdmin admin;
    private final Optional<String> adminKey;

    AdminRoutes(TenantAdmin admin, Optional<String> adminKey) {
        this.admin = admin;
        this.adminKey = adminKey;
    }

    /** Thrown for a refused admin call; rendered as {@code {"error": …}}. */
    static final class AdminError extends RuntimeException {
        final int status;

        AdminError(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    void authenticate(Context ctx) {
        String header = ctx.header("Authorization");
        String presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).trim() : ctx.header("X-Admin-Key");
        if (adminKey.isEmpty() || !Tokens.constantTimeEquals(presented, adminKey.get())) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"admin\"");
            throw new AdminError(401, "a valid admin key is required");
        }
    }

    void create(Context ctx) {
        JsonNode name = body(ctx).get("name");
        if (name == null || !name.isTextual() || name.asText().isBlank()) {
            throw new AdminError(400, "\"name\" is required");
        }
        if (name.asText().length() > MAX_NAME) {
            throw new AdminError(400, "\"name\" is longer than " + MAX_NAME + " characters");
        }
        json(ctx, 201, view(admin.create(name.asText().trim())));
    }

    void list(Context ctx) {
        ArrayNode all = ScimJson.mapper().createArrayNode();
        admin.list().forEach(t -> all.add(view(t)));
        json(ctx, 200, all);
    }

    void get(Context ctx) {
        json(ctx, 200, view(admin.get(ctx.pathParam("id")).orElseThrow(AdminRoutes::notFound)));
    }

    void setScim(Context ctx) {
        JsonNode enabled = body(ctx).get("enabled");
        if (enabled == null || !enabled.isBoolean()) {
            throw new AdminError(400, "\"enabled\" must be true or false");
        }
        TenantRecord tenant = admin.setScimEnabled(ctx.pathParam("id"), enabled.asBoolean())
                .orElseThrow(AdminRoutes::notFound);
        json(ctx, 200, view(tenant));
    }

    void generateToken(Context ctx) {
        String id = ctx.pathParam("id");
        String token;
        try {
            token = admin.generateToken(id).orElseThrow(AdminRoutes::notFound);
        } catch (TenantAdmin.Conflict e) {
            throw new AdminError(409, e.getMessage());
        }
        ctx.header("Cache-Control", "no-store");
        json(ctx, 201, ScimJson.mapper().createObjectNode().put("tenantId", id).put("token", token));
    }

    static void error(Context ctx, AdminError e) {
        json(ctx, e.status, ScimJson.mapper().createObjectNode().put("error", e.getMessage()));
    }

    private static AdminError notFound() {
        return new AdminError(404, "no such organization");
    }

    private static ObjectNode body(Context ctx) {
        try {
            JsonNode node = ScimJson.mapper().readTree(ctx.bodyAsBytes());
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (IOException e) {
            // reported below
        }
        throw new AdminError(400, "the request body must be a JSON object");
    }

    /** What the admin API shows of an organization: never token hashes. */
    private static ObjectNode view(TenantRecord t) {
        ObjectNode view = ScimJson.mapper().createObjectNode();
        view.put("id", t.id()).put("name", t.name()).put("scimEnabled", t.scimEnabled())
                .put("activeTokens", t.tokenHashes().size())
                .put("createdAt", t.createdAt().toString()).put("updatedAt", t.updatedAt().toString());
        return view;
    }

    private static void json(Context ctx, int status, JsonNode body) {
        ctx.status(status).contentType("application/json").result(body.toString());
    }
}
