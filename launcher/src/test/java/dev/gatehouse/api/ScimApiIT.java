package dev.gatehouse.api;

import static dev.gatehouse.testkit.Gatehouse.ADMIN_KEY;
import static dev.gatehouse.testkit.TestHttp.assertScimError;
import static dev.gatehouse.testkit.TestHttp.json;
import static dev.gatehouse.testkit.TestHttp.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.launcher.TestStack;
import dev.gatehouse.testkit.EntraDefaultMapping;
import dev.gatehouse.testkit.Gatehouse;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The SCIM and admin API over HTTP, on a real broker with the real stream processor. */
class ScimApiIT {
    @RegisterExtension
    static final TestStack stack = TestStack.perClass();

    @Test
    void adminCallsNeedTheAdminKey() {
        assertThat(send("POST", stack.base() + "/admin/v1/tenants", null, "{\"name\":\"X\"}").statusCode()).isEqualTo(401);
        assertThat(send("POST", stack.base() + "/admin/v1/tenants", "Bearer wrong", "{\"name\":\"X\"}").statusCode()).isEqualTo(401);
        assertThat(send("POST", stack.base() + "/admin/v1/tenants", "Bearer " + ADMIN_KEY, "{}").statusCode()).isEqualTo(400);
    }

    @Test
    void aTokenIsGeneratedOnlyWhileScimIsEnabledAndShownOnce() {
        String id = json(admin("POST", "/admin/v1/tenants", "{\"name\":\"Initech\"}")).get("id").asText();
        assertThat(admin("POST", "/admin/v1/tenants/" + id + "/scim/token", null).statusCode()).isEqualTo(409);
        assertThat(admin("PUT", "/admin/v1/tenants/" + id + "/sso", Gatehouse.ssoBody()).statusCode()).isEqualTo(200);
        admin("PUT", "/admin/v1/tenants/" + id + "/scim", "{\"enabled\":true}");
        HttpResponse<String> token = admin("POST", "/admin/v1/tenants/" + id + "/scim/token", null);
        assertThat(token.statusCode()).isEqualTo(201);
        assertThat(json(token).get("token").asText()).startsWith("gh_scim_");
        String shown = admin("GET", "/admin/v1/tenants/" + id, null).body();
        assertThat(shown).doesNotContain(json(token).get("token").asText()).contains("\"activeTokens\":1");
        assertThat(admin("GET", "/admin/v1/tenants/nope", null).statusCode()).isEqualTo(404);
    }

    @Test
    void userLifecycleOverScim() {
        String token = newTenantToken("Acme");
        HttpResponse<String> created = scim("POST", "/Users", token,
                "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"Alice@Acme.test\",\"active\":true}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Content-Type").orElse("")).startsWith("application/scim+json");
        JsonNode user = json(created);
        String id = user.get("id").asText();
        assertThat(created.headers().firstValue("Location")).contains(stack.base() + "/scim/v2/Users/" + id);
        assertThat(user.get("meta").get("location").asText()).isEqualTo(stack.base() + "/scim/v2/Users/" + id);
        assertThat(created.headers().firstValue("ETag")).contains(user.get("meta").get("version").asText());

        HttpResponse<String> read = scim("GET", "/Users/" + id, token, null);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(json(read).get("userName").asText()).isEqualTo("Alice@Acme.test");

        JsonNode hit = json(scim("GET", "/Users?filter=" + encode("userName eq \"alice@acme.test\""), token, null));
        assertThat(hit.get("totalResults").asInt()).isEqualTo(1);
        assertThat(hit.get("Resources").get(0).get("id").asText()).isEqualTo(id);
        HttpResponse<String> none = scim("GET", "/Users?filter=" + encode("userName eq \"0f5e-guid\""), token, null);
        assertThat(none.statusCode()).isEqualTo(200);
        assertThat(json(none).get("totalResults").asInt()).isZero();

        HttpResponse<String> patched = scim("PATCH", "/Users/" + id, token, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                + "\"Operations\":[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}]}");
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(204);
        assertThat(json(scim("GET", "/Users/" + id, token, null)).get("active").asBoolean()).isFalse();
        HttpResponse<String> asked = scim("PATCH", "/Users/" + id + "?attributes=active", token,
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                        + "\"Operations\":[{\"op\":\"replace\",\"value\":{\"displayName\":\"Alice\"}}]}");
        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(200);
        assertThat(json(asked).has("displayName")).isFalse();
        assertThat(json(asked).get("active").asBoolean()).isFalse();

