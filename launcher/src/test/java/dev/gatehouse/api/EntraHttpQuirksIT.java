package dev.gatehouse.api;

import static dev.gatehouse.testkit.Gatehouse.patchBody;
import static dev.gatehouse.testkit.TestHttp.assertScimError;
import static dev.gatehouse.testkit.TestHttp.bearer;
import static dev.gatehouse.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.launcher.TestStack;
import dev.gatehouse.scim.ScimJson;
import dev.gatehouse.testkit.ApiHttp;
import dev.gatehouse.testkit.Gatehouse;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * docs/entra-id.md §6, the quirks that live in HTTP (status codes, content types, query encoding, error
 * bodies), against the real stack: the ingest API and the stream processor on the test broker. Each
 * test has its own organization. Numbers are the doc's.
 */
class EntraHttpQuirksIT {
    private static final String LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    @RegisterExtension
    static final TestStack stack = TestStack.perClass();

    @Test
    void quirk12_randomGuidFilterQueriesAnswer200WithAnEmptyListResponse() {
        String token = stack.newTenantToken("Quirk 12");
        // Test Connection and the start of every cycle [S16, S1]: a 404 here would quarantine the job.
        for (String query : List.of(
                "/Users?filter=userName+eq+%22cf4d78e8-cc4f-4d5d-b8b9-183561c0104a%22",
                "/Users?filter=externalId+eq+%22cf4d78e8-cc4f-4d5d-b8b9-183561c0104a%22",
                "/Groups?excludedAttributes=members&filter=displayName+eq+%22cf4d78e8-cc4f-4d5d-b8b9-183561c0104a%22")) {
            HttpResponse<String> response = stack.scim("GET", query, token, null);
            assertThat(response.statusCode()).as(query).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/scim+json");
            assertThat(json(response)).as(query).isEqualTo(parse("""
                    {"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":0,"startIndex":1,
                     "itemsPerPage":0,"Resources":[]}"""));
        }
        // The phantom user was only looked up, never created.
        assertThat(json(stack.scim("GET", "/Users", token, null)).get("totalResults").asInt()).isZero();
    }

    @Test
    void quirk13_filterEncodingPlusForSpacesRawOrPercentQuotesAndUnquotedValues() {
        String token = stack.newTenantToken("Quirk 13");
        String id = created(stack.scim("POST", "/Users", token,
                "{\"userName\":\"jyoung@contoso.com\",\"externalId\":\"jyoung\"}"));

        List<String> encodings = List.of(
                "filter=userName+eq+%22jyoung@contoso.com%22",      // '+' for spaces, %22 quotes [S16]
                "filter=userName%20eq%20%22jyoung%40contoso.com%22", // fully percent-encoded
                "filter=externalId+eq+jyoung",                       // unquoted, legacy doc [S1]
                "filter=userName+Eq+%22JYOUNG@contoso.com%22");      // any case
        for (String query : encodings) {
            JsonNode list = json(stack.scim("GET", "/Users?" + query, token, null));
            assertThat(ids(list)).as(query).containsExactly(id);
        }
        // Literal quotes in the request line, as the Broadcom KB captured them [S34]: no HTTP client
        // library sends that, so it goes over a plain socket.
        try (RawConnection connection = new RawConnection(stack.base())) {
            RawConnection.Response raw = connection.send("GET", "/scim/v2/Users?filter=userName+eq+\"jyoung@contoso.com\"",
                    "Authorization: " + bearer(token), "Connection: close");
            assertThat(raw.status()).as(raw.body()).isEqualTo(200);
            assertThat(ids(parse(raw.body()))).containsExactly(id);
        }
    }

