package dev.gatehouse.api;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;

/**
 * An OpenID Connect provider whose ID tokens a test chooses, for what mock-oauth2-server will not
 * issue: an ID token for another client ({@code aud}) or another sign-in attempt ({@code nonce}). Its
 * discovery document, key set, authorization endpoint (which redirects straight back with a code) and
 * token endpoint are real; each token is signed with its own RSA key.
 */
final class HandMadeIdp implements AutoCloseable {
    private final HttpServer server;
    private final RSAKey key;
    private volatile String audience;
    private volatile String nonceOverride;
    private volatile String nonce;
    private volatile String email;

    HandMadeIdp() throws IOException, JOSEException {
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/.well-known/openid-configuration", ex -> answer(ex, 200, "application/json",
                "{\"issuer\":\"" + issuer() + "\",\"authorization_endpoint\":\"" + issuer() + "/authorize\","
                        + "\"token_endpoint\":\"" + issuer() + "/token\",\"jwks_uri\":\"" + issuer() + "/jwks\","
                        + "\"response_types_supported\":[\"code\"],\"subject_types_supported\":[\"public\"],"
                        + "\"id_token_signing_alg_values_supported\":[\"RS256\"]}"));
        server.createContext("/jwks", ex -> answer(ex, 200, "application/json", new JWKSet(key.toPublicJWK()).toString()));
        server.createContext("/authorize", this::authorize);
        server.createContext("/token", this::token);
        server.start();
    }

    String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next ID token names {@code email}, goes to {@code audience}, with {@code nonce} (null: the attempt's own). */
    void nextToken(String email, String audience, String nonce) {
        this.email = email;
        this.audience = audience;
        this.nonceOverride = nonce;
    }

    private void authorize(HttpExchange ex) throws IOException {
        Map<String, String> query = query(ex.getRequestURI());
        nonce = query.get("nonce");
        ex.getResponseHeaders().add("Location", query.get("redirect_uri") + "?code=c0de&state="
                + URLEncoder.encode(query.get("state"), StandardCharsets.UTF_8));
        answer(ex, 302, "text/plain", "");
    }

    private void token(HttpExchange ex) throws IOException {
        ex.getRequestBody().readAllBytes();
        Instant now = Instant.now();
        SignedJWT idToken = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().issuer(issuer()).subject("someone").audience(audience)
                        .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                        .claim("nonce", nonceOverride != null ? nonceOverride : nonce)
                        .claim("email", email).build());
        try {
            idToken.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IOException(e);
        }
        answer(ex, 200, "application/json", "{\"access_token\":\"at\",\"token_type\":\"Bearer\",\"expires_in\":300,"
                + "\"id_token\":\"" + idToken.serialize() + "\"}");
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> query = new HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            query.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return query;
    }

    private static void answer(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            ex.getResponseBody().write(bytes);
        }
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
