package dev.gatehouse.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.api.tenant.Actor;
import dev.gatehouse.api.tenant.TenantAdmin;
import dev.gatehouse.scim.ScimJson;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The admin console at {@code /console}: three static files (HTML, CSS, JS, from the classpath) and
 * its session endpoints. Signing in exchanges the admin key (or, for a console member, a sign-in with
 * the organization's identity provider: {@link SsoSignInRoutes}) for an HttpOnly, SameSite=Strict
 * session cookie; the page then calls the admin API with that cookie and the session's CSRF token.
 */
final class ConsoleRoutes {
    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "app.css", "text/css; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8");
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private final AdminAuth admin;
    private final TenantAdmin tenants;
    private final Map<String, byte[]> content;

    ConsoleRoutes(AdminAuth admin, TenantAdmin tenants) {
        this.admin = admin;
        this.tenants = tenants;
        this.content = Map.of("index.html", load("index.html"), "app.css", load("app.css"), "app.js", load("app.js"));
    }

    private static byte[] load(String name) {
        try (InputStream in = ConsoleRoutes.class.getResourceAsStream("/console/" + name)) {
            if (in == null) {
                throw new IllegalStateException("console resource missing: " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void index(Context ctx) {
        serve(ctx, "index.html");
    }

    void file(Context ctx) {
        String name = ctx.pathParam("file");
        if (!FILES.containsKey(name)) {
            throw new AdminHttp.AdminError(404, "no such file");
        }
        serve(ctx, name);
    }

    private void serve(Context ctx, String name) {
        ctx.header("Content-Security-Policy", CSP)
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY")
                .header("Referrer-Policy", "no-referrer")
                .header("Cache-Control", "no-cache")
                .contentType(FILES.get(name))
                .result(content.get(name));
    }

    /** {@code POST /console/session {"adminKey"}}: signs in. */
    void signIn(Context ctx) {
        admin.checkThrottle(ctx);
        AdminAuth.checkSameOrigin(ctx);
        JsonNode key = AdminHttp.body(ctx).get("adminKey");
        String presented = key != null && key.isTextual() ? key.asText().trim() : null;
        if (presented == null || presented.isEmpty() || admin.sessions().isEmpty() || !admin.adminKeyMatches(ctx, presented)) {
            throw new AdminHttp.AdminError(401, "that is not the admin key");
        }
        ConsoleSessions sessions = admin.sessions().get();
        String cookie = sessions.issue(Instant.now());
        setSessionCookie(ctx, cookie);
        tenants.audit(new Actor(admin.keyFingerprint(), "console", ctx.ip()), "console.sign-in", null,
                ScimJson.mapper().createObjectNode());
        ConsoleSessions.Session session = sessions.verify(cookie, Instant.now()).orElseThrow();
        AdminHttp.json(ctx, 200, state(sessions, session, AdminAuth.Principal.OPERATOR_PRINCIPAL));
    }

    /** Signs in {@code email}, a console member of {@code organization}: the session cookie, audited. */
    void signInMember(Context ctx, ConsoleSessions sessions, String organization, String email) {
        setSessionCookie(ctx, sessions.issueMember(Instant.now(), organization, email));
        tenants.audit(new Actor("member:" + email, "console", ctx.ip()), "console.sign-in", organization,
                ScimJson.mapper().createObjectNode().put("via", "oidc"));
    }

    private static void setSessionCookie(Context ctx, String cookie) {
        ctx.header("Set-Cookie", ConsoleSessions.COOKIE + "=" + cookie + "; Path=/; HttpOnly; SameSite=Strict; Max-Age="
                + ConsoleSessions.LIFETIME.toSeconds() + (https(ctx) ? "; Secure" : ""));
    }

    /** Whether the client reached us over https (directly or through a proxy that says so). */
    static boolean https(Context ctx) {
        return "https".equalsIgnoreCase(Optional.ofNullable(ctx.header("X-Forwarded-Proto")).orElse(ctx.scheme()));
    }

    /**
     * {@code GET /console/session}: the signed-in session's CSRF token and who is signed in (role
     * {@code operator}, {@code owner} or {@code viewer}; a member's organization and email), or 401.
     */
    void session(Context ctx) {
        ConsoleSessions sessions = admin.sessions().orElse(null);
        Optional<ConsoleSessions.Session> session = sessions == null ? Optional.empty()
                : sessions.verify(ctx.cookie(ConsoleSessions.COOKIE), Instant.now());
        Optional<AdminAuth.Principal> principal = session.flatMap(admin::principal);
        if (principal.isEmpty()) {
            throw new AdminHttp.AdminError(401, "not signed in");
        }
        AdminHttp.json(ctx, 200, state(sessions, session.get(), principal.get()));
    }

    /** {@code DELETE /console/session}: signs out (CSRF-checked like every state change). */
    void signOut(Context ctx) {
        ConsoleSessions sessions = admin.sessions().orElse(null);
        Optional<ConsoleSessions.Session> session = sessions == null ? Optional.empty()
                : sessions.verify(ctx.cookie(ConsoleSessions.COOKIE), Instant.now());
        if (session.isPresent()) {
            AdminAuth.checkSameOrigin(ctx);
            if (!sessions.csrfValid(session.get(), ctx.header("X-CSRF-Token"))) {
                throw new AdminHttp.AdminError(403, "missing or invalid CSRF token; reload the console");
            }
            sessions.revoke(session.get(), Instant.now());
        }
        ctx.header("Set-Cookie", ConsoleSessions.COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
        ctx.status(204);
    }

    private static JsonNode state(ConsoleSessions sessions, ConsoleSessions.Session session, AdminAuth.Principal principal) {
        return ScimJson.mapper().createObjectNode().put("signedIn", true)
                .put("csrfToken", sessions.csrfToken(session))
                .put("expiresAt", session.expiresAt().toString())
                .put("role", principal.role())
                .put("organization", principal.organization())
                .put("email", principal.email());
    }
}
