package dev.gatehouse.api.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.gatehouse.api.activity.ActivityFeed;
import dev.gatehouse.api.tenant.AuditLog;
import dev.gatehouse.api.tenant.TenantAdmin;
import dev.gatehouse.contract.AuditRecord;
import dev.gatehouse.scim.ScimJson;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * What happened: the audit log of administrative actions ({@code GET /admin/v1/audit}, and per
 * organization) and an organization's provisioning activity ({@code GET /admin/v1/tenants/{id}/activity}:
 * the SCIM calls every API instance answered, see {@link ActivityFeed}), the latest first, at most
 * {@code limit} entries.
 */
record AuditRoutes(TenantAdmin admin, AuditLog audit, ActivityFeed activity) {
    private static final int MAX_LIMIT = 1000;

    void auditAll(Context ctx) {
        auditOf(ctx, Optional.empty());
    }

    void auditOfTenant(Context ctx) {
        String id = ctx.pathParam("id");
        admin.get(id).orElseThrow(AdminHttp::notFound);
        auditOf(ctx, Optional.of(id));
    }

    private void auditOf(Context ctx, Optional<String> tenantId) {
        ArrayNode entries = ScimJson.mapper().createArrayNode();
        for (AuditRecord r : audit.latest(tenantId, limit(ctx))) {
            entries.add(ScimJson.mapper().valueToTree(r));
        }
        AdminHttp.json(ctx, 200, entries);
    }

    void activity(Context ctx) {
        String id = ctx.pathParam("id");
        admin.get(id).orElseThrow(AdminHttp::notFound);
        ArrayNode entries = ScimJson.mapper().createArrayNode();
        activity.latest(id, limit(ctx)).forEach(e -> entries.add(ScimJson.mapper().valueToTree(e)));
        AdminHttp.json(ctx, 200, entries);
    }

    private static int limit(Context ctx) {
        return AdminHttp.limit(ctx, 100, MAX_LIMIT);
    }
}
