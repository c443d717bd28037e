package dev.gatehouse.api.oauth;

import static dev.gatehouse.testkit.Gatehouse.basic;
import static dev.gatehouse.testkit.Gatehouse.encode;
import static dev.gatehouse.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.api.tenant.Tokens;
import dev.gatehouse.contract.AccessGrant;
import dev.gatehouse.contract.ScimClient;
import dev.gatehouse.contract.TenantRecord;
import dev.gatehouse.launcher.TestStack;
import dev.gatehouse.pipeline.config.ConfigKeys;
import dev.gatehouse.testkit.ApiHttp;
import dev.gatehouse.testkit.Gatehouse;
import dev.gatehouse.testkit.Scrape;
import dev.gatehouse.testkit.TestHttp;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * OAuth 2.0 client credentials for SCIM on the real stack (API, broker, processor): a client secret in
 * the header, the body or both gets an access token that provisions, beside the organization's SCIM
 * token; rotation without downtime; expiry of secrets and tokens; revocation within a second (client
 * deleted, secret revoked, SCIM turned off); RFC 6749 §5.2 errors; the RFC 8414 metadata.
 */
class ClientCredentialsIT {
    /** A lifetime other than the default, so the test sees the setting reach the token endpoint. */
    private static final int LIFETIME_SECONDS = 7_200;

    @RegisterExtension
    static final TestStack stack = TestStack.perClass(Map.of(ConfigKeys.ACCESS_TOKEN_LIFETIME,
            Integer.toString(LIFETIME_SECONDS))).withOrganization("Credentials");

