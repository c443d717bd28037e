package dev.gatehouse.api;

import static dev.gatehouse.testkit.Gatehouse.ADMIN_KEY;
import static dev.gatehouse.testkit.TestHttp.assertScimError;
import static dev.gatehouse.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.launcher.TestStack;
import dev.gatehouse.testkit.ApiHttp;
import dev.gatehouse.testkit.Gatehouse;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Organizations over the admin API on a real broker and processor: SSO as SCIM's prerequisite, token
 * rotation and grace, the audit log, provisioning activity, and console sessions with CSRF.
 */
class OrganizationsApiIT {
    @RegisterExtension
    static final TestStack stack = TestStack.perClass();

    private static String newTenant(String name) {
        return json(stack.admin("POST", "/admin/v1/tenants", "{\"name\":\"" + name + "\"}")).get("id").asText();
    }

    /** A new organization with SSO configured and SCIM on, but no token yet. */
    private static String newTenantWithScim(String name) {
        String id = newTenant(name);
        stack.admin("PUT", "/admin/v1/tenants/" + id + "/sso", Gatehouse.ssoBody());
        stack.admin("PUT", "/admin/v1/tenants/" + id + "/scim", "{\"enabled\":true}");
        return id;
    }

    @Test
    void scimCannotBeEnabledWithoutSsoAndSsoIsValidated() {
        String id = newTenant("No SSO Inc");
        HttpResponse<String> refused = stack.admin("PUT", "/admin/v1/tenants/" + id + "/scim", "{\"enabled\":true}");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(json(refused).get("error").asText()).contains("single sign-on").contains("/sso");
        assertThat(json(stack.admin("GET", "/admin/v1/tenants/" + id, null)).get("scimEnabled").asBoolean()).isFalse();

        String path = "/admin/v1/tenants/" + id + "/sso";
        assertThat(stack.admin("PUT", path, "{\"provider\":\"okta\",\"directoryId\":\"" + UUID.randomUUID() + "\",\"domains\":[\"a.com\"]}")
                .statusCode()).isEqualTo(400);
        assertThat(json(stack.admin("PUT", path, "{\"provider\":\"entra-id\",\"directoryId\":\"not-a-guid\",\"domains\":[\"a.com\"]}"))
                .get("error").asText()).contains("GUID");
        assertThat(stack.admin("PUT", path, "{\"provider\":\"entra-id\",\"directoryId\":\"" + UUID.randomUUID() + "\",\"domains\":[]}")
                .statusCode()).isEqualTo(400);
        assertThat(stack.admin("PUT", path, "{\"provider\":\"entra-id\",\"directoryId\":\"" + UUID.randomUUID() + "\",\"domains\":[\"not a domain\"]}")
                .statusCode()).isEqualTo(400);
        assertThat(stack.admin("PUT", "/admin/v1/tenants/nope/sso", Gatehouse.ssoBody()).statusCode()).isEqualTo(404);

        String directory = UUID.randomUUID().toString().toUpperCase();
        HttpResponse<String> saved = stack.admin("PUT", path,
                "{\"provider\":\"Entra-ID\",\"directoryId\":\"" + directory + "\",\"domains\":[\"Sso-" + id.substring(0, 8) + ".Example.com\"]}");
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        JsonNode sso = json(saved).get("sso");
        assertThat(sso.get("provider").asText()).isEqualTo("entra-id");
        assertThat(sso.get("directoryId").asText()).isEqualTo(directory.toLowerCase());
        assertThat(sso.get("domains").get(0).asText()).isEqualTo("sso-" + id.substring(0, 8) + ".example.com");

        String other = newTenant("Same Directory Ltd");
        HttpResponse<String> taken = stack.admin("PUT", "/admin/v1/tenants/" + other + "/sso",
                "{\"provider\":\"entra-id\",\"directoryId\":\"" + directory + "\",\"domains\":[\"other-" + id.substring(0, 8) + ".example.com\"]}");
        assertThat(taken.statusCode()).isEqualTo(409);

        assertThat(stack.admin("PUT", "/admin/v1/tenants/" + id + "/scim", "{\"enabled\":true}").statusCode()).isEqualTo(200);
    }

