package dev.gatehouse.api.oauth;

import static dev.gatehouse.api.oauth.ClientCredentialsIT.assertOAuthError;
import static dev.gatehouse.testkit.Gatehouse.encode;
import static dev.gatehouse.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.launcher.TestStack;
import dev.gatehouse.testkit.Gatehouse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Workload identity federation on the real stack, as Entra ID does it: the client posts a JWT its
 * issuer signed (RFC 7523 §2.2) and the token endpoint checks it against the issuer's keys, which this
 * test serves itself as a JWKS on loopback. A good assertion gets a token that provisions; a wrong
 * {@code aud}, {@code sub} or {@code iss}, an expired one, one signed by an unknown key or with no
 * signature is {@code invalid_client}; a rotated key is picked up by its new {@code kid}; changing the
 * federation stops the tokens it gave.
 */
class WorkloadIdentityFederationIT {
    private static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    /** A workload platform of its own (an Entra ID issuer must be the organization's own directory). */
    private static final String ISSUER = "https://workloads.federated.test/" + UUID.randomUUID();
    private static final String AUDIENCE = "api://AzureADTokenExchange";

    @RegisterExtension
    static final TestStack stack = TestStack.perClass().withOrganization("Federated");

    private static HttpServer keys;
    private static final AtomicReference<JWKSet> published = new AtomicReference<>();
    private static final AtomicInteger fetches = new AtomicInteger();
    private static RSAKey key;
    /** Each test's workload: one issuer, subject and audience belong to one client only. */
    private final String subject = UUID.randomUUID().toString();

    @BeforeAll
    static void serveTheIssuersKeys() throws IOException, JOSEException {
        key = newKey();
        published.set(new JWKSet(key.toPublicJWK()));
        keys = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        keys.createContext("/keys", exchange -> {
            fetches.incrementAndGet();
            byte[] body = published.get().toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        keys.start();
    }

    @AfterAll
    static void stopServingKeys() {
        keys.stop(0);
    }

    @Test
    void aGoodAssertionGetsATokenThatProvisions() throws JOSEException {
        String clientId = federatedClient();
        HttpResponse<String> answer = token(clientId, assertion(key, ISSUER, subject, AUDIENCE, 300));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        String accessToken = json(answer).get("access_token").asText();
        HttpResponse<String> created = stack.scim("POST", "/Users", accessToken, "{\"userName\":\"fed@federated.test\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode view = json(stack.admin("GET", "/admin/v1/tenants/" + stack.organization().id() + "/scim/clients/" + clientId,
                null));
        assertThat(view.get("federation").get("issuer").asText()).isEqualTo(ISSUER);
        assertThat(Instant.parse(view.get("federation").get("lastUsedAt").asText())).isAfter(Instant.now().minusSeconds(60));
    }

    @Test
    void anAssertionWithAnotherAudienceSubjectOrIssuerOrExpiredIsRefused() throws JOSEException {
        String clientId = federatedClient();
        assertRefused(token(clientId, assertion(key, ISSUER, subject, "api://someone-else", 300)));
        assertRefused(token(clientId, assertion(key, ISSUER, "another-workload", AUDIENCE, 300)));
        assertRefused(token(clientId, assertion(key, "https://workloads.federated.test/someone-else",
                subject, AUDIENCE, 300)));
        assertRefused(token(clientId, assertion(key, ISSUER, subject, AUDIENCE, -120)));
        // Past the one minute of clock skew a just-expired assertion is still refused; within it, accepted.
        assertThat(token(clientId, assertion(key, ISSUER, subject, AUDIENCE, -30)).statusCode()).isEqualTo(200);
    }

    @Test
    void anAssertionSignedByAnUnknownKeyOrNotSignedIsRefused() throws JOSEException {
        String clientId = federatedClient();
        assertRefused(token(clientId, assertion(newKey(), ISSUER, subject, AUDIENCE, 300)));
        String unsigned = new PlainJWT(claims(ISSUER, subject, AUDIENCE, 300)).serialize();
        assertRefused(token(clientId, unsigned));
        assertRefused(token(clientId, "not.a.jwt"));
        // The same key id with another key's signature.
        RSAKey impostor = new RSAKeyGenerator(2048).keyID(key.getKeyID()).generate();
        assertRefused(token(clientId, assertion(impostor, ISSUER, subject, AUDIENCE, 300)));
    }

    @Test
    void anAssertionWithoutExpiryNotYetValidOrMacSignedIsRefusedAndAnAudienceListIsAccepted() throws JOSEException {
        String clientId = federatedClient();
        Instant now = Instant.now();
        JWTClaimsSet noExpiry = new JWTClaimsSet.Builder().issuer(ISSUER).subject(subject).audience(AUDIENCE)
                .issueTime(Date.from(now)).build();
        assertRefused(token(clientId, signed(key, noExpiry)));
        JWTClaimsSet notYet = new JWTClaimsSet.Builder(claims(ISSUER, subject, AUDIENCE, 600))
                .notBeforeTime(Date.from(now.plusSeconds(300))).build();
        assertRefused(token(clientId, signed(key, notYet)));
        // HS256 keyed with anything (here random bytes under the issuer's key id): asymmetric algorithms only.
        SignedJWT mac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(key.getKeyID()).build(),
                claims(ISSUER, subject, AUDIENCE, 300));
        mac.sign(new MACSigner(new byte[32]));
        assertRefused(token(clientId, mac.serialize()));
        JWTClaimsSet audiences = new JWTClaimsSet.Builder(claims(ISSUER, subject, AUDIENCE, 300))
                .audience(List.of("api://another-resource", AUDIENCE)).build();
        assertThat(token(clientId, signed(key, audiences)).statusCode()).isEqualTo(200);
        String tooLong = signed(key, new JWTClaimsSet.Builder(claims(ISSUER, subject, AUDIENCE, 300))
                .claim("padding", "p".repeat(16 * 1024)).build());
        assertRefused(token(clientId, tooLong));
    }

