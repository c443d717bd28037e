package dev.gatehouse.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.http.AdminHttp.AdminError;
import dev.gatehouse.api.oauth.AccessTokens;
import dev.gatehouse.api.tenant.ScimClients;
import dev.gatehouse.api.tenant.TenantAdmin;
import dev.gatehouse.contract.ScimClient;
import dev.gatehouse.contract.TenantRecord;
import dev.gatehouse.scim.ScimJson;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * An organization's OAuth clients for SCIM under {@code /admin/v1/tenants/{id}/scim/clients}: create
 * (201 with the first secret, shown once), list (never a secret or its hash), add and revoke secrets,
 * delete, and set or remove workload identity federation. Changes need SCIM on (409 otherwise).
 */
record ScimClientRoutes(TenantAdmin admin, ScimClients clients, AccessTokens tokens, Optional<String> publicUrl) {
    void create(Context ctx) {
        ObjectNode body = optionalBody(ctx);
        JsonNode name = body.get("name");
        if (name != null && !name.isNull() && !name.isTextual()) {
            throw new AdminError(400, "\"name\" must be a string");
        }
        int days = secretDays(body);
        ScimClients.IssuedSecret issued = call(() -> clients.create(AdminHttp.actor(ctx), ctx.pathParam("id"),
                name == null || name.isNull() ? null : name.asText(), days));
        ObjectNode answer = secret(issued);
        String base = ScimHttp.baseUrl(ctx, publicUrl);
        answer.put("tokenUrl", base + OAuthRoutes.TOKEN_PATH).put("scimUrl", base + "/scim/v2");
        ctx.header("Location", ctx.path() + "/" + issued.clientId());
        AdminHttp.json(ctx, 201, answer);
    }

    void list(Context ctx) {
        TenantRecord tenant = admin.get(ctx.pathParam("id")).orElseThrow(AdminHttp::notFound);
        String base = ScimHttp.baseUrl(ctx, publicUrl);
        ObjectNode answer = ScimJson.mapper().createObjectNode().put("tokenUrl", base + OAuthRoutes.TOKEN_PATH)
                .put("scimUrl", base + "/scim/v2");
        ArrayNode list = answer.putArray("clients");
        tenant.scimClients().forEach(client -> list.add(view(tenant.id(), client)));
        AdminHttp.json(ctx, 200, answer);
    }

    void get(Context ctx) {
        TenantRecord tenant = admin.get(ctx.pathParam("id")).orElseThrow(AdminHttp::notFound);
        ScimClient client = tenant.scimClient(ctx.pathParam("clientId")).orElseThrow(AdminHttp::notFound);
        AdminHttp.json(ctx, 200, view(tenant.id(), client));
    }

    void addSecret(Context ctx) {
        int days = secretDays(optionalBody(ctx));
        ScimClients.IssuedSecret issued = call(() -> clients.addSecret(AdminHttp.actor(ctx), ctx.pathParam("id"),
                ctx.pathParam("clientId"), days));
        AdminHttp.json(ctx, 201, secret(issued));
    }

    void revokeSecret(Context ctx) {
        call(() -> clients.revokeSecret(AdminHttp.actor(ctx), ctx.pathParam("id"), ctx.pathParam("clientId"),
                ctx.pathParam("secretId")));
        ctx.header("Cache-Control", "no-store");
        ctx.status(204);
    }

    void delete(Context ctx) {
        call(() -> clients.delete(AdminHttp.actor(ctx), ctx.pathParam("id"), ctx.pathParam("clientId")));
        ctx.header("Cache-Control", "no-store");
        ctx.status(204);
    }

