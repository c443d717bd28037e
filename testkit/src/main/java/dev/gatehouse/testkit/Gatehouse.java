package dev.gatehouse.testkit;

import static dev.gatehouse.testkit.TestHttp.bearer;
import static dev.gatehouse.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/**
 * A running ingest API as a test sees it: its admin API (with the operator's key) and its SCIM API (with
 * an organization's token), and the four steps that make an organization ready for provisioning.
 */
public final class Gatehouse {
    /** The operator's admin key of the stacks tests start. */
    public static final String ADMIN_KEY = "test-admin-key";

    private final String base;
    private final String adminKey;

    /** {@code base}: the API's root URL, e.g. {@code http://127.0.0.1:8080}. */
    public Gatehouse(String base, String adminKey) {
        this.base = base;
        this.adminKey = adminKey;
    }

    public String base() {
        return base;
    }

    /** An organization ready for provisioning: its id and its SCIM token. */
    public record Organization(String id, String token) {
    }

    /**
     * Onboards an organization as its owner would: create it, configure SSO (a directory and a domain of
     * its own), turn SCIM on, generate the token. Each step must succeed.
     */
    public Organization onboard(String name) {
        String id = json(expect(201, admin("POST", "/admin/v1/tenants", "{\"name\":\"" + name + "\"}"), "create")).get("id").asText();
        expect(200, admin("PUT", "/admin/v1/tenants/" + id + "/sso", ssoBody()), "configure SSO");
        expect(200, admin("PUT", "/admin/v1/tenants/" + id + "/scim", "{\"enabled\":true}"), "turn SCIM on");
        String token = json(expect(201, admin("POST", "/admin/v1/tenants/" + id + "/scim/token", null), "generate a token"))
                .get("token").asText();
        return new Organization(id, token);
    }

    /** An organization's OAuth client for SCIM: its id, and its first secret with that secret's id. */
    public record Client(String id, String secret, String secretId) {
    }

    /** Creates an OAuth client of organization {@code tenantId} (SCIM must be on); 201 expected. */
    public Client createClient(String tenantId) {
        JsonNode created = json(expect(201, admin("POST", "/admin/v1/tenants/" + tenantId + "/scim/clients", null), "create a client"));
        return new Client(created.get("clientId").asText(), created.get("clientSecret").asText(), created.get("secretId").asText());
    }

    /** {@code POST /oauth2/token} with the form {@code form} and {@code headers} (name, value, ...). */
    public HttpResponse<String> tokenRequest(String form, String... headers) {
        return ApiHttp.send(ApiHttp.request("POST", base + "/oauth2/token", "application/x-www-form-urlencoded",
                ApiHttp.body(form), headers));
    }

    /** {@code POST /oauth2/token} for the client credentials grant, the id and secret in the body (client_secret_post). */
    public HttpResponse<String> tokenRequest(String clientId, String secret) {
        return tokenRequest("grant_type=client_credentials&client_id=" + encode(clientId) + "&client_secret=" + encode(secret));
    }

    /** An access token for {@code client} (client credentials in the body): a 200 Bearer answer that expires. */
    public String accessToken(Client client) {
        return accessToken(client.id(), client.secret());
    }

    /** An access token for the client's id and secret (in the body): a 200 Bearer answer that expires. */
    public String accessToken(String clientId, String secret) {
        JsonNode answer = json(expect(200, tokenRequest(clientId, secret), "get an access token"));
        assertThat(answer.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(answer.path("expires_in").asLong()).isPositive();
        return answer.path("access_token").asText();
    }

    /** Asserts that the token endpoint refuses the client's id and secret: 401 {@code invalid_client}. */
    public void assertTokenRefused(String clientId, String secret) {
        HttpResponse<String> answer = tokenRequest(clientId, secret);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(401);
        assertThat(json(answer).path("error").asText()).isEqualTo("invalid_client");
    }

    /** An {@code Authorization} header value for HTTP Basic with the form-encoded id and secret (RFC 6749 §2.3.1). */
    public static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((encode(id) + ":" + encode(secret))
                .getBytes(StandardCharsets.UTF_8));
    }

    /** A valid SSO configuration with a directory and a domain of its own. */
    public static String ssoBody() {
        String unique = UUID.randomUUID().toString();
        return "{\"provider\":\"entra-id\",\"directoryId\":\"" + unique + "\",\"domains\":[\"d"
                + unique.substring(0, 8) + ".example.com\"]}";
    }

    /** A SCIM PATCH request body (RFC 7644 §3.5.2) with {@code operations}, a JSON array written as it is. */
    public static String patchBody(String operations) {
        return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":" + operations + "}";
    }

    /** A call to the admin API ({@code path} from the root, e.g. {@code /admin/v1/tenants}) with the operator's key. */
    public HttpResponse<String> admin(String method, String path, String body) {
        return TestHttp.send(method, base + path, bearer(adminKey), body);
    }

    /** A call to the SCIM API ({@code path} below {@code /scim/v2}) with an organization's token. */
    public HttpResponse<String> scim(String method, String path, String token, String body) {
        return TestHttp.send(method, base + "/scim/v2" + path, bearer(token), body);
    }

    /** {@code value} percent-encoded for a query parameter. */
    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> expect(int status, HttpResponse<String> response, String step) {
        if (response.statusCode() != status) {
            throw new AssertionError("onboarding: " + step + " answered " + response.statusCode() + " " + response.body());
        }
        return response;
    }
}
