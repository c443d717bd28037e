package dev.gatehouse.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.tenant.Actor;
import dev.gatehouse.api.tenant.AuditLog;
import dev.gatehouse.api.tenant.SsoSettings;
import dev.gatehouse.api.tenant.TenantAdmin;
import dev.gatehouse.api.tenant.Tokens;
import dev.gatehouse.contract.AuditRecord;
import dev.gatehouse.contract.SsoConfig;
import dev.gatehouse.contract.TenantRecord;
import dev.gatehouse.scim.ScimJson;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The admin API ({@code /admin/v1}, plain JSON): organizations, their SSO configuration, SCIM on/off,
 * token generation, the audit log and provisioning activity. Every call carries the admin key, or
 * the console's session cookie plus, on state-changing calls, its CSRF token; with no admin key
 * configured, every call is refused. Failed attempts count towards the caller's {@link AuthThrottle}.
 */
final class AdminRoutes {
    private static final int MAX_NAME = 200;
    private static final int MAX_LIMIT = 1000;
    static final String ACTOR = "gatehouse.actor";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final TenantAdmin admin;
    private final AuditLog audit;
    private final ActivityLog activity;
    private final AuthThrottle throttle;
    private final Optional<String> adminKey;
    private final Optional<ConsoleSessions> sessions;
    private final Optional<String> publicUrl;

    AdminRoutes(TenantAdmin admin, AuditLog audit, ActivityLog activity, AuthThrottle throttle,
            Optional<String> adminKey, Optional<String> publicUrl) {
        this.admin = admin;
        this.audit = audit;
        this.activity = activity;
        this.throttle = throttle;
        this.adminKey = adminKey;
        this.sessions = adminKey.map(ConsoleSessions::new);
        this.publicUrl = publicUrl;
    }

    /** Thrown for a refused admin call; rendered as {@code {"error": …}} ({@link ApiErrors}). */
    static final class AdminError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        final int status;
        final long retryAfterSeconds;

        AdminError(int status, String message) {
            this(status, message, 0);
        }