    @Test
    void quirk14_membersAreNeverReadBackAndExcludedAttributesMembersLeavesThemOut() {
        String token = stack.newTenantToken("Quirk 14");
        String u1 = created(stack.scim("POST", "/Users", token, "{\"userName\":\"a@q14.test\",\"displayName\":\"A\"}"));
        String u2 = created(stack.scim("POST", "/Users", token, "{\"userName\":\"b@q14.test\"}"));
        String group = created(stack.scim("POST", "/Groups", token, """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"externalId":"e14","displayName":"Doors 14"}"""));
        // §3 item 4: 204 without a member list echoed back.
        HttpResponse<String> added = stack.scim("PATCH", "/Groups/" + group, token, patchBody(
                "[{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"$ref\":null,\"value\":\"" + u1 + "\"},{\"$ref\":null,\"value\":\""
                + u2 + "\"}]}]"));
        assertThat(added.statusCode()).as(added.body()).isEqualTo(204);
        assertThat(added.body()).isEmpty();

        ObjectNode full = (ObjectNode) json(stack.scim("GET", "/Groups/" + group, token, null));
        assertThat(full.get("members")).hasSize(2);
        HttpResponse<String> byId = stack.scim("GET", "/Groups/" + group + "?excludedAttributes=members", token, null);
        String filter = "&filter=" + Gatehouse.encode("displayName eq \"doors 14\"");
        ObjectNode fullList = (ObjectNode) json(stack.scim("GET", "/Groups?count=10" + filter, token, null));
        JsonNode listed = json(stack.scim("GET", "/Groups?excludedAttributes=members&count=10" + filter, token, null));
        JsonNode onlyName = json(stack.scim("GET", "/Groups/" + group + "?attributes=displayName", token, null));

        // Identical to the full answer less its members (the processor no longer reads them for these).
        ObjectNode expected = full.deepCopy();
        expected.remove("members");
        assertThat(byId.statusCode()).isEqualTo(200);
        assertThat(json(byId)).isEqualTo(expected);
        assertThat(byId.headers().firstValue("ETag")).contains(full.at("/meta/version").asText());
        ObjectNode expectedList = fullList.deepCopy();
        ((ObjectNode) expectedList.get("Resources").get(0)).remove("members");
        assertThat(listed).isEqualTo(expectedList);
        assertThat(onlyName.fieldNames()).toIterable().containsExactlyInAnyOrder("schemas", "id", "displayName");
        // Asking for members still shows them.
        assertThat(json(stack.scim("GET", "/Groups/" + group + "?attributes=members", token, null)).get("members"))
                .hasSize(2);
    }

    @Test
    void quirk18_aRetriedPostIs409WithAScimBodyAndTheFilterFindsTheExistingUser() {
        String token = stack.newTenantToken("Quirk 18");
        String body = """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"slow@q18.test","externalId":"slow","active":true}""";
        String id = created(stack.scim("POST", "/Users", token, body));

        HttpResponse<String> again = stack.scim("POST", "/Users", token, body);

        assertScimError(again, 409, "uniqueness");
        assertThat(json(again).get("detail").asText()).contains("userName");
        // Entra does not fall back to matching: its next cycle's GET must find the user the 409 is about.
        assertThat(ids(json(stack.scim("GET", "/Users?filter=userName+eq+%22slow@q18.test%22", token, null))))
                .containsExactly(id);
        assertThat(json(stack.scim("GET", "/Users", token, null)).get("totalResults").asInt()).isEqualTo(1);
        // The validator's "Create duplicate Group" likewise.
        String group = "{\"displayName\":\"Dup 18\"}";
        created(stack.scim("POST", "/Groups", token, group));
        assertScimError(stack.scim("POST", "/Groups", token, group), 409, "uniqueness");
    }

    @Test
    void quirk19_everyAnswerIsApplicationScimJsonNeverApplicationJson() {
        String token = stack.newTenantToken("Quirk 19");
        HttpResponse<String> posted = ApiHttp.send(request("POST", "/scim/v2/Users", token, "application/json; charset=utf-8",
                "{\"userName\":\"ct@q19.test\"}"));
        String id = created(posted);
        List<HttpResponse<String>> answers = new ArrayList<>(List.of(posted,
                stack.scim("GET", "/Users/" + id, token, null),
                stack.scim("GET", "/Users?filter=userName+eq+%22ct@q19.test%22", token, null),
                stack.scim("POST", "/Users", token, "{\"userName\":\"ct@q19.test\"}"),
                stack.scim("POST", "/Users", token, "{\"userName\":"),
                stack.scim("GET", "/Users?filter=userName+eq", token, null),
                stack.scim("GET", "/Users/nobody", token, null),
                stack.scim("GET", "/Users", "wrong-token", null),
                stack.scim("PATCH", "/Users", token, "{}"),
                stack.scim("GET", "/Nope", token, null),
                stack.scim("GET", "/ServiceProviderConfig", token, null),
                stack.scim("GET", "/serviceConfiguration", token, null),
                stack.scim("GET", "/Schemas", token, null),
                stack.scim("GET", "/ResourceTypes", token, null)));
        answers.add(ApiHttp.send(request("GET", "/scim/v2/Users/" + id, token, null, null)));
        answers.add(ApiHttp.send(request("PUT", "/scim/v2/Users/" + id, token, "application/scim+json; charset=utf-8",
                "{\"userName\":\"ct@q19.test\",\"displayName\":\"CT\"}")));

        for (HttpResponse<String> answer : answers) {
            assertThat(answer.statusCode()).as(answer.request().method() + " " + answer.uri()).isLessThan(500);
            assertThat(answer.headers().firstValue("Content-Type").orElse(""))
                    .as(answer.request().method() + " " + answer.uri() + " " + answer.statusCode())
                    .startsWith("application/scim+json");
            assertThat(json(answer).isObject()).isTrue();
        }
    }

