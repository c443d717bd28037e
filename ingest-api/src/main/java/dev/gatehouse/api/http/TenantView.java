package dev.gatehouse.api.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.contract.TenantRecord;
import dev.gatehouse.scim.ScimJson;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.Optional;

/** What the admin API shows of an organization: never token hashes, never a client secret (encrypted or not). */
record TenantView(Optional<String> publicUrl) {
    ObjectNode of(Context ctx, TenantRecord t) {
        ObjectNode view = ScimJson.mapper().createObjectNode();
        Instant now = Instant.now();
        long retiring = t.retiringTokens().stream().filter(r -> r.expiresAt().isAfter(now)).count();
        view.put("id", t.id()).put("name", t.name()).put("scimEnabled", t.scimEnabled())
                .put("activeTokens", t.tokenHashes().size() + retiring)
                .put("scimUrl", ScimHttp.baseUrl(ctx, publicUrl) + "/scim/v2")
                .put("consoleMembers", t.consoleMembers().size())
                .put("createdAt", t.createdAt().toString()).put("updatedAt", t.updatedAt().toString());
        if (t.sso() == null) {
            view.putNull("sso");
        } else {
            ObjectNode sso = view.putObject("sso").put("provider", t.sso().provider())
                    .put("directoryId", t.sso().directoryId())
                    .put("issuer", t.sso().signInIssuer());
            t.sso().domains().forEach(sso.putArray("domains")::add);
            // The client secret is never shown: only whether one is kept.
            sso.put("clientId", t.sso().clientId()).put("clientSecretSet", t.sso().clientSecretEncrypted() != null)
                    .put("updatedAt", t.sso().updatedAt().toString());
        }
        return view;
    }
}
