package dev.gatehouse.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.signin.OidcSignIn;
import dev.gatehouse.api.signin.OidcSignIn.Attempt;
import dev.gatehouse.api.secret.SecretBox;
import dev.gatehouse.api.tenant.TenantAdmin;
import dev.gatehouse.contract.SsoConfig;
import dev.gatehouse.contract.TenantRecord;
import dev.gatehouse.scim.ScimJson;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Console sign-in with an organization's own identity provider (OpenID Connect):
 * {@code GET /console/sso/login?organization={id}} sends the browser to the provider's authorization
 * endpoint, keeping the attempt (state, nonce, PKCE verifier, organization, redirect URI) in a
 * {@value #STATE_COOKIE} cookie, AES-256-GCM encrypted and authenticated under a key derived from the
 * admin key, HttpOnly, SameSite=Lax (a Strict cookie would not come back on the provider's cross-site
 * redirect), path {@code /console/sso}, for {@link #STATE_LIFETIME}. {@code GET /console/sso/callback}
 * checks the state (constant time), lets {@link OidcSignIn} exchange the code and validate the ID token,
 * and admits the person only if the organization lists their email as a console member: then it sets
 * the console session and redirects into the console. Every refusal is an HTML page saying why.
 */
final class SsoSignInRoutes {
    static final String LOGIN_PATH = "/console/sso/login";
    static final String CALLBACK_PATH = "/console/sso/callback";
    static final String STATE_COOKIE = "gh_sso";
    static final Duration STATE_LIFETIME = Duration.ofMinutes(10);
    /** A query parameter longer than this (an organization id, a code, a state, an error) is refused. */
    static final int MAX_PARAM_CHARS = 2048;
    private static final String STATE_PURPOSE = "console-sso-state";
    private static final String COOKIE_PATH = "/console/sso";

    private final AdminAuth auth;
    private final TenantAdmin tenants;
    private final ConsoleRoutes console;
    private final OidcSignIn oidc;
    private final SignInGate gate = new SignInGate(SignInGate.PER_ORGANIZATION, SignInGate.TOTAL);
    private final Optional<SecretBox> secrets;
    private final Optional<String> publicUrl;
    private final Optional<SecretBox> states;

    SsoSignInRoutes(AdminAuth auth, TenantAdmin tenants, ConsoleRoutes console, OidcSignIn oidc,
            Optional<SecretBox> secrets, Optional<String> publicUrl) {
        this.auth = auth;
        this.tenants = tenants;
        this.console = console;
        this.oidc = oidc;
        this.secrets = secrets;
        this.publicUrl = publicUrl;
        this.states = auth.sessions().map(s -> new SecretBox(s.derivedKey(STATE_PURPOSE)));
    }

    /** A refused sign-in: rendered as an HTML page with {@code status}. */
    static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;

        final int status;

        Refusal(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    void login(Context ctx) {
        answer(ctx, () -> {
            String id = param(ctx, "organization")
                    .orElseThrow(() -> new Refusal(400, "Say which organization you sign in to: "
                            + LOGIN_PATH + "?organization=<organization id>."));
            SecretBox stateBox = states.orElseThrow(() -> new Refusal(409,
                    "Console sign-in is not enabled on this deployment (it has no admin key)."));
            TenantRecord tenant = tenants.get(id).orElseThrow(() -> new Refusal(404, "There is no organization with the id " + id + "."));
            SsoConfig sso = readySso(tenant);
            Attempt attempt = Attempt.random();
            URI redirectUri = URI.create(ScimHttp.baseUrl(ctx, publicUrl) + CALLBACK_PATH);
            URI target;
            try {
                target = gate.through(tenant.id(), () -> oidc.authorizationRedirect(sso.signInIssuer(), sso.clientId(),
                        redirectUri, attempt));
            } catch (OidcSignIn.Unavailable e) {
                throw new Refusal(502, "Your organization's identity provider could not be reached: " + e.getMessage() + ". Try again later.");
            }
            ObjectNode state = ScimJson.mapper().createObjectNode().put("o", tenant.id()).put("i", sso.signInIssuer())
                    .put("s", attempt.state()).put("n", attempt.nonce()).put("v", attempt.codeVerifier())
                    .put("r", redirectUri.toString()).put("e", Instant.now().plus(STATE_LIFETIME).getEpochSecond());
            stateCookie(ctx, stateBox.seal(state.toString(), STATE_PURPOSE), STATE_LIFETIME.toSeconds());
            redirect(ctx, target.toString());
        });
    }

    void callback(Context ctx) {
        answer(ctx, () -> {
            auth.checkThrottle(ctx);
            Optional<String> sealed = Optional.ofNullable(ctx.cookie(STATE_COOKIE));
            stateCookie(ctx, "", 0);
            JsonNode state = sealed.flatMap(s -> states.flatMap(box -> box.open(s, STATE_PURPOSE))).map(SsoSignInRoutes::json)
                    .filter(s -> s.path("e").asLong() > Instant.now().getEpochSecond())
                    .orElseThrow(() -> refused(ctx, "Your sign-in attempt has expired or was started in another browser. "
                            + "Start again from the console's sign-in page."));
            Optional<String> error = param(ctx, "error");
            if (error.isPresent()) {
                throw refused(ctx, "Your identity provider did not sign you in (" + error.get()
                        + param(ctx, "error_description").map(d -> ": " + d).orElse("") + ").");
            }
            String presented = param(ctx, "state").orElse("");
            if (!MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                    state.path("s").asText().getBytes(StandardCharsets.UTF_8))) {
                throw refused(ctx, "This sign-in response does not belong to your sign-in attempt (its state does not match). "
                        + "Start again from the console's sign-in page.");
            }
            String code = param(ctx, "code").orElseThrow(() -> refused(ctx, "Your identity provider sent no sign-in code."));
            String id = state.path("o").asText();
            TenantRecord tenant = tenants.get(id).orElseThrow(() -> new Refusal(404, "There is no organization with the id " + id + "."));
            SsoConfig sso = readySso(tenant);
            if (!sso.signInIssuer().equals(state.path("i").asText())) {
                throw refused(ctx, "Your organization changed its identity provider while you were signing in. Start again.");
            }
            String secret = secrets.flatMap(box -> box.open(sso.clientSecretEncrypted(), SsoRoutes.secretPurpose(id)))
                    .orElseThrow(() -> new Refusal(409, "Your organization's client secret cannot be decrypted with this "
                            + "deployment's encryption key: an owner or the operator must enter it again."));
            String email;
            try {
                OidcSignIn.Client client = new OidcSignIn.Client(sso.signInIssuer(), sso.clientId(), secret);
                Attempt attempt = new Attempt(state.path("s").asText(), state.path("n").asText(), state.path("v").asText());
                email = gate.<String, OidcSignIn.Refused, OidcSignIn.Unavailable>through(id,
                        () -> oidc.signIn(client, code, URI.create(state.path("r").asText()), attempt));
            } catch (OidcSignIn.Refused e) {
                throw refused(ctx, "Sign-in refused: " + e.getMessage() + ".");
            } catch (OidcSignIn.Unavailable e) {
                throw new Refusal(502, "Your organization's identity provider could not complete the sign-in: "
                        + e.getMessage() + ". Try again later.");
            }
            if (tenant.consoleMember(email).isEmpty()) {
                throw refused(ctx, "You (" + email + ") are not a member of this organization's console; ask an owner "
                        + "of your organization to add you.");
            }
            console.signInMember(ctx, auth.sessions().orElseThrow(), id, email);
            redirect(ctx, "/console");
        });
    }

    private SsoConfig readySso(TenantRecord tenant) {
        SsoConfig sso = tenant.sso();
        if (sso == null || !sso.signInReady()) {
            throw new Refusal(409, "Organization " + tenant.name() + " has not set up console sign-in with its identity "
                    + "provider (SSO with a client id and secret). Ask its administrator.");
        }
        return sso;
    }

    /** A 403 that counts as a failed console sign-in for the address's throttle. */
    private Refusal refused(Context ctx, String message) {
        auth.signInFailed(ctx);
        return new Refusal(403, message);
    }

    private static Optional<String> param(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        if (value.length() > MAX_PARAM_CHARS) {
            throw new Refusal(400, "The parameter " + name + " is longer than " + MAX_PARAM_CHARS + " characters.");
        }
        return Optional.of(value.trim());
    }

    private static JsonNode json(String text) {
        try {
            return ScimJson.mapper().readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("a sealed sign-in state is JSON", e);
        }
    }

    private static void stateCookie(Context ctx, String value, long maxAgeSeconds) {
        ctx.header("Set-Cookie", STATE_COOKIE + "=" + value + "; Path=" + COOKIE_PATH + "; HttpOnly; SameSite=Lax; Max-Age="
                + maxAgeSeconds + (ConsoleRoutes.https(ctx) ? "; Secure" : ""));
    }

    private static void redirect(Context ctx, String location) {
        ctx.header("Cache-Control", "no-store").header("Referrer-Policy", "no-referrer").header("Location", location)
                .status(302).result(new byte[0]);
    }

    /** Runs a handler; a refusal (or an admin error such as the throttle's 429) becomes an HTML page. */
    private static void answer(Context ctx, Runnable handler) {
        try {
            handler.run();
        } catch (Refusal e) {
            page(ctx, e.status, e.getMessage());
        } catch (SignInGate.Busy e) {
            ctx.header("Retry-After", "5");
            page(ctx, 503, e.getMessage());
        } catch (AdminHttp.AdminError e) {
            if (e.retryAfterSeconds > 0) {
                ctx.header("Retry-After", Long.toString(e.retryAfterSeconds));
            }
            page(ctx, e.status, e.getMessage() + ".");
        } catch (TenantAdmin.Unavailable e) {
            page(ctx, 503, "The console cannot sign you in right now (its storage is unavailable). Try again in a minute.");
        }
    }

    private static void page(Context ctx, int status, String message) {
        String html = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>Sign-in refused · Gatehouse Console</title><link rel=\"stylesheet\" href=\"/console/app.css\"></head>"
                + "<body><main><section class=\"card narrow\"><h1 id=\"refusal-title\">Sign-in refused</h1>"
                + "<p id=\"refusal\">" + escape(message) + "</p>"
                + "<p><a href=\"/console\">Back to the console's sign-in page</a></p></section></main></body></html>\n";
        ctx.header("Content-Security-Policy", ConsoleRoutes.CSP).header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY").header("Referrer-Policy", "no-referrer").header("Cache-Control", "no-store")
                .status(status).contentType("text/html; charset=utf-8").result(html.getBytes(StandardCharsets.UTF_8));
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(c < 0x20 && c != '\n' ? ' ' : c);
            }
        }
        return out.toString();
    }
}
