package dev.gatehouse.api.http;

import dev.gatehouse.api.http.AdminHttp.AdminError;
import dev.gatehouse.api.tenant.Actor;
import dev.gatehouse.api.tenant.TenantAdmin;
import dev.gatehouse.contract.ConsoleMember;
import dev.gatehouse.api.tenant.Tokens;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Who may call the admin API, and what they may call. Every call carries the admin key, or the
 * console's session cookie plus, on state-changing calls, its CSRF token; with no admin key configured,
 * every call is refused. Failed attempts count towards the caller's {@link AuthThrottle}.
 *
 * <p>The admin key and the operator's console session may call everything. A console member's session
 * ({@link #authorize}, run before every matched admin route) may call only routes under
 * {@value #TENANT_ROUTE} with their own organization's id, and a viewer only with a safe method: a route
 * added under that pattern later is covered without naming it, and every other admin route (the
 * organization list, creation, the deployment-wide audit log) is refused by default. A member's role is
 * read from their organization's current record on every call.
 */
final class AdminAuth {
    /** The admin routes of one organization: a member's session may call these for their own only. */
    static final String TENANT_ROUTE = "/admin/v1/tenants/{id}";
    static final String OPERATOR = "operator";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final String PRINCIPAL = "gatehouse.principal";

    private final AuthThrottle throttle;
    private final Optional<String> adminKey;
    private final Optional<ConsoleSessions> sessions;
    private final TenantAdmin tenants;

    AdminAuth(AuthThrottle throttle, Optional<String> adminKey, TenantAdmin tenants) {
        this.throttle = throttle;
        this.adminKey = adminKey;
        this.sessions = adminKey.map(ConsoleSessions::new);
        this.tenants = tenants;
    }

    /**
     * Who is calling: the {@value #OPERATOR} (admin key, whole deployment; {@code organization} and
     * {@code email} null) or a console member of {@code organization} with their current role.
     */
    record Principal(String role, String organization, String email) {
        static final Principal OPERATOR_PRINCIPAL = new Principal(OPERATOR, null, null);

        boolean operator() {
            return organization == null;
        }
    }

    /**
     * The principal of a verified session: the operator, or the member with their role as their
     * organization lists it now; empty when the organization no longer lists them.
     */
    Optional<Principal> principal(ConsoleSessions.Session session) {
        if (session.operator()) {
            return Optional.of(Principal.OPERATOR_PRINCIPAL);
        }
        return tenants.get(session.organization())
                .flatMap(t -> t.consoleMember(session.email()))
                .map(m -> new Principal(m.role(), session.organization(), m.email()));
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

    /** Counts a refused console sign-in with an identity provider against the caller's address. */
    void signInFailed(Context ctx) {
        throttle.failed(ctx.ip(), ApiMetrics.CONSOLE);
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
            ctx.attribute(AdminHttp.ACTOR, new Actor(keyFingerprint(), "api", ctx.ip()));
            ctx.attribute(PRINCIPAL, Principal.OPERATOR_PRINCIPAL);
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
        Principal principal = principal(session.get())
                .orElseThrow(() -> new AdminError(401, "you are no longer a console member of this organization"));
        ctx.attribute(PRINCIPAL, principal);
        ctx.attribute(AdminHttp.ACTOR, principal.operator() ? new Actor(keyFingerprint(), "console", ctx.ip())
                : new Actor("member:" + principal.email(), "console", ctx.ip()));
    }

    /**
     * Before every matched admin route: a console member may call only their own organization's routes
     * ({@value #TENANT_ROUTE} and below), a viewer only to read. Anything unknown is refused.
     */
    void authorize(Context ctx) {
        Principal principal = ctx.attribute(PRINCIPAL);
        if (principal == null) {
            throw new AdminError(401, "a valid admin key is required");
        }
        if (principal.operator()) {
            return;
        }
        Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
        String route = endpoint == null ? "" : endpoint.path;
        boolean ownOrganization = (route.equals(TENANT_ROUTE) || route.startsWith(TENANT_ROUTE + "/"))
                && principal.organization().equals(ctx.pathParamMap().get("id"));
        if (!ownOrganization) {
            throw new AdminError(403, "a console member may manage only their own organization");
        }
        if (!ConsoleMember.OWNER.equals(principal.role()) && !SAFE_METHODS.contains(ctx.method().name())) {
            throw new AdminError(403, "a viewer may only look; ask an owner of your organization to make changes");
        }
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
}