    @Test
    void aSecretInTheBodyTheHeaderOrBothGetsATokenThatProvisionsBesideTheScimToken() {
        Gatehouse.Client client = client();
        HttpResponse<String> posted = token("grant_type=client_credentials&client_id=" + encode(client.id())
                + "&client_secret=" + encode(client.secret()));
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
        assertThat(posted.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(posted.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode answer = json(posted);
        assertThat(answer.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(answer.get("expires_in").asLong()).isBetween(LIFETIME_SECONDS - 5L, (long) LIFETIME_SECONDS);
        assertThat(answer.get("scope").asText()).isEqualTo("scim");
        String viaPost = answer.get("access_token").asText();
        assertThat(viaPost).startsWith("gh_at_").doesNotContain(client.secret());

        String viaBasic = accessToken(token("grant_type=client_credentials", "Authorization", basic(client.id(), client.secret())));
        String viaBoth = accessToken(token("grant_type=client_credentials&client_id=" + encode(client.id())
                + "&client_secret=" + encode(client.secret()), "Authorization", basic(client.id(), client.secret())));
        assertThat(List.of(viaPost, viaBasic, viaBoth)).doesNotHaveDuplicates();

        int n = 0;
        for (String token : List.of(viaPost, viaBasic, viaBoth, stack.token())) {
            HttpResponse<String> created = stack.scim("POST", "/Users", token,
                    "{\"userName\":\"cred-" + n++ + "@credentials.test\",\"active\":true}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        }
        assertThat(json(stack.scim("GET", "/Users?filter=" + encode("userName sw \"cred-\""), viaBasic, null))
                .get("totalResults").asInt()).isEqualTo(4);
    }

    @Test
    void credentialsInTheHeaderAndTheBodyMustAgree() {
        Gatehouse.Client client = client();
        Gatehouse.Client other = client();
        HttpResponse<String> differ = token("grant_type=client_credentials&client_id=" + encode(other.id())
                + "&client_secret=" + encode(other.secret()), "Authorization", basic(client.id(), client.secret()));
        assertOAuthError(differ, 401, "invalid_client");
        assertThat(differ.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Basic");
        assertOAuthError(token("grant_type=client_credentials", "Authorization", basic(client.id(), client.secret() + "x")),
                401, "invalid_client");
        assertOAuthError(token("grant_type=client_credentials&client_id=" + encode(client.id()) + "&client_secret="
                + encode(client.secret().toUpperCase(Locale.ROOT))), 401, "invalid_client");
    }

    @Test
    void listsShowSecretsByIdExpiryAndLastUseButNeverTheSecret() {
        Gatehouse.Client client = client();
        stack.gatehouse().accessToken(client);
        HttpResponse<String> listed = admin("GET", "/scim/clients", null);
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body()).doesNotContain(client.secret()).doesNotContain(Tokens.hash(client.secret()))
                .doesNotContain("clientSecret").doesNotContain("hash");
        JsonNode view = clientView(json(listed), client.id());
        assertThat(json(listed).get("tokenUrl").asText()).isEqualTo(stack.base() + "/oauth2/token");
        JsonNode secret = view.get("secrets").get(0);
        assertThat(secret.get("secretId").asText()).isEqualTo(client.secretId());
        assertThat(Instant.parse(secret.get("expiresAt").asText())).isBetween(Instant.now().plus(Duration.ofDays(364)),
                Instant.now().plus(Duration.ofDays(366)));
        assertThat(secret.get("expiresSoon").asBoolean()).isFalse();
        assertThat(Instant.parse(secret.get("lastUsedAt").asText())).isAfter(Instant.now().minusSeconds(60));
        assertThat(view.get("federation").isNull()).isTrue();

        JsonNode audit = json(stack.admin("GET", "/admin/v1/tenants/" + stack.organization().id() + "/audit", null));
        assertThat(audit.toString()).contains("scim.client.create").contains(client.id()).doesNotContain(client.secret());
    }

    @Test
    void rotationKeepsProvisioningAndARevokedSecretAndItsTokensStopWithinASecond() {
        Gatehouse.Client client = client();
        String oldToken = stack.gatehouse().accessToken(client);
        HttpResponse<String> added = admin("POST", "/scim/clients/" + client.id() + "/secrets", "{\"secretLifetimeDays\":30}");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        JsonNode second = json(added);
        Gatehouse.Client rotated = new Gatehouse.Client(client.id(), second.get("clientSecret").asText(),
                second.get("secretId").asText());
        assertThat(Instant.parse(second.get("expiresAt").asText())).isBefore(Instant.now().plus(Duration.ofDays(31)));
        assertThat(admin("POST", "/scim/clients/" + client.id() + "/secrets", null).statusCode())
                .as("at most two live secrets").isEqualTo(409);
        // Both secrets work while the identity provider is switched over.
        String newToken = stack.gatehouse().accessToken(rotated);
        assertThat(stack.gatehouse().accessToken(client)).isNotBlank();
        assertThat(listUsers(oldToken)).isEqualTo(200);
        assertThat(admin("GET", "/scim/clients/" + client.id(), null).body()).contains("\"expiresSoon\":true");
        assertThat(Scrape.of(stack.base() + "/metrics").value("gatehouse_scim_client_secrets_expiring").orElseThrow())
                .as("the 30-day secret is counted as expiring soon").isGreaterThanOrEqualTo(1);

        assertThat(admin("DELETE", "/scim/clients/" + client.id() + "/secrets/" + client.secretId(), null).statusCode())
                .isEqualTo(204);
        assertThat(millisUntil401(() -> listUsers(oldToken))).isLessThan(1_000);
        assertOAuthError(token("grant_type=client_credentials", "Authorization", basic(client.id(), client.secret())),
                401, "invalid_client");
        assertThat(listUsers(newToken)).isEqualTo(200);
        assertThat(admin("DELETE", "/scim/clients/" + client.id() + "/secrets/" + client.secretId(), null).statusCode())
                .isEqualTo(404);
    }

    @Test
    void anExpiredSecretGetsNoTokenAndTheTokensItGotStop() {
        OAuthTopics topics = new OAuthTopics(stack);
        Gatehouse.Client client = client();
        String token = stack.gatehouse().accessToken(client);
        assertThat(listUsers(token)).isEqualTo(200);
        // The organization's record as a clock past the secret's expiry would see it.
        TenantRecord now = topics.tenant(stack.organization().id());
        Instant past = Instant.now().minusSeconds(1);
        List<ScimClient> clients = new ArrayList<>();
        for (ScimClient c : now.scimClients()) {
            clients.add(!c.clientId().equals(client.id()) ? c : new ScimClient(c.clientId(), c.name(), c.createdAt(),
                    c.secrets().stream().map(s -> new ScimClient.ClientSecret(s.secretId(), s.hash(), s.createdAt(), past)).toList(),
                    c.federation()));
        }
        topics.write(new TenantRecord(now.id(), now.name(), now.scimEnabled(), now.tokenHashes(), now.createdAt(),
                now.updatedAt().plusMillis(1), now.sso(), now.retiringTokens(), clients));

        assertThat(millisUntil401(() -> listUsers(token))).isLessThan(1_000);
        HttpResponse<String> refused = token("grant_type=client_credentials", "Authorization", basic(client.id(), client.secret()));
        assertOAuthError(refused, 401, "invalid_client");
        assertThat(json(refused).get("error_description").asText()).contains("expired");
        assertThat(admin("GET", "/scim/clients/" + client.id(), null).body()).contains("\"expired\":true");
    }

    /** Both grants go to the one partition of the topic, in order: once the live one works, the expired one is known too. */
    @Test
    void anExpiredAccessTokenIs401AndALiveOneOfTheSameGrantWorks() {
        OAuthTopics topics = new OAuthTopics(stack);
        Gatehouse.Client client = client();
        String expired = Tokens.generate(Tokens.ACCESS_TOKEN_PREFIX);
        String live = Tokens.generate(Tokens.ACCESS_TOKEN_PREFIX);
        Instant now = Instant.now();
        topics.write(Tokens.hash(expired), new AccessGrant(stack.organization().id(), client.id(), client.secretId(),
                "client_secret_post", now.minusSeconds(3_600), now.minusSeconds(1), null));
        topics.write(Tokens.hash(live), new AccessGrant(stack.organization().id(), client.id(), client.secretId(),
                "client_secret_post", now, now.plusSeconds(3_600), null));
        assertThat(millisUntil(() -> listUsers(live), 200)).isLessThan(5_000);
        HttpResponse<String> refused = stack.scim("GET", "/Users", expired, null);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
    }

    @Test
    void deletingAClientOrTurningScimOffRevokesItsTokensWithinASecond() {
        Gatehouse.Client client = client();
        String token = stack.gatehouse().accessToken(client);
        assertThat(listUsers(token)).isEqualTo(200);
        assertThat(admin("DELETE", "/scim/clients/" + client.id(), null).statusCode()).isEqualTo(204);
        assertThat(millisUntil401(() -> listUsers(token))).isLessThan(1_000);
        assertOAuthError(token("grant_type=client_credentials", "Authorization", basic(client.id(), client.secret())),
                401, "invalid_client");

        Gatehouse.Organization other = stack.newTenant("Credentials off");
        Gatehouse.Client otherClient = stack.gatehouse().createClient(other.id());
        String otherToken = stack.gatehouse().accessToken(otherClient);
        assertThat(stack.scim("GET", "/Users", otherToken, null).statusCode()).isEqualTo(200);
        assertThat(stack.admin("PUT", "/admin/v1/tenants/" + other.id() + "/scim", "{\"enabled\":false}").statusCode())
                .isEqualTo(200);
        assertThat(millisUntil401(() -> stack.scim("GET", "/Users", otherToken, null).statusCode())).isLessThan(1_000);
        assertThat(stack.scim("GET", "/Users", other.token(), null).statusCode()).isEqualTo(401);
        assertOAuthError(token("grant_type=client_credentials", "Authorization", basic(otherClient.id(), otherClient.secret())),
                401, "invalid_client");
        HttpResponse<String> whileOff = stack.admin("POST", "/admin/v1/tenants/" + other.id() + "/scim/clients", null);
        assertThat(whileOff.statusCode()).as(whileOff.body()).isEqualTo(409);
        // Turned on again, the old client is gone: a new one is needed.
        assertThat(stack.admin("PUT", "/admin/v1/tenants/" + other.id() + "/scim", "{\"enabled\":true}").statusCode())
                .isEqualTo(200);
        assertThat(stack.admin("GET", "/admin/v1/tenants/" + other.id() + "/scim/clients", null).body())
                .doesNotContain(otherClient.id());
    }

    @Test
    void aTokenAndAClientActForTheirOwnOrganizationOnly() {
        Gatehouse.Organization other = stack.newTenant("Credentials neighbour");
        Gatehouse.Client neighbour = stack.gatehouse().createClient(other.id());
        HttpResponse<String> created = stack.scim("POST", "/Users", stack.gatehouse().accessToken(neighbour),
                "{\"userName\":\"only-here@neighbour.test\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        String id = json(created).get("id").asText();
        assertThat(stack.scim("GET", "/Users/" + id, stack.gatehouse().accessToken(client()), null).statusCode()).isEqualTo(404);
        // The neighbour's client is not this organization's to see, revoke or delete.
        assertThat(admin("GET", "/scim/clients/" + neighbour.id(), null).statusCode()).isEqualTo(404);
        assertThat(admin("DELETE", "/scim/clients/" + neighbour.id() + "/secrets/" + neighbour.secretId(), null).statusCode())
                .isEqualTo(404);
        assertThat(admin("DELETE", "/scim/clients/" + neighbour.id(), null).statusCode()).isEqualTo(404);
        assertThat(stack.gatehouse().accessToken(neighbour)).isNotBlank();
    }

    @Test
    void badTokenRequestsGetRfc6749Errors() {
        Gatehouse.Client client = client();
        String auth = basic(client.id(), client.secret());
        assertOAuthError(token("", "Authorization", auth), 400, "invalid_request");
        assertOAuthError(token("grant_type=password&username=a&password=b", "Authorization", auth), 400, "unsupported_grant_type");
        assertOAuthError(token("grant_type=authorization_code&code=x", "Authorization", auth), 400, "unsupported_grant_type");
        assertOAuthError(token("grant_type=client_credentials&scope=admin", "Authorization", auth), 400, "invalid_scope");
        assertThat(token("grant_type=client_credentials&scope=scim", "Authorization", auth).statusCode()).isEqualTo(200);
        assertOAuthError(token("grant_type=client_credentials&grant_type=client_credentials", "Authorization", auth),
                400, "invalid_request");
        assertOAuthError(token("grant_type=client_credentials"), 401, "invalid_client");
        assertOAuthError(token("grant_type=client_credentials&client_id=nobody&client_secret=nothing"), 401, "invalid_client");
        HttpResponse<String> malformed = token("grant_type=client_credentials", "Authorization", "Basic !!!");
        assertOAuthError(malformed, 401, "invalid_client");
        assertThat(malformed.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Basic");
        HttpResponse<String> json = ApiHttp.send(ApiHttp.request("POST",
                stack.base() + "/oauth2/token", "application/json",
                ApiHttp.body("{\"grant_type\":\"client_credentials\"}"), "Authorization", auth));
        assertOAuthError(json, 400, "invalid_request");
    }

    @Test
    void theMetadataNamesTheTokenEndpointGrantAndMethods() {
        HttpResponse<String> metadata = TestHttp.get(stack.base()
                + "/.well-known/oauth-authorization-server", null);
        assertThat(metadata.statusCode()).isEqualTo(200);
        JsonNode body = json(metadata);
        assertThat(body.get("issuer").asText()).isEqualTo(stack.base());
        assertThat(body.get("token_endpoint").asText()).isEqualTo(stack.base() + "/oauth2/token");
        assertThat(body.get("grant_types_supported").toString()).isEqualTo("[\"client_credentials\"]");
        assertThat(body.get("token_endpoint_auth_methods_supported").toString())
                .contains("client_secret_basic").contains("client_secret_post").contains("private_key_jwt");
        assertThat(body.get("token_endpoint_auth_signing_alg_values_supported").toString()).contains("RS256");
    }

    @Test
    void clientChangesAreValidatedAndNamedInTheAdminApi() {
        assertThat(admin("POST", "/scim/clients", "{\"secretLifetimeDays\":0}").statusCode()).isEqualTo(400);
        assertThat(admin("POST", "/scim/clients", "{\"secretLifetimeDays\":1096}").statusCode()).isEqualTo(400);
        assertThat(admin("POST", "/scim/clients", "{\"secretLifetimeDays\":\"x\"}").statusCode()).isEqualTo(400);
        assertThat(admin("POST", "/scim/clients", "{\"name\":\"" + "n".repeat(101) + "\"}").statusCode()).isEqualTo(400);
        HttpResponse<String> shortLived = admin("POST", "/scim/clients", "{\"name\":\"Entra\",\"secretLifetimeDays\":1}");
        assertThat(shortLived.statusCode()).as(shortLived.body()).isEqualTo(201);
        assertThat(shortLived.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(Instant.parse(json(shortLived).get("expiresAt").asText())).isBefore(Instant.now().plus(Duration.ofDays(1)));
        assertThat(admin("GET", "/scim/clients/nobody", null).statusCode()).isEqualTo(404);
        assertThat(admin("DELETE", "/scim/clients/nobody", null).statusCode()).isEqualTo(404);
        assertThat(stack.admin("POST", "/admin/v1/tenants/nobody/scim/clients", null).statusCode()).isEqualTo(404);
    }

    /** Each test starts below the organization's limit of 10 clients, whatever ran before it. */
    @AfterEach
    void deleteTheClients() {
        for (JsonNode client : json(admin("GET", "/scim/clients", null)).get("clients")) {
            assertThat(admin("DELETE", "/scim/clients/" + client.get("clientId").asText(), null).statusCode()).isEqualTo(204);
        }
    }

    private static Gatehouse.Client client() {
        return stack.gatehouse().createClient(stack.organization().id());
    }

    private static HttpResponse<String> admin(String method, String path, String body) {
        return stack.admin(method, "/admin/v1/tenants/" + stack.organization().id() + path, body);
    }

    private static HttpResponse<String> token(String form, String... headers) {
        return stack.gatehouse().tokenRequest(form, headers);
    }

    private static String accessToken(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response).get("access_token").asText();
    }

    private static int listUsers(String token) {
        return stack.scim("GET", "/Users?count=1", token, null).statusCode();
    }

    private static JsonNode clientView(JsonNode list, String clientId) {
        for (JsonNode client : list.get("clients")) {
            if (clientId == null || client.get("clientId").asText().equals(clientId)) {
                return client;
            }
        }
        throw new AssertionError("no client " + clientId + " in " + list);
    }

    static void assertOAuthError(HttpResponse<String> response, int status, String error) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(json(response).get("error").asText()).as(response.body()).isEqualTo(error);
        assertThat(json(response).get("error_description").asText()).isNotBlank();
    }

    private static long millisUntil401(IntSupplier status) {
        return millisUntil(status, 401);
    }

    /** How long until {@code status} answers {@code expected}; fails after 10 s. */
    static long millisUntil(IntSupplier status, int expected) {
        long start = System.nanoTime();
        while (status.getAsInt() != expected) {
            if (System.nanoTime() - start > 10_000_000_000L) {
                throw new AssertionError("still not " + expected + " after 10 s");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        return (System.nanoTime() - start) / 1_000_000;
    }
}