        AdminError(int status, String message, long retryAfterSeconds) {
            super(message, null, false, false);
            this.status = status;
            this.retryAfterSeconds = retryAfterSeconds;
        }
    }

    Optional<ConsoleSessions> sessions() {
        return sessions;
    }

    /** Refuses a caller that failed too often, before looking at what it presents. */
    void checkThrottle(Context ctx) {
        long wait = throttle.retryAfterSeconds(ctx.ip());
        if (wait > 0) {
            throw new AdminError(429, "too many failed authentication attempts; retry in " + wait + " s", wait);
        }
    }

    /** Whether {@code presented} is the admin key; a wrong key counts as a failed attempt. */
    boolean adminKeyMatches(Context ctx, String presented) {
        if (adminKey.isPresent() && Tokens.constantTimeEquals(presented, adminKey.get())) {
            return true;
        }
        throttle.failed(ctx.ip(), ctx.path().startsWith("/console") ? ApiMetrics.CONSOLE : ApiMetrics.ADMIN_KEY);
        return false;
    }

    /** The audit identity of the admin key: a fingerprint of its hash, never the key. */
    String keyFingerprint() {
        return "admin-key:" + adminKey.map(k -> Tokens.hash(k).substring(0, 8)).orElse("none");
    }

    void authenticate(Context ctx) {
        checkThrottle(ctx);
        String header = ctx.header("Authorization");
        String presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).trim() : ctx.header("X-Admin-Key");
        if (presented != null) {
            if (!adminKeyMatches(ctx, presented)) {
                refuse(ctx);
            }
            ctx.attribute(ACTOR, new Actor(keyFingerprint(), "api", ctx.ip()));
            return;
        }
        Optional<ConsoleSessions.Session> session = sessions.flatMap(s -> s.verify(ctx.cookie(ConsoleSessions.COOKIE), Instant.now()));
        if (session.isEmpty()) {
            // No credential at all counts as a failed admin key; a bad or expired cookie as the console's.
            throttle.failed(ctx.ip(), ctx.cookie(ConsoleSessions.COOKIE) == null ? ApiMetrics.ADMIN_KEY : ApiMetrics.CONSOLE);
            refuse(ctx);
        }
        if (!SAFE_METHODS.contains(ctx.method().name())) {
            checkSameOrigin(ctx);
            if (!sessions.get().csrfValid(session.get(), ctx.header("X-CSRF-Token"))) {
                throw new AdminError(403, "missing or invalid CSRF token; reload the console");
            }
        }
        ctx.attribute(ACTOR, new Actor(keyFingerprint(), "console", ctx.ip()));
    }

    /** A cookie-authenticated write must come from a page of this origin (defence in depth to SameSite). */
    static void checkSameOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin != null && !origin.equals("null")) {
            String host = origin.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", "");
            if (!host.equalsIgnoreCase(ctx.host())) {
                throw new AdminError(403, "cross-origin request refused");
            }
        }
    }

    private static void refuse(Context ctx) {
        ctx.header("WWW-Authenticate", "Bearer realm=\"admin\"");
        throw new AdminError(401, "a valid admin key is required");
    }

    private static Actor actor(Context ctx) {
        Actor actor = ctx.attribute(ACTOR);
        return actor == null ? Actor.system("unknown") : actor;
    }

    void create(Context ctx) {
        JsonNode name = body(ctx).get("name");
        if (name == null || !name.isTextual() || name.asText().isBlank()) {
            throw new AdminError(400, "\"name\" is required");
        }
        if (name.asText().length() > MAX_NAME) {
            throw new AdminError(400, "\"name\" is longer than " + MAX_NAME + " characters");
        }
        json(ctx, 201, view(ctx, admin.create(actor(ctx), name.asText().trim())));
    }

    void list(Context ctx) {
        ArrayNode all = ScimJson.mapper().createArrayNode();
        admin.list().forEach(t -> all.add(view(ctx, t)));
        json(ctx, 200, all);
    }

    void get(Context ctx) {
        json(ctx, 200, view(ctx, admin.get(ctx.pathParam("id")).orElseThrow(AdminRoutes::notFound)));
    }

    void setSso(Context ctx) {
        ObjectNode body = body(ctx);
        List<String> domains = new ArrayList<>();
        JsonNode domainsNode = body.get("domains");
        if (domainsNode != null && domainsNode.isArray()) {
            domainsNode.forEach(d -> domains.add(d.isTextual() ? d.asText() : d.toString()));
        } else if (domainsNode != null && domainsNode.isTextual()) {
            domains.add(domainsNode.asText());
        }
        SsoConfig sso;
        try {
            sso = SsoSettings.validate(text(body, "provider"), text(body, "directoryId"), domains, Instant.now());
        } catch (SsoSettings.Invalid e) {
            throw new AdminError(400, e.getMessage());
        }
        try {
            TenantRecord tenant = admin.setSso(actor(ctx), ctx.pathParam("id"), sso).orElseThrow(AdminRoutes::notFound);
            json(ctx, 200, view(ctx, tenant));
        } catch (TenantAdmin.Conflict e) {
            throw new AdminError(409, e.getMessage());
        }
    }

    void setScim(Context ctx) {
        JsonNode enabled = body(ctx).get("enabled");
        if (enabled == null || !enabled.isBoolean()) {
            throw new AdminError(400, "\"enabled\" must be true or false");
        }
        try {
            TenantRecord tenant = admin.setScimEnabled(actor(ctx), ctx.pathParam("id"), enabled.asBoolean())
                    .orElseThrow(AdminRoutes::notFound);
            json(ctx, 200, view(ctx, tenant));
        } catch (TenantAdmin.Invalid e) {
            throw new AdminError(400, e.getMessage());
        }
    }

    void generateToken(Context ctx) {
        String id = ctx.pathParam("id");
        Duration grace = Duration.ZERO;
        if (ctx.bodyAsBytes().length > 0) {
            JsonNode seconds = body(ctx).get("graceSeconds");
            if (seconds != null && !seconds.isNull()) {
                if (!seconds.canConvertToLong() || !seconds.isIntegralNumber()) {
                    throw new AdminError(400, "\"graceSeconds\" must be a whole number of seconds");
                }
                grace = Duration.ofSeconds(seconds.asLong());
            }
        }
        String token;
        try {
            token = admin.generateToken(actor(ctx), id, grace).orElseThrow(AdminRoutes::notFound);
        } catch (TenantAdmin.Conflict e) {
            throw new AdminError(409, e.getMessage());
        } catch (TenantAdmin.Invalid e) {
            throw new AdminError(400, e.getMessage());
        }
        ctx.header("Cache-Control", "no-store");
        json(ctx, 201, ScimJson.mapper().createObjectNode().put("tenantId", id).put("token", token)
                .put("graceSeconds", grace.toSeconds())
                .put("notice", "Copy this token now: it is shown only once and cannot be retrieved later."));
    }

    void auditAll(Context ctx) {
        auditOf(ctx, Optional.empty());
    }

    void auditOfTenant(Context ctx) {
        String id = ctx.pathParam("id");
        admin.get(id).orElseThrow(AdminRoutes::notFound);
        auditOf(ctx, Optional.of(id));
    }

    private void auditOf(Context ctx, Optional<String> tenantId) {
        ArrayNode entries = ScimJson.mapper().createArrayNode();
        for (AuditRecord r : audit.latest(tenantId, limit(ctx))) {
            entries.add(ScimJson.mapper().valueToTree(r));
        }
        json(ctx, 200, entries);
    }

    void activity(Context ctx) {
        String id = ctx.pathParam("id");
        admin.get(id).orElseThrow(AdminRoutes::notFound);
        ArrayNode entries = ScimJson.mapper().createArrayNode();
        activity.latest(id, limit(ctx)).forEach(e -> entries.add(ScimJson.mapper().valueToTree(e)));
        json(ctx, 200, entries);
    }

    private static int limit(Context ctx) {
        String value = ctx.queryParam("limit");
        if (value == null || value.isBlank()) {
            return 100;
        }
        try {
            int limit = Integer.parseInt(value.trim());
            if (limit > 0 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new AdminError(400, "\"limit\" must be a number from 1 to " + MAX_LIMIT);
    }

    private static AdminError notFound() {
        return new AdminError(404, "no such organization");
    }

    private static String text(ObjectNode body, String field) {
        JsonNode node = body.get(field);
        return node != null && node.isTextual() ? node.asText() : null;
    }

    static ObjectNode body(Context ctx) {
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
    private ObjectNode view(Context ctx, TenantRecord t) {
        ObjectNode view = ScimJson.mapper().createObjectNode();
        Instant now = Instant.now();
        long retiring = t.retiringTokens().stream().filter(r -> r.expiresAt().isAfter(now)).count();
        view.put("id", t.id()).put("name", t.name()).put("scimEnabled", t.scimEnabled())
                .put("activeTokens", t.tokenHashes().size() + retiring)
                .put("scimUrl", ScimHttp.baseUrl(ctx, publicUrl) + "/scim/v2")
                .put("createdAt", t.createdAt().toString()).put("updatedAt", t.updatedAt().toString());
        if (t.sso() == null) {
            view.putNull("sso");
        } else {
            ObjectNode sso = view.putObject("sso").put("provider", t.sso().provider())
                    .put("directoryId", t.sso().directoryId());
            t.sso().domains().forEach(sso.putArray("domains")::add);
            sso.put("updatedAt", t.sso().updatedAt().toString());
        }
        return view;
    }

    static void json(Context ctx, int status, JsonNode body) {
        ctx.header("Cache-Control", "no-store");
        ctx.status(status).contentType("application/json").result(body.toString());
    }
}