    void setFederation(Context ctx) {
        ObjectNode body = AdminHttp.body(ctx);
        for (String field : new String[] {"issuer", "subject", "audience", "jwksUri"}) {
            JsonNode value = body.get(field);
            if (value != null && !value.isNull() && !value.isTextual()) {
                throw new AdminError(400, "\"" + field + "\" must be a string");
            }
        }
        ScimClient client = call(() -> clients.setFederation(AdminHttp.actor(ctx), ctx.pathParam("id"),
                ctx.pathParam("clientId"), AdminHttp.text(body, "issuer"), AdminHttp.text(body, "subject"),
                AdminHttp.text(body, "audience"), AdminHttp.text(body, "jwksUri")));
        AdminHttp.json(ctx, 200, view(ctx.pathParam("id"), client));
    }

    void removeFederation(Context ctx) {
        call(() -> clients.removeFederation(AdminHttp.actor(ctx), ctx.pathParam("id"), ctx.pathParam("clientId")));
        ctx.header("Cache-Control", "no-store");
        ctx.status(204);
    }

    /** A client as lists show it: ids, times and federation; never a secret or its hash. */
    private ObjectNode view(String tenantId, ScimClient client) {
        Instant now = Instant.now();
        ObjectNode view = ScimJson.mapper().createObjectNode().put("clientId", client.clientId())
                .put("name", client.name()).put("createdAt", client.createdAt().toString());
        ArrayNode secrets = view.putArray("secrets");
        for (ScimClient.ClientSecret s : client.secrets()) {
            // ObjectNode.put writes null for an absent time: a secret or federation never used.
            secrets.addObject().put("secretId", s.secretId()).put("createdAt", s.createdAt().toString())
                    .put("expiresAt", s.expiresAt().toString()).put("expired", !s.expiresAt().isAfter(now))
                    .put("expiresSoon", ScimClients.expiresSoon(s, now))
                    .put("lastUsedAt", lastUsed(tenantId, client.clientId(), s.secretId()));
        }
        ScimClient.Federation f = client.federation();
        if (f == null) {
            view.putNull("federation");
        } else {
            view.putObject("federation").put("issuer", f.issuer()).put("subject", f.subject())
                    .put("audience", f.audience()).put("jwksUri", f.jwksUri()).put("updatedAt", f.updatedAt().toString())
                    .put("lastUsedAt", lastUsed(tenantId, client.clientId(), null));
        }
        return view;
    }

    /** When the secret (or, for null, the federation) last got a token, or null. */
    private String lastUsed(String tenantId, String clientId, String secretId) {
        return tokens.lastUsed(tenantId, clientId, secretId).map(Instant::toString).orElse(null);
    }

    private static ObjectNode secret(ScimClients.IssuedSecret issued) {
        return ScimJson.mapper().createObjectNode().put("clientId", issued.clientId()).put("clientSecret", issued.secret())
                .put("secretId", issued.secretId()).put("expiresAt", issued.expiresAt().toString())
                .put("notice", "Copy this secret now: it is shown only once and cannot be retrieved later.");
    }

    private static ObjectNode optionalBody(Context ctx) {
        return ctx.bodyAsBytes().length == 0 ? ScimJson.mapper().createObjectNode() : AdminHttp.body(ctx);
    }

    private static int secretDays(ObjectNode body) {
        JsonNode days = body.get("secretLifetimeDays");
        if (days == null || days.isNull()) {
            return ScimClients.DEFAULT_SECRET_DAYS;
        }
        if (!days.isIntegralNumber() || !days.canConvertToInt()) {
            throw new AdminError(400, "\"secretLifetimeDays\" must be a whole number of days");
        }
        return days.asInt();
    }

    /** Runs a change: 404 when there is no such organization, client or secret; 409 and 400 as the change says. */
    private static <T> T call(Supplier<Optional<T>> change) {
        try {
            return change.get().orElseThrow(AdminHttp::notFound);
        } catch (TenantAdmin.Conflict e) {
            throw new AdminError(409, e.getMessage());
        } catch (TenantAdmin.Invalid e) {
            throw new AdminError(400, e.getMessage());
        }
    }
}