    @Test
    void aNewTokenRevokesThePreviousUnlessAGracePeriodIsAsked() {
        String id = newTenantWithScim("Rotation");
        String first = token(id, null);
        assertThat(stack.scim("POST", "/Users", first, "{\"userName\":\"first@rotation.test\"}").statusCode()).isEqualTo(201);

        String second = token(id, null);
        HttpResponse<String> revoked = stack.scim("POST", "/Users", first, "{\"userName\":\"again@rotation.test\"}");
        assertScimError(revoked, 401, null);
        assertThat(revoked.body()).doesNotContain(first);
        assertThat(stack.scim("GET", "/Users", second, null).statusCode()).isEqualTo(200);

        String third = token(id, "{\"graceSeconds\":3600}");
        assertThat(stack.scim("GET", "/Users", second, null).statusCode()).as("within the grace period").isEqualTo(200);
        assertThat(stack.scim("GET", "/Users", third, null).statusCode()).isEqualTo(200);
        assertThat(json(stack.admin("GET", "/admin/v1/tenants/" + id, null)).get("activeTokens").asInt()).isEqualTo(2);
        assertThat(stack.admin("POST", "/admin/v1/tenants/" + id + "/scim/token", "{\"graceSeconds\":-1}").statusCode()).isEqualTo(400);
        assertThat(stack.admin("POST", "/admin/v1/tenants/" + id + "/scim/token", "{\"graceSeconds\":\"soon\"}").statusCode()).isEqualTo(400);

        stack.admin("PUT", "/admin/v1/tenants/" + id + "/scim", "{\"enabled\":false}");
        assertScimError(stack.scim("GET", "/Users", second, null), 401, null);
        assertScimError(stack.scim("GET", "/Users", third, null), 401, null);
    }

    @Test
    void everyAdminActionIsInTheAuditLogWithoutSecrets() {
        String id = newTenantWithScim("Audited");
        String token = token(id, null);
        stack.admin("PUT", "/admin/v1/tenants/" + id + "/scim", "{\"enabled\":false}");

        HttpResponse<String> log = stack.admin("GET", "/admin/v1/tenants/" + id + "/audit", null);
        assertThat(log.statusCode()).isEqualTo(200);
        JsonNode entries = json(log);
        assertThat(entries.findValuesAsText("action"))
                .containsExactly("scim.disable", "token.generate", "scim.enable", "sso.set", "tenant.create");
        for (JsonNode entry : entries) {
            assertThat(entry.get("actor").asText()).startsWith("admin-key:").doesNotContain(ADMIN_KEY);
            assertThat(entry.get("channel").asText()).isEqualTo("api");
            assertThat(entry.get("source").asText()).isNotBlank();
            assertThat(entry.get("at").asText()).isNotBlank();
            assertThat(entry.get("tenantId").asText()).isEqualTo(id);
        }
        assertThat(log.body()).doesNotContain(token).doesNotContain(ADMIN_KEY);
        assertThat(json(stack.admin("GET", "/admin/v1/audit?limit=1000", null)).findValuesAsText("tenantId")).contains(id);
        assertThat(stack.admin("GET", "/admin/v1/audit?limit=0", null).statusCode()).isEqualTo(400);
        assertThat(stack.admin("GET", "/admin/v1/tenants/nope/audit", null).statusCode()).isEqualTo(404);
    }

