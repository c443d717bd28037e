package dev.gatehouse.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.http.AdminHttp.AdminError;
import dev.gatehouse.api.secret.SecretBox;
import dev.gatehouse.api.tenant.SsoSettings;
import dev.gatehouse.api.tenant.TenantAdmin;
import dev.gatehouse.contract.SsoConfig;
import dev.gatehouse.contract.TenantRecord;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An organization's SSO configuration: {@code PUT /admin/v1/tenants/{id}/sso} (SCIM requires SSO). A
 * {@code clientSecret} is encrypted under the deployment's encryption key before it is stored, and never
 * shown again; left out, the stored one is kept as long as the issuer and client id stay the same (a
 * new issuer or client must come with its secret, so a changed issuer is never sent the old one).
 */
record SsoRoutes(TenantAdmin admin, TenantView view, Optional<SecretBox> secrets) {
    /** What a client secret is sealed for: its organization, so it opens for no other. */
    static String secretPurpose(String tenantId) {
        return "sso-client-secret:" + tenantId;
    }

    void setSso(Context ctx) {
        ObjectNode body = AdminHttp.body(ctx);
        String id = ctx.pathParam("id");
        SsoSettings.Validated entered;
        try {
            entered = SsoSettings.validate(new SsoSettings.Entered(AdminHttp.text(body, "provider"),
                    AdminHttp.text(body, "directoryId"), AdminHttp.text(body, "issuer"), AdminHttp.text(body, "clientId"),
                    AdminHttp.text(body, "clientSecret"), domains(body)), Instant.now());
        } catch (SsoSettings.Invalid e) {
            throw new AdminError(400, e.getMessage());
        }
        TenantRecord current = admin.get(id).orElseThrow(AdminHttp::notFound);
        SsoConfig sso = withSecret(entered, current);
        try {
            TenantRecord tenant = admin.setSso(AdminHttp.actor(ctx), id, sso).orElseThrow(AdminHttp::notFound);
            AdminHttp.json(ctx, 200, view.of(ctx, tenant));
        } catch (TenantAdmin.Conflict e) {
            throw new AdminError(409, e.getMessage());
        }
    }

    private SsoConfig withSecret(SsoSettings.Validated entered, TenantRecord current) {
        SsoConfig sso = entered.config();
        String sealed = null;
        if (entered.clientSecret().isPresent()) {
            SecretBox box = secrets.orElseThrow(() -> new AdminError(409, "this deployment has no encryption key "
                    + "(GATEHOUSE_ENCRYPTION_KEY), so it cannot keep a client secret; ask its operator to set one"));
            sealed = box.seal(entered.clientSecret().get(), secretPurpose(current.id()));
        } else if (sso.clientId() != null) {
            SsoConfig before = current.sso();
            boolean sameClient = before != null && before.clientSecretEncrypted() != null
                    && sso.clientId().equals(before.clientId()) && sso.signInIssuer().equals(before.signInIssuer());
            if (!sameClient) {
                throw new AdminError(400, "\"clientSecret\" is required with a new \"clientId\" or issuer");
            }
            sealed = before.clientSecretEncrypted();
        }
        return new SsoConfig(sso.provider(), sso.directoryId(), sso.domains(), sso.updatedAt(), sso.issuer(),
                sso.clientId(), sealed);
    }

    private static List<String> domains(ObjectNode body) {
        List<String> domains = new ArrayList<>();
        JsonNode domainsNode = body.get("domains");
        if (domainsNode != null && domainsNode.isArray()) {
            domainsNode.forEach(d -> domains.add(d.isTextual() ? d.asText() : d.toString()));
        } else if (domainsNode != null && domainsNode.isTextual()) {
            domains.add(domainsNode.asText());
        }
        return domains;
    }
}
