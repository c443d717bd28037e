package dev.gatehouse.api.http;

import dev.gatehouse.api.http.AdminHttp.AdminError;
import dev.gatehouse.api.tenant.Actor;
import dev.gatehouse.api.tenant.Tokens;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Who may call the admin API: every call carries the admin key, or the console's session cookie plus,
 * on state-changing calls, its CSRF token; with no admin key configured, every call is refused. Failed
 * attempts count towards the caller's {@link AuthThrottle}.
 */
final class AdminAuth {
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final AuthThrottle throttle;
    private final Optional<String> adminKey;
    private final Optional<ConsoleSessions> sessions;

    AdminAuth(AuthThrottle throttle, Optional<String> adminKey) {
        this.throttle = throttle;
        this.adminKey = adminKey;
        this.sessions = adminKey.map(ConsoleSessions::new);
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
            ctx.attribute(AdminHttp.ACTOR, new Actor(keyFingerprint(), "api", ctx.ip()));
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
        ctx.attribute(AdminHttp.ACTOR, new Actor(keyFingerprint(), "console", ctx.ip()));
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