    @Test
    void provisioningActivityShowsEachOperationAndItsError() {
        String id = newTenantWithScim("Active");
        String token = token(id, null);
        String userId = json(stack.scim("POST", "/Users", token, "{\"userName\":\"ann@active.test\"}")).get("id").asText();
        assertThat(stack.scim("POST", "/Users", token, "{\"userName\":\"ann@active.test\"}").statusCode()).isEqualTo(409);
        stack.scim("GET", "/Users/" + userId, token, null);

        JsonNode activity = json(stack.admin("GET", "/admin/v1/tenants/" + id + "/activity", null));
        assertThat(activity).hasSize(3);
        assertThat(activity.get(0).get("operation").asText()).isEqualTo("read");
        assertThat(activity.get(0).get("resource").asText()).isEqualTo("Users/" + userId);
        assertThat(activity.get(1).get("operation").asText()).isEqualTo("create");
        assertThat(activity.get(1).get("status").asInt()).isEqualTo(409);
        assertThat(activity.get(1).get("outcome").asText()).isEqualTo("failure");
        assertThat(activity.get(1).get("detail").asText()).isNotBlank();
        assertThat(activity.get(2).get("status").asInt()).isEqualTo(201);
        assertThat(activity.get(2).get("outcome").asText()).isEqualTo("success");
        assertThat(activity.get(2).get("at").asText()).isNotBlank();
    }

    @Test
    void theConsoleSignsInWithAnHttpOnlyStrictCookieAndEveryWriteNeedsItsCsrfToken() throws Exception {
        assertThat(request("POST", "/console/api/session", "{\"adminKey\":\"wrong\"}", null, null).statusCode()).isEqualTo(401);
        HttpResponse<String> signedIn = request("POST", "/console/api/session", "{\"adminKey\":\"" + ADMIN_KEY + "\"}", null, null);
        assertThat(signedIn.statusCode()).isEqualTo(200);
        String setCookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith("gh_console=").contains("HttpOnly").contains("SameSite=Strict").contains("Path=/");
        assertThat(setCookie).doesNotContain(ADMIN_KEY);
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        String csrf = json(signedIn).get("csrfToken").asText();

        assertThat(request("GET", "/admin/v1/tenants", null, cookie, null).statusCode()).isEqualTo(200);
        assertThat(request("POST", "/admin/v1/tenants", "{\"name\":\"No CSRF\"}", cookie, null).statusCode()).isEqualTo(403);
        assertThat(request("POST", "/admin/v1/tenants", "{\"name\":\"Bad CSRF\"}", cookie, "x" + csrf).statusCode()).isEqualTo(403);
        HttpResponse<String> created = request("POST", "/admin/v1/tenants", "{\"name\":\"Console Org\"}", cookie, csrf);
        assertThat(created.statusCode()).isEqualTo(201);
        HttpResponse<String> crossOrigin = ApiHttp.send(ApiHttp.request("POST", stack.base() + "/admin/v1/tenants", null,
                ApiHttp.body("{\"name\":\"Evil\"}"), "Cookie", cookie, "X-CSRF-Token", csrf, "Origin", "https://evil.example"));
        assertThat(crossOrigin.statusCode()).isEqualTo(403);
        JsonNode audit = json(stack.admin("GET", "/admin/v1/tenants/" + json(created).get("id").asText() + "/audit", null));
        assertThat(audit.get(0).get("channel").asText()).isEqualTo("console");
        assertThat(request("GET", "/admin/v1/tenants", null, "gh_console=forged.1.abc", null).statusCode()).isEqualTo(401);

        assertThat(request("DELETE", "/console/api/session", null, cookie, csrf).statusCode()).isEqualTo(204);
        assertThat(request("GET", "/admin/v1/tenants", null, cookie, null).statusCode()).as("signed out").isEqualTo(401);

        HttpResponse<String> page = request("GET", "/console", null, null, null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Gatehouse");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("frame-ancestors 'none'");
        assertThat(request("GET", "/console/app.js", null, null, null).headers().firstValue("Content-Type").orElse(""))
                .startsWith("text/javascript");
        assertThat(request("GET", "/console/secret.txt", null, null, null).statusCode()).isEqualTo(404);
    }

    private static String token(String id, String body) {
        HttpResponse<String> response = stack.admin("POST", "/admin/v1/tenants/" + id + "/scim/token", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        return json(response).get("token").asText();
    }

    private static HttpResponse<String> request(String method, String path, String body, String cookie, String csrf) {
        HttpRequest.Builder request = ApiHttp.request(method, stack.base() + path, "application/json", ApiHttp.body(body));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        if (csrf != null) {
            request.header("X-CSRF-Token", csrf);
        }
        return ApiHttp.send(request);
    }
}