    @Test
    void quirk20_validatorSchemasTimeZonesAndRemovalOfMandatoryAttributes() {
        String token = stack.newTenantToken("Quirk 20");
        // It derives its tests from /Schemas: emails.display and emails.primary must be defined and typed.
        JsonNode schemas = json(stack.scim("GET", "/Schemas", token, null));
        JsonNode user = null;
        for (JsonNode schema : schemas.get("Resources")) {
            if (schema.path("id").asText().equals("urn:ietf:params:scim:schemas:core:2.0:User")) {
                user = schema;
            }
        }
        assertThat(user).isNotNull();
        JsonNode emails = attribute(user.get("attributes"), "emails");
        assertThat(emails.path("type").asText()).isEqualTo("complex");
        assertThat(emails.path("multiValued").asBoolean()).isTrue();
        assertThat(attribute(emails.get("subAttributes"), "display").path("type").asText()).isEqualTo("string");
        assertThat(attribute(emails.get("subAttributes"), "primary").path("type").asText()).isEqualTo("boolean");
        assertThat(schemas.findValues("subAttributes")).isNotEmpty();
        assertNoNullsAndComplexWhereSubAttributes(schemas);

        // "The time zone format is randomly generated": stored and returned as sent.
        String id = created(stack.scim("POST", "/Users", token,
                "{\"userName\":\"tz@q20.test\",\"timezone\":\"America/Los_Angeles\"}"));
        HttpResponse<String> patched = stack.scim("PATCH", "/Users/" + id, token,
                patchBody("[{\"op\":\"replace\",\"path\":\"timezone\",\"value\":\"Etc/GMT+11\"}]"));
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(204);
        assertThat(json(stack.scim("GET", "/Users/" + id, token, null)).get("timezone").asText()).isEqualTo("Etc/GMT+11");

        // "patch user remove attributes may attempt to remove mandatory attributes": a 400, never a 5xx.
        HttpResponse<String> removed = stack.scim("PATCH", "/Users/" + id, token,
                patchBody("[{\"op\":\"remove\",\"path\":\"userName\"}]"));
        assertScimError(removed, 400, "invalidValue");
        assertThat(json(removed).get("detail").asText()).contains("userName");
        assertThat(json(stack.scim("GET", "/Users/" + id, token, null)).get("userName").asText()).isEqualTo("tz@q20.test");
    }

    /**
     * The Validator derives its tests from /Schemas [S38, S43]: a sub-attribute declared there but never
     * returned (a {@code $ref} of {@code groups}, {@code members} or {@code manager}) becomes a failed
     * comparison. Every {@code $ref} declared must show up in reads that carry the attribute.
     */
    @Test
    void quirk20_schemasDeclareNoRefThatReadsNeverReturn() {
        String token = stack.newTenantToken("Quirk 20 refs");
        String boss = created(stack.scim("POST", "/Users", token, "{\"userName\":\"boss@q20refs.test\"}"));
        String user = created(stack.scim("POST", "/Users", token, "{\"userName\":\"staff@q20refs.test\",\""
                + ENTERPRISE + "\":{\"manager\":{\"value\":\"" + boss + "\"}}}"));
        String group = created(stack.scim("POST", "/Groups", token, "{\"displayName\":\"Refs\",\"members\":[{\"value\":\""
                + user + "\"}]}"));
        JsonNode userRead = json(stack.scim("GET", "/Users/" + user, token, null));
        JsonNode groupRead = json(stack.scim("GET", "/Groups/" + group, token, null));
        assertThat(userRead.at("/groups/0/value").asText()).isEqualTo(group);
        assertThat(userRead.path(ENTERPRISE).at("/manager/value").asText()).isEqualTo(boss);
        assertThat(groupRead.at("/members/0/value").asText()).isEqualTo(user);

        Set<String> returned = new TreeSet<>();
        refs("urn:ietf:params:scim:schemas:core:2.0:User", userRead, returned);
        refs(ENTERPRISE, userRead.path(ENTERPRISE), returned);
        refs("urn:ietf:params:scim:schemas:core:2.0:Group", groupRead, returned);
        Set<String> declared = new TreeSet<>();
        for (JsonNode schema : json(stack.scim("GET", "/Schemas", token, null)).get("Resources")) {
            for (JsonNode attribute : schema.path("attributes")) {
                for (JsonNode sub : attribute.path("subAttributes")) {
                    if (sub.path("name").asText().equals("$ref")) {
                        declared.add(schema.path("id").asText() + ":" + attribute.path("name").asText() + ".$ref");
                    }
                }
            }
        }
        assertThat(declared).as("declared in /Schemas").isSubsetOf(returned);
    }

