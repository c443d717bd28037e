package dev.gatehouse.api.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.oauth.AccessTokens;
import dev.gatehouse.api.oauth.FederatedAssertions;
import dev.gatehouse.api.tenant.TenantDirectory;
import dev.gatehouse.api.tenant.TenantDirectory.ClientOf;
import dev.gatehouse.api.tenant.Tokens;
import dev.gatehouse.contract.ScimClient;
import dev.gatehouse.scim.ScimJson;
import io.javalin.http.Context;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The OAuth 2.0 authorization server of SCIM clients: {@code POST /oauth2/token} issues access tokens
 * for the client-credentials grant (RFC 6749 §4.4) to a client that authenticates with a secret
 * ({@code client_secret_basic}, {@code client_secret_post}, or both carrying the same credentials, as
 * Entra ID may send) or with a federated JWT assertion (RFC 7523 §2.2, {@code private_key_jwt} in RFC
 * 8414's terms); {@code GET /.well-known/oauth-authorization-server} describes it (RFC 8414). Errors are
 * RFC 6749 §5.2 JSON. Failed client authentications count against the address like failed SCIM
 * tokens ({@link AuthThrottle}) — a secret that expired or a client without federation is a
 * configuration to fix and does not count; each client may get {@value #TOKENS_PER_MINUTE} tokens a
 * minute at each API instance.
 */
final class OAuthRoutes {
    static final String TOKEN_PATH = "/oauth2/token";
    static final String METADATA_PATH = "/.well-known/oauth-authorization-server";
    /** A token request is a few hundred bytes (an assertion a few KB): anything past this is refused unread. */
    static final int MAX_REQUEST_BYTES = 32 * 1024;
    /** Token requests a client may make per minute (Entra asks about once an hour). */
    static final int TOKENS_PER_MINUTE = 10;
    /** The one scope: the organization's SCIM endpoint. */
    static final String SCOPE = "scim";
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final List<String> PARAMETERS = List.of("grant_type", "scope", "client_id", "client_secret",
            "client_assertion_type", "client_assertion");

    private final TenantDirectory directory;
    private final AccessTokens tokens;
    private final FederatedAssertions assertions;
    private final AuthThrottle throttle;
    private final TenantRateLimit perClient = new TenantRateLimit(TOKENS_PER_MINUTE / 60.0, TOKENS_PER_MINUTE);
    private final Duration lifetime;
    private final Optional<String> publicUrl;

    OAuthRoutes(TenantDirectory directory, AccessTokens tokens, FederatedAssertions assertions, AuthThrottle throttle,
            Duration lifetime, Optional<String> publicUrl) {
        this.directory = directory;
        this.tokens = tokens;
        this.assertions = assertions;
        this.throttle = throttle;
        this.lifetime = lifetime;
        this.publicUrl = publicUrl;
    }

    /** An RFC 6749 §5.2 error. */
    static final class OAuthError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        final int status;
        final String error;
        long retryAfterSeconds;

        OAuthError(int status, String error, String description) {
            super(description, null, false, false);
            this.status = status;
            this.error = error;
        }
    }

    /** RFC 8414 metadata: where to get tokens and how to authenticate. */
    void metadata(Context ctx) {
        String base = ScimHttp.baseUrl(ctx, publicUrl);
        ObjectNode body = ScimJson.mapper().createObjectNode().put("issuer", base).put("token_endpoint", base + TOKEN_PATH);
        body.putArray("grant_types_supported").add("client_credentials");
        body.putArray("token_endpoint_auth_methods_supported").add("client_secret_basic").add("client_secret_post")
                .add("private_key_jwt");
        FederatedAssertions.ALGORITHMS.stream().map(Object::toString).sorted()
                .forEach(body.putArray("token_endpoint_auth_signing_alg_values_supported")::add);
        body.putArray("scopes_supported").add(SCOPE);
        body.putArray("response_types_supported");
        body.put("service_documentation", base + "/console");
        ctx.status(200).contentType("application/json").result(body.toString());
    }

    void token(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        ctx.header("Pragma", "no-cache");
        try {
            long wait = throttle.retryAfterSeconds(ctx.ip());
            if (wait > 0) {
                throw retryLater(wait, "too many failed client authentications from this address; retry later");
            }
            Map<String, String> form = form(ctx);
            String grantType = form.get("grant_type");
            if (grantType == null) {
                throw invalidRequest("grant_type is required");
            }
            if (!grantType.equals("client_credentials")) {
                throw new OAuthError(400, "unsupported_grant_type", "only the client_credentials grant is supported");
            }
            checkScope(ctx, form.get("scope"));
            Authenticated client = authenticate(ctx, form);
            long limited = perClient.acquire(client.of().client().clientId());
            if (limited > 0) {
                throw retryLater(limited, "this client may get " + TOKENS_PER_MINUTE + " tokens a minute; retry later");
            }
            Instant notAfter = client.secret() == null ? null : client.secret().expiresAt();
            AccessTokens.Issued issued = tokens.issue(client.of().tenant().id(), client.of().client().clientId(),
                    client.secret() == null ? null : client.secret().secretId(), client.federationSetAt(), client.method(),
                    lifetime, notAfter);
            long expiresIn = Math.max(1, Duration.between(Instant.now(), issued.grant().expiresAt()).toSeconds());
            ctx.status(200).contentType("application/json").result(ScimJson.mapper().createObjectNode()
                    .put("access_token", issued.token()).put("token_type", "Bearer").put("expires_in", expiresIn)
                    .put("scope", SCOPE).toString());
        } catch (OAuthError e) {
            error(ctx, e);
        } catch (AccessTokens.Unavailable e) {
            OAuthError unavailable = new OAuthError(503, "temporarily_unavailable", "could not issue a token now; retry later");
            unavailable.retryAfterSeconds = 5;
            error(ctx, unavailable);
        }
    }

    /** A client that proved who it is: with {@code secret}, or with an assertion of the federation set at {@code federationSetAt}. */
    private record Authenticated(ClientOf of, ScimClient.ClientSecret secret, Instant federationSetAt, String method) {
    }

    /** The client and how it proved who it is, or an {@code invalid_client} (counted against the address). */
    private Authenticated authenticate(Context ctx, Map<String, String> form) {
        String[] basic;
        try {
            basic = basic(ctx.header("Authorization"));
        } catch (IllegalArgumentException e) {
            // RFC 6749 §5.2: authentication attempted in the header and failed is invalid_client (401).
            throw invalidClient(ctx, e.getMessage());
        }
        String postedId = form.get("client_id");
        String postedSecret = form.get("client_secret");
        String assertion = form.get("client_assertion");
        String assertionType = form.get("client_assertion_type");
        if (assertion != null || assertionType != null) {
            if (basic != null || postedSecret != null) {
                throw invalidRequest("use one way of client authentication: a secret or an assertion, not both");
            }
            if (!FederatedAssertions.ASSERTION_TYPE.equals(assertionType) || assertion == null) {
                throw invalidClient(ctx, "client_assertion_type must be " + FederatedAssertions.ASSERTION_TYPE
                        + ", with a client_assertion");
            }
            if (postedId == null) {
                throw invalidRequest("client_id is required with a client assertion");
            }
            ClientOf of = directory.client(postedId).orElseThrow(() -> invalidClient(ctx, "client authentication failed"));
            ScimClient.Federation federation = of.client().federation();
            if (federation == null) {
                // A configuration to fix, not a guess: not counted against the address.
                throw new OAuthError(401, "invalid_client", "this client has no workload identity federation set up");
            }
            try {
                assertions.verify(assertion, federation);
            } catch (FederatedAssertions.Refused e) {
                throw invalidClient(ctx, e.getMessage());
            }
            // The token is bound to this federation: a change of it while the assertion was checked
            // (a key fetch may take seconds) leaves the token unusable, not valid under the old one.
            return new Authenticated(of, null, federation.updatedAt(), "private_key_jwt");
        }
        String clientId;
        String secret;
        String method;
        if (basic != null) {
            // Entra may send the credentials in the header and the body at once: then they must agree.
            if ((postedId != null && !postedId.equals(basic[0]))
                    || (postedSecret != null && !Tokens.constantTimeEquals(postedSecret, basic[1]))) {
                throw invalidClient(ctx, "the client credentials in the Authorization header and the body differ");
            }
            clientId = basic[0];
            secret = basic[1];
            method = "client_secret_basic";
        } else if (postedId != null && postedSecret != null) {
            clientId = postedId;
            secret = postedSecret;
            method = "client_secret_post";
        } else {
            throw invalidClient(ctx, "client authentication is required: client_secret_basic, client_secret_post "
                    + "or a client assertion");
        }
        byte[] presented = HexFormat.of().parseHex(Tokens.hash(secret));
        Optional<ClientOf> of = directory.client(clientId);
        ScimClient.ClientSecret matched = null;
        for (ScimClient.ClientSecret candidate : of.map(o -> o.client().secrets()).orElse(List.of())) {
            if (MessageDigest.isEqual(presented, HexFormat.of().parseHex(candidate.hash()))) {
                matched = candidate;
            }
        }
        if (matched == null) {
            throw invalidClient(ctx, "client authentication failed");
        }
        if (!matched.expiresAt().isAfter(Instant.now())) {
            // The right secret, too old: a configuration to fix, not a guess, so not counted against the address.
            throw new OAuthError(401, "invalid_client", "the client secret has expired; add a new one");
        }
        return new Authenticated(of.get(), matched, null, method);
    }

    /**
     * RFC 6749 §2.3.1: Basic with the form-encoded client id and secret; null without a Basic header.
     *
     * @throws IllegalArgumentException when the credentials are not base64 of form-encoded {@code id:secret}
     */
    private static String[] basic(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon > 0) {
                return new String[] {URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                    URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)};
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new IllegalArgumentException("the Basic credentials must be base64 of the form-encoded client_id:client_secret");
    }

    /**
     * RFC 6749 §3.2: a form body whose parameters appear at most once (unknown ones are ignored, as
     * §3.2 says); the size is checked before it is read.
     */
    private static Map<String, String> form(Context ctx) {
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith(FORM)) {
            throw invalidRequest("the request body must be " + FORM);
        }
        // Declared too long: refused unread. Chunked: read (at most the API's body limit), then measured.
        if (ctx.contentLength() > MAX_REQUEST_BYTES || ctx.bodyAsBytes().length > MAX_REQUEST_BYTES) {
            throw new OAuthError(413, "invalid_request", "a token request is limited to " + MAX_REQUEST_BYTES + " bytes");
        }
        Map<String, List<String>> params;
        try {
            params = ctx.formParamMap();
        } catch (RuntimeException e) {
            throw invalidRequest("the request body is not a valid form");
        }
        Map<String, String> form = new HashMap<>();
        for (String name : PARAMETERS) {
            List<String> values = params.getOrDefault(name, List.of());
            if (values.size() > 1) {
                throw invalidRequest(name + " must not be repeated");
            }
            if (!values.isEmpty() && !values.get(0).isEmpty()) {
                form.put(name, values.get(0));
            }
        }
        return form;
    }

    /**
     * The scope is optional; if given, each of its values must be {@value #SCOPE} or name this server's
     * SCIM endpoint (as a resource indicator).
     */
    private void checkScope(Context ctx, String scope) {
        if (scope == null) {
            return;
        }
        String base = ScimHttp.baseUrl(ctx, publicUrl);
        for (String value : scope.trim().split(" +")) {
            if (!value.equals(SCOPE) && !value.startsWith(base + "/scim/v2") && !value.equals(base + "/.default")) {
                throw new OAuthError(400, "invalid_scope", "the only scope is \"" + SCOPE + "\"");
            }
        }
    }

    private OAuthError invalidClient(Context ctx, String description) {
        throttle.failed(ctx.ip(), ApiMetrics.OAUTH_CLIENT);
        return new OAuthError(401, "invalid_client", description);
    }

    private static OAuthError invalidRequest(String description) {
        return new OAuthError(400, "invalid_request", description);
    }

    private static OAuthError retryLater(long seconds, String description) {
        OAuthError error = new OAuthError(429, "temporarily_unavailable", description);
        error.retryAfterSeconds = seconds;
        return error;
    }

    private static void error(Context ctx, OAuthError e) {
        if (e.status == 401) {
            ctx.header("WWW-Authenticate", "Basic realm=\"gatehouse\"");
        }
        if (e.retryAfterSeconds > 0) {
            ctx.header("Retry-After", Long.toString(e.retryAfterSeconds));
        }
        ctx.status(e.status).contentType("application/json").result(ScimJson.mapper().createObjectNode()
                .put("error", e.error).put("error_description", e.getMessage()).toString());
    }
}
