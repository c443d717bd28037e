package dev.gatehouse.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.http.AdminHttp.AdminError;
import dev.gatehouse.api.tenant.SsoSettings;
import dev.gatehouse.api.tenant.TenantAdmin;
import dev.gatehouse.contract.SsoConfig;
import dev.gatehouse.contract.TenantRecord;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** An organization's SSO configuration: {@code PUT /admin/v1/tenants/{id}/sso} (SCIM requires SSO). */
record SsoRoutes(TenantAdmin admin, TenantView view) {
    void setSso(Context ctx) {
        ObjectNode body = AdminHttp.body(ctx);
        List<String> domains = new ArrayList<>();
        JsonNode domainsNode = body.get("domains");
        if (domainsNode != null && domainsNode.isArray()) {
            domainsNode.forEach(d -> domains.add(d.isTextual() ? d.asText() : d.toString()));
        } else if (domainsNode != null && domainsNode.isTextual()) {
            domains.add(domainsNode.asText());
        }
        SsoConfig sso;
        try {
            sso = SsoSettings.validate(AdminHttp.text(body, "provider"), AdminHttp.text(body, "directoryId"), domains,
                    Instant.now());
        } catch (SsoSettings.Invalid e) {
            throw new AdminError(400, e.getMessage());
        }
        try {
            TenantRecord tenant = admin.setSso(AdminHttp.actor(ctx), ctx.pathParam("id"), sso)
                    .orElseThrow(AdminHttp::notFound);
            AdminHttp.json(ctx, 200, view.of(ctx, tenant));
        } catch (TenantAdmin.Conflict e) {
            throw new AdminError(409, e.getMessage());
        }
    }
}