    /** {@code schema:attribute.$ref} for every top-level attribute of {@code resource} whose values carry a $ref. */
    private static void refs(String schema, JsonNode resource, Set<String> out) {
        resource.properties().forEach(attribute -> {
            JsonNode value = attribute.getValue();
            for (JsonNode element : value.isArray() ? value : List.of(value)) {
                if (element.has("$ref")) {
                    out.add(schema + ":" + attribute.getKey() + ".$ref");
                }
            }
        });
    }

    @Test
    void quirk24_flagIgnoredByProvisioningOnDemandSoBothDialectsReachOneTenant() {
        String token = stack.newTenantToken("Quirk 24");
        String id = created(stack.scim("POST", "/Users?aadOptscim062020", token,
                "{\"userName\":\"pod@q24.test\",\"active\":true,\"name\":{\"givenName\":\"P\"}}"));

        // A scheduled cycle of a flagged app (Tenant URL ...?aadOptscim062020) ...
        HttpResponse<String> flag = stack.scim("PATCH", "/Users/" + id + "?aadOptscim062020", token, patchBody(
                "[{\"op\":\"replace\",\"value\":{\"displayName\":\"Pod\",\"name.givenName\":\"Kkom\"}},"
                + "{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]"));
        assertThat(flag.statusCode()).as(flag.body()).isEqualTo(204);
        assertThat(json(stack.scim("GET", "/Users?aadOptscim062020&filter=userName+eq+%22pod@q24.test%22", token, null))
                .at("/Resources/0/active").asBoolean()).isFalse();
        // ... then provision-on-demand for the same user, in the default dialect.
        HttpResponse<String> onDemand = stack.scim("PATCH", "/Users/" + id, token, patchBody(
                "[{\"op\":\"Replace\",\"path\":\"name.familyName\",\"value\":\"Unua\"},"
                + "{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"True\"}]"));
        assertThat(onDemand.statusCode()).as(onDemand.body()).isEqualTo(204);

        JsonNode user = json(stack.scim("GET", "/Users/" + id, token, null));
        assertThat(user.get("displayName").asText()).isEqualTo("Pod");
        assertThat(user.get("name")).isEqualTo(parse("{\"givenName\":\"Kkom\",\"familyName\":\"Unua\"}"));
        assertThat(user.get("active").isBoolean()).isTrue();
        assertThat(user.get("active").asBoolean()).isTrue();
        assertThat(user.has("name.givenName")).isFalse();
    }

    @Test
    void quirk25_matchingValuesWithSpecialCharactersAreFoundWhenEncoded() {
        String token = stack.newTenantToken("Quirk 25");
        String userName = "o'brien+test&co#1@contoso.com";
        String groupName = "R&D \"Labs\" #1 / Zürich 100%";
        String user = created(stack.scim("POST", "/Users", token, ScimJson.mapper().createObjectNode()
                .put("userName", userName).toString()));
        String group = created(stack.scim("POST", "/Groups", token, ScimJson.mapper().createObjectNode()
                .put("displayName", groupName).toString()));

        String userFilter = "userName eq \"" + userName + "\"";
        String groupFilter = "displayName eq \"" + groupName.replace("\"", "\\\"") + "\"";
        assertThat(ids(json(stack.scim("GET", "/Users?filter=" + Gatehouse.encode(userFilter), token, null))))
                .containsExactly(user);
        assertThat(ids(json(stack.scim("GET", "/Groups?excludedAttributes=members&filter=" + Gatehouse.encode(groupFilter),
                token, null)))).containsExactly(group);
        assertThat(json(stack.scim("GET", "/Groups/" + group, token, null)).get("displayName").asText()).isEqualTo(groupName);
    }