        assertThat(scim("DELETE", "/Users/" + id, token, null).statusCode()).isEqualTo(204);
        assertScimError(scim("GET", "/Users/" + id, token, null), 404, null);
        assertScimError(scim("DELETE", "/Users/" + id, token, null), 404, null);
    }

    @Test
    void duplicatesAndBadInputGetScimErrors() {
        String token = newTenantToken("Globex");
        String body = "{\"userName\":\"bob@globex.test\"}";
        assertThat(scim("POST", "/Users", token, body).statusCode()).isEqualTo(201);
        assertScimError(scim("POST", "/Users", token, "{\"userName\":\"BOB@globex.test\"}"), 409, "uniqueness");
        assertScimError(scim("POST", "/Users", token, "{\"userName\": "), 400, "invalidSyntax");
        assertScimError(scim("POST", "/Users", token, "[1,2]"), 400, "invalidSyntax");
        assertScimError(scim("POST", "/Users", token, "{\"displayName\":\"no userName\"}"), 400, "invalidValue");
        assertScimError(scim("GET", "/Users?filter=" + encode("userName eq"), token, null), 400, "invalidFilter");
        assertScimError(scim("GET", "/Widgets", token, null), 404, null);
    }

    @Test
    void wrongOrRevokedTokensGet401() {
        assertScimError(scim("GET", "/Users", "gh_scim_not-a-token", null), 401, null);
        assertThat(scim("GET", "/Users", "gh_scim_not-a-token", null).headers().firstValue("WWW-Authenticate")).isPresent();
        String tenantId = json(admin("POST", "/admin/v1/tenants", "{\"name\":\"Revoked\"}")).get("id").asText();
        admin("PUT", "/admin/v1/tenants/" + tenantId + "/sso", Gatehouse.ssoBody());
        admin("PUT", "/admin/v1/tenants/" + tenantId + "/scim", "{\"enabled\":true}");
        String token = json(admin("POST", "/admin/v1/tenants/" + tenantId + "/scim/token", null)).get("token").asText();
        assertThat(scim("GET", "/Users", token, null).statusCode()).isEqualTo(200);
        String rotated = json(admin("POST", "/admin/v1/tenants/" + tenantId + "/scim/token", null)).get("token").asText();
        assertScimError(scim("GET", "/Users", token, null), 401, null);
        assertThat(scim("GET", "/Users", rotated, null).statusCode()).isEqualTo(200);
        admin("PUT", "/admin/v1/tenants/" + tenantId + "/scim", "{\"enabled\":false}");
        assertScimError(scim("GET", "/Users", rotated, null), 401, null);
    }

    @Test
    void groupMemberPatchAnswers204AndMembersCanBeExcluded() {
        String token = newTenantToken("Hooli");
        String userId = json(scim("POST", "/Users", token, "{\"userName\":\"gavin@hooli.test\"}")).get("id").asText();
        HttpResponse<String> group = scim("POST", "/Groups", token, "{\"displayName\":\"Lobby\"}");
        assertThat(group.statusCode()).as(group.body()).isEqualTo(201);
        String groupId = json(group).get("id").asText();
        HttpResponse<String> added = scim("PATCH", "/Groups/" + groupId, token,
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"Add\",\"path\":\"members\","
                        + "\"value\":[{\"$ref\":null,\"value\":\"" + userId + "\"}]}]}");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(204);
        // With attributes asked for, the PATCH answers the group as a GET would show it, members included.
        HttpResponse<String> asked = scim("PATCH", "/Groups/" + groupId + "?attributes=members,displayName", token,
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"replace\","
                        + "\"path\":\"displayName\",\"value\":\"Main lobby\"}]}");
        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(200);
        assertThat(json(asked).get("displayName").asText()).isEqualTo("Main lobby");
        assertThat(json(asked).get("members").get(0).get("value").asText()).isEqualTo(userId);
        JsonNode withMembers = json(scim("GET", "/Groups/" + groupId, token, null));
        assertThat(withMembers.get("members").get(0).get("value").asText()).isEqualTo(userId);
        JsonNode without = json(scim("GET", "/Groups?excludedAttributes=members&filter=" + encode("displayName eq \"main LOBBY\""), token, null));
        assertThat(without.get("totalResults").asInt()).isEqualTo(1);
        assertThat(without.get("Resources").get(0).has("members")).isFalse();
    }

    @Test
    void listsPageAndSortAsAsked() {
        String token = newTenantToken("Sorted");
        for (String name : new String[] {"carol", "alice", "bob"}) {
            scim("POST", "/Users", token, "{\"userName\":\"" + name + "@sorted.test\",\"name\":{\"familyName\":\""
                    + name.toUpperCase() + "\"}}");
        }
        JsonNode ascending = json(scim("GET", "/Users?sortBy=name.familyName&startIndex=1&count=2", token, null));
        assertThat(ascending.get("totalResults").asInt()).isEqualTo(3);
        assertThat(ascending.get("itemsPerPage").asInt()).isEqualTo(2);
        assertThat(ascending.get("Resources").findValuesAsText("userName")).containsExactly("alice@sorted.test", "bob@sorted.test");
        JsonNode descending = json(scim("GET", "/Users?sortBy=userName&sortOrder=descending&startIndex=3", token, null));
        assertThat(descending.get("Resources").findValuesAsText("userName")).containsExactly("alice@sorted.test");
        JsonNode countOnly = json(scim("GET", "/Users?count=0", token, null));
        assertThat(countOnly.get("totalResults").asInt()).isEqualTo(3);
        assertThat(countOnly.has("Resources")).isFalse();
        assertScimError(scim("GET", "/Users?sortBy=userName&sortOrder=sideways", token, null), 400, "invalidValue");
    }

    @Test
    void tenantsCannotSeeEachOther() {
        String a = newTenantToken("A Corp");
        String b = newTenantToken("B Corp");
        String id = json(scim("POST", "/Users", a, "{\"userName\":\"shared@name.test\"}")).get("id").asText();
        assertScimError(scim("GET", "/Users/" + id, b, null), 404, null);
        assertScimError(scim("DELETE", "/Users/" + id, b, null), 404, null);
        assertThat(json(scim("GET", "/Users?filter=" + encode("userName eq \"shared@name.test\""), b, null))
                .get("totalResults").asInt()).isZero();
        assertThat(scim("POST", "/Users", b, "{\"userName\":\"shared@name.test\"}").statusCode()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(scim("GET", "/Users/" + id, a, null).statusCode()).isEqualTo(200));
    }

    @Test
    void discoveryEndpointsAnswerAndNeedAuth() {
        String token = newTenantToken("Discovery");
        JsonNode config = json(scim("GET", "/ServiceProviderConfig", token, null));
        assertThat(config.get("patch").get("supported").asBoolean()).isTrue();
        assertThat(config.get("bulk").get("supported").asBoolean()).isFalse();
        assertThat(scim("GET", "/serviceConfiguration", token, null).statusCode()).isEqualTo(200);
        assertThat(json(scim("GET", "/ResourceTypes", token, null)).get("totalResults").asInt()).isEqualTo(2);
        JsonNode schemas = json(scim("GET", "/Schemas", token, null)).get("Resources");
        assertThat(schemas.findValuesAsText("id")).contains("urn:ietf:params:scim:schemas:core:2.0:Group");
        EntraDefaultMapping.assertDiscoverable(schemas);
        JsonNode user = json(scim("GET", "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User", token, null));
        assertThat(user.get("description").asText()).isEqualTo("User Account");
        assertThat(user.get("attributes").findValuesAsText("name"))
                .contains("userName", "externalId", "active", "metadata", "emails");
        assertThat(json(scim("GET", "/ResourceTypes/Group", token, null)).get("endpoint").asText()).isEqualTo("/Groups");
        assertScimError(scim("GET", "/Schemas/urn:nope", token, null), 404, null);
        assertScimError(scim("GET", "/ServiceProviderConfig", "nope", null), 401, null);
    }

    private static String newTenantToken(String name) {
        return stack.newTenantToken(name);
    }

    private static HttpResponse<String> admin(String method, String path, String body) {
        return stack.admin(method, path, body);
    }

    private static HttpResponse<String> scim(String method, String path, String token, String body) {
        return stack.scim(method, path, token, body);
    }

    private static String encode(String value) {
        return Gatehouse.encode(value);
    }
}