    @Test
    void aRotatedKeyIsFetchedByItsNewKeyIdAndTheOldOneStillWorksWhilePublished() throws Exception {
        String clientId = federatedClient();
        assertThat(token(clientId, assertion(key, ISSUER, subject, AUDIENCE, 300)).statusCode()).isEqualTo(200);
        RSAKey next = newKey();
        published.set(new JWKSet(List.of(key.toPublicJWK(), next.toPublicJWK())));
        int before = fetches.get();
        // An unknown kid refetches the set, at most once per 2 s; until then the new key is not known.
        await("the new key is fetched").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    HttpResponse<String> answer = token(clientId, assertion(next, ISSUER, subject, AUDIENCE, 300));
                    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                });
        assertThat(fetches.get()).isGreaterThan(before);
        assertThat(token(clientId, assertion(key, ISSUER, subject, AUDIENCE, 300)).statusCode()).isEqualTo(200);
    }

    @Test
    void changingOrRemovingTheFederationStopsTheTokensItGave() throws JOSEException {
        String clientId = federatedClient();
        String accessToken = json(token(clientId, assertion(key, ISSUER, subject, AUDIENCE, 300))).get("access_token").asText();
        assertThat(stack.scim("GET", "/Users", accessToken, null).statusCode()).isEqualTo(200);
        assertThat(setFederation(clientId, "{\"issuer\":\"" + ISSUER + "\",\"subject\":\"" + subject + "-renamed\",\"audience\":\"" + AUDIENCE
                + "\",\"jwksUri\":\"" + jwksUri() + "\"}").statusCode()).isEqualTo(200);
        assertThat(ClientCredentialsIT.millisUntil(() -> stack.scim("GET", "/Users", accessToken, null).statusCode(), 401))
                .isLessThan(1_000);
        assertRefused(token(clientId, assertion(key, ISSUER, subject, AUDIENCE, 300)));
        assertThat(token(clientId, assertion(key, ISSUER, subject + "-renamed", AUDIENCE, 300)).statusCode()).isEqualTo(200);
        assertThat(stack.admin("DELETE", clientPath(clientId) + "/federation", null).statusCode()).isEqualTo(204);
        HttpResponse<String> without = token(clientId, assertion(key, ISSUER, subject + "-renamed", AUDIENCE, 300));
        assertRefused(without);
        assertThat(json(without).get("error_description").asText()).contains("no workload identity federation");
    }

    @Test
    void federationSettingsAreCheckedAndEntraOnesFollowTheDirectory() {
        Gatehouse.Client client = stack.gatehouse().createClient(stack.organization().id());
        assertThat(setFederation(client.id(), "{\"subject\":\"s\",\"audience\":\"a\",\"jwksUri\":\"http://keys.example.com/k\"}")
                .statusCode()).as("plain http off loopback").isEqualTo(400);
        assertThat(setFederation(client.id(), "{\"subject\":\"s\",\"audience\":\"a\",\"jwksUri\":\"file:///etc/passwd\"}")
                .statusCode()).isEqualTo(400);
        assertThat(setFederation(client.id(), "{\"audience\":\"a\"}").statusCode()).as("subject required").isEqualTo(400);
        assertThat(setFederation(client.id(), "{\"subject\":1,\"audience\":\"a\"}").statusCode()).isEqualTo(400);
        // The test organization signs in with Entra ID: issuer and keys follow from its directory id.
        HttpResponse<String> entra = setFederation(client.id(), "{\"subject\":\"" + subject + "\",\"audience\":\"" + AUDIENCE + "\"}");
        assertThat(entra.statusCode()).as(entra.body()).isEqualTo(200);
        String directory = json(stack.admin("GET", "/admin/v1/tenants/" + stack.organization().id(), null))
                .get("sso").get("directoryId").asText();
        assertThat(json(entra).get("federation").get("issuer").asText())
                .isEqualTo("https://login.microsoftonline.com/" + directory + "/v2.0");
        assertThat(json(entra).get("federation").get("jwksUri").asText())
                .isEqualTo("https://login.microsoftonline.com/" + directory + "/discovery/v2.0/keys");
        assertThat(setFederation("nobody", "{\"subject\":\"s\",\"audience\":\"a\"}").statusCode()).isEqualTo(404);
        // Another Entra ID directory's issuer is not this organization's to trust.
        HttpResponse<String> foreign = setFederation(client.id(), "{\"issuer\":\"https://login.microsoftonline.com/"
                + UUID.randomUUID() + "/v2.0\",\"subject\":\"s\",\"audience\":\"a\"}");
        assertThat(foreign.statusCode()).as(foreign.body()).isEqualTo(400);
        // One workload (issuer, subject, audience) belongs to one client only, across organizations.
        Gatehouse.Organization neighbour = stack.newTenant("Federated neighbour");
        Gatehouse.Client theirs = stack.gatehouse().createClient(neighbour.id());
        String workload = "{\"issuer\":\"" + ISSUER + "\",\"subject\":\"" + subject + "\",\"audience\":\"" + AUDIENCE
                + "\",\"jwksUri\":\"" + jwksUri() + "\"}";
        assertThat(setFederation(client.id(), workload).statusCode()).isEqualTo(200);
        HttpResponse<String> taken = stack.admin("PUT", "/admin/v1/tenants/" + neighbour.id() + "/scim/clients/" + theirs.id()
                + "/federation", workload);
        assertThat(taken.statusCode()).as(taken.body()).isEqualTo(409);
    }

    @Test
    void anAssertionNeedsItsClientIdAndOnlyOneWayOfAuthentication() throws JOSEException {
        String clientId = federatedClient();
        String assertion = assertion(key, ISSUER, subject, AUDIENCE, 300);
        assertOAuthError(stack.gatehouse().tokenRequest("grant_type=client_credentials&client_assertion_type="
                + encode(ASSERTION_TYPE) + "&client_assertion=" + assertion), 400, "invalid_request");
        assertOAuthError(stack.gatehouse().tokenRequest("grant_type=client_credentials&client_id=" + clientId
                + "&client_secret=x&client_assertion_type=" + encode(ASSERTION_TYPE) + "&client_assertion=" + assertion),
                400, "invalid_request");
        assertOAuthError(stack.gatehouse().tokenRequest("grant_type=client_credentials&client_id=" + clientId
                + "&client_assertion_type=urn:other&client_assertion=" + assertion), 401, "invalid_client");
    }

    private String federatedClient() {
        Gatehouse.Client client = stack.gatehouse().createClient(stack.organization().id());
        HttpResponse<String> set = setFederation(client.id(), "{\"issuer\":\"" + ISSUER + "\",\"subject\":\"" + subject
                + "\",\"audience\":\"" + AUDIENCE + "\",\"jwksUri\":\"" + jwksUri() + "\"}");
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        return client.id();
    }

    private static HttpResponse<String> setFederation(String clientId, String body) {
        return stack.admin("PUT", clientPath(clientId) + "/federation", body);
    }

    private static String clientPath(String clientId) {
        return "/admin/v1/tenants/" + stack.organization().id() + "/scim/clients/" + clientId;
    }

    private static String jwksUri() {
        return "http://127.0.0.1:" + keys.getAddress().getPort() + "/keys";
    }

    private static HttpResponse<String> token(String clientId, String assertion) {
        return stack.gatehouse().tokenRequest("grant_type=client_credentials&client_id=" + encode(clientId)
                + "&client_assertion_type=" + encode(ASSERTION_TYPE) + "&client_assertion=" + encode(assertion)
                + "&scope=" + encode(stack.base() + "/.default"));
    }

    private void assertRefused(HttpResponse<String> answer) {
        assertOAuthError(answer, 401, "invalid_client");
        assertThat(answer.body()).doesNotContain(subject).doesNotContain(ISSUER);
    }

    private static RSAKey newKey() throws JOSEException {
        return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
    }

    private static JWTClaimsSet claims(String issuer, String subject, String audience, long expiresInSeconds) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(issuer).subject(subject).audience(audience)
                .issueTime(Date.from(now.minusSeconds(5))).notBeforeTime(Date.from(now.minusSeconds(5)))
                .expirationTime(Date.from(now.plusSeconds(expiresInSeconds))).jwtID(UUID.randomUUID().toString()).build();
    }

    private static String assertion(RSAKey signer, String issuer, String subject, String audience, long expiresInSeconds)
            throws JOSEException {
        return signed(signer, claims(issuer, subject, audience, expiresInSeconds));
    }

    private static String signed(RSAKey signer, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signer.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(signer));
        return jwt.serialize();
    }
}