    @Test
    void quirk26_noRateLimitingABurstIsServedWithoutA429() {
        String token = stack.newTenantToken("Quirk 26");
        // Entra has historically not honoured 429 and non-gallery apps get no throttling [S30]: a burst
        // of creates and matching queries is served, none refused.
        List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            burst.add(ApiHttp.sendAsync(request("POST", "/scim/v2/Users", token, "application/scim+json",
                    "{\"userName\":\"burst" + i + "@q26.test\"}")));
            burst.add(ApiHttp.sendAsync(request("GET", "/scim/v2/Users?filter=userName+eq+%22burst" + i + "@q26.test%22", token,
                    "application/scim+json", null)));
        }
        List<Integer> statuses = burst.stream().map(CompletableFuture::join).map(HttpResponse::statusCode).toList();

        assertThat(statuses).doesNotContain(429).allMatch(s -> s == 200 || s == 201);
        assertThat(json(stack.scim("GET", "/Users?count=0", token, null)).get("totalResults").asInt()).isEqualTo(24);
    }

    @Test
    void quirk28_groupRequestsAreServedNeverANoResourceGroups404() {
        String token = stack.newTenantToken("Quirk 28");
        HttpResponse<String> match = stack.scim("GET",
                "/Groups?excludedAttributes=members&filter=displayName+eq+%22Office%22", token, null);
        assertThat(match.statusCode()).isEqualTo(200);
        assertThat(json(match).get("totalResults").asInt()).isZero();

        HttpResponse<String> post = stack.scim("POST", "/Groups", token, """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group","http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
                 "externalId":"8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159","displayName":"Office","meta":{"resourceType":"Group"}}""");
        String id = created(post);
        assertThat(post.headers().firstValue("Location").orElse("")).endsWith("/scim/v2/Groups/" + id);
        assertThat(json(post).get("members")).isEmpty();
        assertThat(stack.scim("GET", "/Groups/" + id + "?excludedAttributes=members", token, null).statusCode()).isEqualTo(200);
        assertThat(stack.scim("PATCH", "/Groups/" + id, token,
                patchBody("[{\"op\":\"Replace\",\"path\":\"displayName\",\"value\":\"Office 2\"}]")).statusCode()).isEqualTo(204);
        assertThat(stack.scim("DELETE", "/Groups/" + id, token, null).statusCode()).isEqualTo(204);
        assertScimError(stack.scim("GET", "/Groups/" + id, token, null), 404, null);
        assertThat(json(stack.scim("GET", "/ResourceTypes/Group", token, null)).get("endpoint").asText()).isEqualTo("/Groups");
    }

    // --- helpers ---

    private static String created(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response).get("id").asText();
    }

    private static List<String> ids(JsonNode list) {
        assertThat(list.at("/schemas/0").asText()).as(list.toString()).isEqualTo(LIST);
        List<String> out = new ArrayList<>();
        list.path("Resources").forEach(r -> out.add(r.get("id").asText()));
        return out;
    }

    private static JsonNode attribute(JsonNode attributes, String name) {
        for (JsonNode attribute : attributes) {
            if (attribute.path("name").asText().equals(name)) {
                return attribute;
            }
        }
        throw new AssertionError("no attribute " + name + " in " + attributes);
    }

    /** The Validator rejects nulls in /Schemas and attributes with subAttributes not typed complex [S1, S43]. */
    private static void assertNoNullsAndComplexWhereSubAttributes(JsonNode node) {
        assertThat(node.isNull()).as("null in /Schemas").isFalse();
        if (node.isObject() && node.has("subAttributes")) {
            assertThat(node.path("type").asText()).as(node.path("name").asText()).isEqualTo("complex");
        }
        node.forEach(EntraHttpQuirksIT::assertNoNullsAndComplexWhereSubAttributes);
    }

    private static JsonNode parse(String text) {
        try {
            return ScimJson.mapper().readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    /** A request with the organization's token and a {@code Content-Type} of the test's own (none when null). */
    private static HttpRequest.Builder request(String method, String path, String token, String contentType, String body) {
        return ApiHttp.request(method, stack.base() + path, contentType, ApiHttp.body(body), "Authorization", bearer(token));
    }
}
