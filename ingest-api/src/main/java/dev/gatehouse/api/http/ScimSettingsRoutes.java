package dev.gatehouse.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.api.http.AdminHttp.AdminError;
import dev.gatehouse.api.tenant.TenantAdmin;
import dev.gatehouse.contract.TenantRecord;
import dev.gatehouse.scim.ScimJson;
import io.javalin.http.Context;
import java.time.Duration;

/**
 * An organization's SCIM settings and tokens: {@code PUT /admin/v1/tenants/{id}/scim} turns SCIM on
 * or off (off revokes the token), {@code POST /admin/v1/tenants/{id}/scim/token} generates a token,
 * shown once.
 */
record ScimSettingsRoutes(TenantAdmin admin, TenantView view) {
    void setScim(Context ctx) {
        JsonNode enabled = AdminHttp.body(ctx).get("enabled");
        if (enabled == null || !enabled.isBoolean()) {
            throw new AdminError(400, "\"enabled\" must be true or false");
        }
        try {
            TenantRecord tenant = admin.setScimEnabled(AdminHttp.actor(ctx), ctx.pathParam("id"), enabled.asBoolean())
                    .orElseThrow(AdminHttp::notFound);
            AdminHttp.json(ctx, 200, view.of(ctx, tenant));
        } catch (TenantAdmin.Invalid e) {
            throw new AdminError(400, e.getMessage());
        }
    }

    void generateToken(Context ctx) {
        String id = ctx.pathParam("id");
        Duration grace = Duration.ZERO;
        if (ctx.bodyAsBytes().length > 0) {
            JsonNode seconds = AdminHttp.body(ctx).get("graceSeconds");
            if (seconds != null && !seconds.isNull()) {
                if (!seconds.canConvertToLong() || !seconds.isIntegralNumber()) {
                    throw new AdminError(400, "\"graceSeconds\" must be a whole number of seconds");
                }
                grace = Duration.ofSeconds(seconds.asLong());
            }
        }
        String token;
        try {
            token = admin.generateToken(AdminHttp.actor(ctx), id, grace).orElseThrow(AdminHttp::notFound);
        } catch (TenantAdmin.Conflict e) {
            throw new AdminError(409, e.getMessage());
        } catch (TenantAdmin.Invalid e) {
            throw new AdminError(400, e.getMessage());
        }
        ctx.header("Cache-Control", "no-store");
        AdminHttp.json(ctx, 201, ScimJson.mapper().createObjectNode().put("tenantId", id).put("token", token)
                .put("graceSeconds", grace.toSeconds())
                .put("notice", "Copy this token now: it is shown only once and cannot be retrieved later."));
    }
}
