package dev.gatehouse.api.signin;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import dev.gatehouse.api.oauth.FederatedAssertions;
import dev.gatehouse.api.tenant.SsoSettings;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relying party of console sign-in (OpenID Connect Core, authorization code flow with PKCE, Nimbus
 * OAuth 2.0 SDK): finds an issuer's endpoints in its discovery document (cached {@link #CACHE_TIME}),
 * builds the authorization request, exchanges the code at the token endpoint with the client secret
 * and the PKCE verifier, and validates the ID token — its signature with the issuer's published keys
 * (cached by key id, asymmetric algorithms only), {@code iss}, {@code aud}, {@code exp} and the nonce —
 * and yields the email it vouches for. Every endpoint a discovery document names must be https (http
 * only on a loopback address, for tests), as the issuer must.
 */
public final class OidcSignIn {
    /** What the console asks for: the person's id, email and name. */
    public static final Scope SCOPE = new Scope("openid", "email", "profile");
    static final Duration CACHE_TIME = Duration.ofMinutes(15);
    private static final int MAX_CLOCK_SKEW_SECONDS = 60;
    private static final int MAX_PROVIDERS = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(OidcSignIn.class);

    private final IdpHttp http = new IdpHttp();
    private final Clock clock;
    private final Map<String, Provider> providers = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Provider> eldest) {
            return size() > MAX_PROVIDERS;
        }
    };

    public OidcSignIn(Clock clock) {
        this.clock = clock;
    }

    /** Thrown when the sign-in is refused; the message is safe to show the person. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** Thrown when the identity provider cannot be reached or answers nonsense; safe to show. */
    public static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message, null, false, false);
        }
    }

    /** The client of an organization at its provider, the secret already decrypted. */
    public record Client(String issuer, String clientId, String clientSecret) {
        @Override
        public String toString() {
            return "Client[issuer=" + issuer + ", clientId=" + clientId + "]";
        }
    }

    /** What one sign-in attempt must remember until the provider sends the person back. */
    public record Attempt(String state, String nonce, String codeVerifier) {
        public static Attempt random() {
            return new Attempt(new State().getValue(), new Nonce().getValue(), new CodeVerifier().getValue());
        }
    }

    private record Provider(OIDCProviderMetadata metadata, JWKSource<SecurityContext> keys, Instant fetchedAt) {
    }

    /** Where to send the person's browser: the provider's authorization endpoint with the request. */
    public URI authorizationRedirect(String issuer, String clientId, URI redirectUri, Attempt attempt) throws Unavailable {
        OIDCProviderMetadata metadata = provider(issuer).metadata();
        return new AuthenticationRequest.Builder(ResponseType.CODE, SCOPE, new ClientID(clientId), redirectUri)
                .endpointURI(metadata.getAuthorizationEndpointURI())
                .state(new State(attempt.state()))
                .nonce(new Nonce(attempt.nonce()))
                .codeChallenge(new CodeVerifier(attempt.codeVerifier()), CodeChallengeMethod.S256)
                .build()
                .toURI();
    }

    /**
     * Exchanges {@code code} for tokens and returns the email the validated ID token vouches for
     * (lowercase): its {@code email} claim, else {@code preferred_username} when it is an email (Entra ID).
     */
    public String signIn(Client client, String code, URI redirectUri, Attempt attempt) throws Refused, Unavailable {
        Provider provider = provider(client.issuer());
        JWT idToken = exchange(provider.metadata(), client, code, redirectUri, attempt);
        IDTokenValidator validator = new IDTokenValidator(new Issuer(client.issuer()), new ClientID(client.clientId()),
                new JWSVerificationKeySelector<>(FederatedAssertions.ALGORITHMS, provider.keys()), null);
        validator.setMaxClockSkew(MAX_CLOCK_SKEW_SECONDS);
        JWTClaimsSet claims;
        try {
            claims = validator.validate(idToken, new Nonce(attempt.nonce())).toJWTClaimsSet();
        } catch (KeySourceException e) {
            LOG.warn("the signing keys of {} could not be fetched: {}", client.issuer(), e.toString());
            throw new Unavailable("the identity provider's signing keys could not be fetched");
        } catch (BadJOSEException | JOSEException | ParseException e) {
            // Nimbus's message names the check that failed (issuer, audience, expiry, nonce, signature).
            LOG.info("console sign-in refused: the ID token of {} did not validate: {}", client.issuer(), e.getMessage());
            throw new Refused("the identity provider's ID token did not validate (signature, issuer, audience, "
                    + "expiry or nonce)");
        }
        return email(claims);
    }

    private JWT exchange(OIDCProviderMetadata metadata, Client client, String code, URI redirectUri, Attempt attempt)
            throws Refused, Unavailable {
        ClientID id = new ClientID(client.clientId());
        Secret secret = new Secret(client.clientSecret());
        List<ClientAuthenticationMethod> methods = metadata.getTokenEndpointAuthMethods();
        ClientAuthentication auth = methods != null && !methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                && methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                ? new ClientSecretPost(id, secret) : new ClientSecretBasic(id, secret);
        HTTPRequest request = new TokenRequest.Builder(metadata.getTokenEndpointURI(), auth,
                new AuthorizationCodeGrant(new AuthorizationCode(code), redirectUri,
                        new CodeVerifier(attempt.codeVerifier()))).build().toHTTPRequest();
        IdpHttp.Answer answer;
        try {
            answer = http.post(metadata.getTokenEndpointURI(), request.getHeaderMap(), request.getBody());
        } catch (IOException e) {
            LOG.warn("the token endpoint of {} could not be reached: {}", client.issuer(), e.toString());
            throw new Unavailable("the identity provider's token endpoint could not be reached");
        }
        HTTPResponse response = new HTTPResponse(answer.status());
        response.setHeader("Content-Type", answer.contentType());
        response.setBody(answer.body());
        TokenResponse tokens;
        try {
            tokens = OIDCTokenResponseParser.parse(response);
        } catch (ParseException e) {
            throw new Unavailable("the identity provider's token endpoint answered something that is not a token response");
        }
        if (!tokens.indicatesSuccess()) {
            String error = ((TokenErrorResponse) tokens).getErrorObject().getCode();
            LOG.info("console sign-in refused: the token endpoint of {} answered {}", client.issuer(), error);
            throw new Refused("the identity provider refused to exchange the sign-in code (" + error + ")");
        }
        JWT idToken = ((OIDCTokenResponse) tokens.toSuccessResponse()).getOIDCTokens().getIDToken();
        if (idToken == null) {
            throw new Refused("the identity provider sent no ID token");
        }
        return idToken;
    }

    private static String email(JWTClaimsSet claims) throws Refused {
        Object verified = claims.getClaim("email_verified");
        if (Boolean.FALSE.equals(verified) || "false".equals(verified)) {
            throw new Refused("the identity provider says your email address is not verified");
        }
        String email = stringClaim(claims, "email");
        if (email == null) {
            String username = stringClaim(claims, "preferred_username");
            email = username != null && username.contains("@") ? username : null;
        }
        if (email == null || email.isBlank()) {
            throw new Refused("the identity provider's ID token names no email address (claim email or preferred_username)");
        }
        return email.trim().toLowerCase(Locale.ROOT);
    }

    private static String stringClaim(JWTClaimsSet claims, String name) {
        Object value = claims.getClaim(name);
        return value instanceof String s ? s : null;
    }

    private Provider provider(String issuer) throws Unavailable {
        Instant now = clock.instant();
        synchronized (providers) {
            Provider cached = providers.get(issuer);
            if (cached != null && cached.fetchedAt().plus(CACHE_TIME).isAfter(now)) {
                return cached;
            }
        }
        Provider fetched = discover(issuer, now);
        synchronized (providers) {
            providers.put(issuer, fetched);
        }
        return fetched;
    }

    private Provider discover(String issuer, Instant now) throws Unavailable {
        URI uri = URI.create(issuer.endsWith("/") ? issuer + ".well-known/openid-configuration"
                : issuer + "/.well-known/openid-configuration");
        OIDCProviderMetadata metadata;
        try {
            IdpHttp.Answer answer = http.get(uri);
            if (answer.status() != 200) {
                throw new Unavailable("the identity provider's discovery document answered HTTP " + answer.status());
            }
            metadata = OIDCProviderMetadata.parse(answer.body());
        } catch (IOException e) {
            LOG.warn("the discovery document of {} could not be fetched: {}", issuer, e.toString());
            throw new Unavailable("the identity provider's discovery document could not be fetched");
        } catch (ParseException e) {
            throw new Unavailable("the identity provider's discovery document is not OpenID Connect provider metadata");
        }
        if (!issuer.equals(metadata.getIssuer().getValue())) {
            throw new Unavailable("the identity provider's discovery document names another issuer ("
                    + metadata.getIssuer().getValue() + ")");
        }
        for (URI endpoint : new URI[] {metadata.getAuthorizationEndpointURI(), metadata.getTokenEndpointURI(),
                metadata.getJWKSetURI()}) {
            if (endpoint == null || !SsoSettings.fetchable(endpoint)) {
                throw new Unavailable("the identity provider's discovery document must name https authorization, "
                        + "token and key set endpoints");
            }
        }
        try {
            JWKSource<SecurityContext> keys = JWKSourceBuilder.<SecurityContext>create(metadata.getJWKSetURI().toURL(),
                            new DefaultResourceRetriever((int) IdpHttp.CONNECT_TIMEOUT.toMillis(),
                                    (int) IdpHttp.READ_TIMEOUT.toMillis(), IdpHttp.MAX_RESPONSE_BYTES))
                    .cache(CACHE_TIME.toMillis(), IdpHttp.READ_TIMEOUT.toMillis())
                    .rateLimited(true)
                    .refreshAheadCache(false)
                    .retrying(false)
                    .build();
            return new Provider(metadata, keys, now);
        } catch (MalformedURLException e) {
            throw new Unavailable("the identity provider's key set URI is not a URL");
        }
    }
}
