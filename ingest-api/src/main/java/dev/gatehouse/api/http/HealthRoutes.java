package dev.gatehouse.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.activity.ActivityFeed;
import dev.gatehouse.api.doors.DeadLetterView;
import dev.gatehouse.api.doors.DoorStatusView;
import dev.gatehouse.api.read.StateReader;
import dev.gatehouse.api.tenant.ScimClients;
import dev.gatehouse.api.tenant.TenantAdmin;
import dev.gatehouse.contract.DoorReceipt;
import dev.gatehouse.contract.ProvisioningActivity.Call;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.contract.ScimClient;
import dev.gatehouse.contract.TenantRecord;
import dev.gatehouse.pipeline.query.QueryApi;
import dev.gatehouse.scim.ScimJson;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * An organization's provisioning health, and its door systems' dead letters:
 * <ul>
 *   <li>{@code GET /admin/v1/tenants/{id}/health}: when the identity provider last called and how many of
 *       its calls failed (Entra ID quarantines an application whose calls keep failing), each door
 *       system's lag and open dead letters, credentials near expiry, and a warning for each of these
 *       that needs attention;</li>
 *   <li>{@code GET /admin/v1/tenants/{id}/dead-letters?connector=name}: the open dead letters;</li>
 *   <li>{@code POST /admin/v1/tenants/{id}/dead-letters/redrive {"connector": name}}: pushes them again.</li>
 * </ul>
 * A door system's lag is measured over the organization's {@value #LAG_SAMPLE} most recently changed
 * users, where a change that has not arrived yet would be: how many of them a door system has not
 * confirmed at their current version, and since when.
 */
record HealthRoutes(TenantAdmin admin, StateReader reader, DoorStatusView receipts, DeadLetterView letters,
                    ActivityFeed activity) {
    static final int LAG_SAMPLE = 500;
    /** Entra ID provisions every 20–40 minutes: silence past this is a warning. */
    static final Duration SILENCE_WARNING = Duration.ofHours(1);
    /** A change a door system has not confirmed after this is a warning. */
    static final Duration BEHIND_WARNING = Duration.ofMinutes(5);

    void health(Context ctx) {
        TenantRecord tenant = admin.get(ctx.pathParam("id")).orElseThrow(AdminHttp::notFound);
        QueryApi.ListQuery newest = new QueryApi.ListQuery(null, 1, LAG_SAMPLE, "meta.lastModified", "descending", false);
        ctx.future(() -> reader.list(tenant.id(), ResourceType.USER, newest)
                .handle((list, error) -> {
                    AdminHttp.json(ctx, 200, report(tenant, Optional.ofNullable(error == null ? list : null), Instant.now()));
                    return null;
                }));
    }

    void deadLetters(Context ctx) {
        TenantRecord tenant = admin.get(ctx.pathParam("id")).orElseThrow(AdminHttp::notFound);
        ObjectNode body = ScimJson.mapper().createObjectNode();
        ArrayNode rows = body.putArray("deadLetters");
        for (DeadLetterView.Letter letter : letters.open(tenant.id(), Optional.ofNullable(ctx.queryParam("connector")))) {
            rows.add(view(letter));
        }
        AdminHttp.json(ctx, 200, body);
    }

    void redrive(Context ctx) {
        TenantRecord tenant = admin.get(ctx.pathParam("id")).orElseThrow(AdminHttp::notFound);
        String connector = AdminHttp.text(AdminHttp.body(ctx), "connector");
        if (connector == null || connector.isBlank()) {
            throw new AdminHttp.AdminError(400, "\"connector\" must name the door system whose dead letters to push again");
        }
        List<DeadLetterView.Letter> sent;
        try {
            sent = letters.redrive(tenant.id(), connector);
        } catch (DeadLetterView.Unavailable e) {
            throw new AdminHttp.AdminError(503, e.getMessage() + "; retry");
        }
        admin.audit(AdminHttp.actor(ctx), "door-system.redrive", tenant.id(), ScimJson.mapper().createObjectNode()
                .put("connector", connector).put("changes", sent.size()));
        ObjectNode body = ScimJson.mapper().createObjectNode().put("connector", connector).put("redriven", sent.size());
        ArrayNode resources = body.putArray("resources");
        sent.forEach(letter -> resources.add(letter.resourceId()));
        AdminHttp.json(ctx, 200, body);
    }

    ObjectNode report(TenantRecord tenant, Optional<JsonNode> newestUsers, Instant now) {
        List<String> warnings = new ArrayList<>();
        ObjectNode body = ScimJson.mapper().createObjectNode().put("organization", tenant.id()).put("checkedAt", now.toString());
        body.set("identityProvider", identityProvider(tenant, now, warnings));
        body.set("doorSystems", doorSystems(tenant.id(), newestUsers, now, warnings));
        body.set("credentials", credentials(tenant, now, warnings));
        body.put("status", warnings.isEmpty() ? "ok" : "warning");
        ArrayNode list = body.putArray("warnings");
        warnings.forEach(list::add);
        return body;
    }

    private ObjectNode identityProvider(TenantRecord tenant, Instant now, List<String> warnings) {
        ActivityFeed.Summary summary = activity.summary(tenant.id());
        ObjectNode idp = ScimJson.mapper().createObjectNode().put("scimEnabled", tenant.scimEnabled());
        idp.put("lastCallAt", summary.lastCallAt().map(Instant::toString).orElse(null));
        idp.putObject("lastHour").put("calls", summary.lastHour().calls()).put("failures", summary.lastHour().failures());
        idp.putObject("last24Hours").put("calls", summary.lastDay().calls()).put("failures", summary.lastDay().failures());
        ArrayNode failures = idp.putArray("recentFailures");
        for (Call call : summary.recentFailures()) {
            failures.addObject().put("at", call.at().toString()).put("operation", call.operation())
                    .put("resource", call.resource()).put("status", call.status()).put("detail", call.detail());
        }
        if (!tenant.scimEnabled()) {
            warnings.add("SCIM is off: the identity provider cannot provision this organization.");
        } else if (summary.lastCallAt().isEmpty()) {
            warnings.add("The identity provider has not called in the last 24 hours (or ever): start or check provisioning in its application.");
        } else if (summary.lastCallAt().get().isBefore(now.minus(SILENCE_WARNING))) {
            warnings.add("No call from the identity provider for " + Duration.between(summary.lastCallAt().get(), now).toMinutes()
                    + " minutes: Entra ID provisions every 20 to 40 minutes; check that its provisioning is running and not in quarantine.");
        }
        if (summary.lastHour().failures() > 0) {
            warnings.add(summary.lastHour().failures() + " of " + summary.lastHour().calls()
                    + " SCIM calls in the last hour failed: an identity provider whose calls keep failing quarantines the application.");
        }
        return idp;
    }

    private ArrayNode doorSystems(String tenantId, Optional<JsonNode> newestUsers, Instant now, List<String> warnings) {
        Map<String, Instant> lastConfirmed = receipts.lastConfirmed(tenantId);
        TreeSet<String> connectors = new TreeSet<>(lastConfirmed.keySet());
        List<DeadLetterView.Letter> open = letters.open(tenantId, Optional.empty());
        open.forEach(letter -> connectors.add(letter.connector()));
        ArrayNode doors = ScimJson.mapper().createArrayNode();
        if (newestUsers.isEmpty()) {
            warnings.add("The directory cannot be read right now: door systems' lag is unknown.");
        }
        if (!receipts.complete()) {
            warnings.add(String.format(Locale.ROOT, "This API instance keeps the door status of at most %,d pairs of person "
                    + "and door system (GATEHOUSE_DOOR_STATUS_LIMIT) and is full: %,d confirmations were not kept, so "
                    + "people may look behind or unconfirmed here. Raise the limit and restart the API.",
                    receipts.limit(), receipts.dropped()));
        }
        for (String connector : connectors) {
            ObjectNode door = doors.addObject().put("connector", connector)
                    .put("lastConfirmedAt", Optional.ofNullable(lastConfirmed.get(connector)).map(Instant::toString).orElse(null));
            newestUsers.ifPresent(users -> lag(tenantId, connector, users, now, door, warnings));
            long letters = open.stream().filter(l -> l.connector().equals(connector)).count();
            door.put("deadLetters", letters);
            if (letters > 0) {
                warnings.add(connector + ": " + letters + " change" + (letters == 1 ? " was" : "s were")
                        + " refused for good (dead letters); fix the cause in the door system, then redrive.");
            }
        }
        return doors;
    }

    /** How many of the newest users {@code connector} has not confirmed at their version, and the oldest such change. */
    private void lag(String tenantId, String connector, JsonNode users, Instant now, ObjectNode door, List<String> warnings) {
        int behind = 0;
        Instant oldest = null;
        for (JsonNode user : users.path("Resources")) {
            long version = DoorStatusRoutes.version(user.path("meta").path("version").asText(""));
            DoorReceipt receipt = receipts.of(tenantId, user.path("id").asText(), connector);
            if (receipt == null || receipt.version() < version) {
                behind++;
                Instant changed = Instant.parse(user.path("meta").path("lastModified").asText(now.toString()));
                oldest = oldest == null || changed.isBefore(oldest) ? changed : oldest;
            }
        }
        door.put("behind", behind).put("behindSince", oldest == null ? null : oldest.toString());
        if (oldest != null && oldest.isBefore(now.minus(BEHIND_WARNING))) {
            warnings.add(connector + ": " + behind + " recently changed " + (behind == 1 ? "person is" : "people are")
                    + " not up to date there since " + oldest + ".");
        }
    }

    private static ArrayNode credentials(TenantRecord tenant, Instant now, List<String> warnings) {
        ArrayNode credentials = ScimJson.mapper().createArrayNode();
        for (ScimClient client : tenant.scimClients()) {
            boolean live = client.secrets().stream().anyMatch(s -> s.expiresAt().isAfter(now)
                    && !ScimClients.expiresSoon(s, now));
            for (ScimClient.ClientSecret secret : client.secrets()) {
                boolean expired = !secret.expiresAt().isAfter(now);
                if (!expired && !ScimClients.expiresSoon(secret, now)) {
                    continue;
                }
                credentials.addObject().put("kind", "client-secret").put("clientId", client.clientId())
                        .put("clientName", client.name()).put("secretId", secret.secretId())
                        .put("expiresAt", secret.expiresAt().toString()).put("status", expired ? "expired" : "expiring");
                if (!live && client.federation() == null) {
                    warnings.add("The secret " + secret.secretId() + " of OAuth client \"" + client.name() + "\" "
                            + (expired ? "expired" : "expires") + " on " + secret.expiresAt()
                            + ": add a new secret and put it into the identity provider.");
                }
            }
        }
        for (TenantRecord.RetiringToken token : tenant.retiringTokens()) {
            if (token.expiresAt().isAfter(now)) {
                credentials.addObject().put("kind", "retiring-token").put("expiresAt", token.expiresAt().toString())
                        .put("status", "expiring");
            }
        }
        return credentials;
    }

    private static ObjectNode view(DeadLetterView.Letter letter) {
        return ScimJson.mapper().createObjectNode().put("connector", letter.connector())
                .put("resourceId", letter.resourceId()).put("version", letter.version()).put("error", letter.error())
                .put("attempts", letter.attempts()).put("at", letter.at() == null ? null : letter.at().toString());
    }
}
