package dev.gatehouse.api;

import static dev.gatehouse.testkit.TestHttp.assertScimError;
import static dev.gatehouse.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.launcher.TestStack;
import dev.gatehouse.scim.ScimJson;
import dev.gatehouse.testkit.Gatehouse;
import dev.gatehouse.testkit.Scrape;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code POST .search} (RFC 7644 §3.4.3) on a real stack: a SearchRequest body asks what a GET's query
 * string asks, and gets the same ListResponse; at the root it pages over Users then Groups. It is a
 * read: no command, nothing created.
 */
class SearchEndpointIT {
    private static final String SEARCH = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";
    @RegisterExtension
    static final TestStack stack = TestStack.perClass();
    private static Gatehouse.Organization tenant;
    private static List<String> userIds = new ArrayList<>();
    private static List<String> groupIds = new ArrayList<>();

    @BeforeAll
    static void createOrganizationAndResources() {
        tenant = stack.newTenant("Search");
        for (String name : List.of("carol", "alice", "bob")) {
            userIds.add(created("/Users", "{\"userName\":\"" + name + "@search.test\",\"displayName\":\"" + name.toUpperCase()
                    + "\",\"name\":{\"familyName\":\"" + name + "\"},\"emails\":[{\"type\":\"work\",\"value\":\"" + name
                    + "@search.test\"}]}"));
        }
        for (String name : List.of("Door B", "Door A")) {
            groupIds.add(created("/Groups", "{\"displayName\":\"" + name + "\",\"members\":[{\"value\":\"" + userIds.get(0) + "\"}]}"));
        }
    }

    @Test
    void aSearchOfAResourceTypeAnswersWhatTheSameGetAnswers() {
        List<Map.Entry<String, String>> cases = List.of(
                Map.entry("", "{}"),
                Map.entry("filter=" + Gatehouse.encode("userName eq \"ALICE@search.test\""),
                        "{\"filter\":\"userName eq \\\"ALICE@search.test\\\"\"}"),
                Map.entry("sortBy=name.familyName&sortOrder=descending&startIndex=2&count=1",
                        "{\"sortBy\":\"name.familyName\",\"sortOrder\":\"descending\",\"startIndex\":2,\"count\":1}"),
                Map.entry("attributes=userName,emails.value", "{\"attributes\":[\"userName\",\"emails.value\"]}"),
                Map.entry("excludedAttributes=emails,name&filter=" + Gatehouse.encode("displayName co \"O\""),
                        "{\"excludedAttributes\":[\"emails\",\"name\"],\"filter\":\"displayName co \\\"O\\\"\"}"),
                Map.entry("count=0", "{\"count\":0}"),
                Map.entry("startIndex=-3&count=-1", "{\"startIndex\":-3,\"count\":-1,\"filter\":null}"),
                Map.entry("count=5000", "{\"count\":5000}"));
        for (Map.Entry<String, String> c : cases) {
            JsonNode got = searched("/Users/.search", c.getValue());
            assertThat(got).as(c.getValue()).isEqualTo(json(stack.scim("GET", "/Users?" + c.getKey(), tenant.token(), null)));
        }
        JsonNode groups = searched("/Groups/.search", "{\"excludedAttributes\":[\"members\"],\"sortBy\":\"displayName\"}");
        assertThat(groups).isEqualTo(json(stack.scim("GET", "/Groups?excludedAttributes=members&sortBy=displayName",
                tenant.token(), null)));
        assertThat(groups.get("Resources").findValuesAsText("displayName")).containsExactly("Door A", "Door B");
        assertThat(groups.get("Resources").get(0).has("members")).isFalse();
        // Paths are case-insensitive, as every SCIM route.
        assertThat(searched("/users/.SEARCH", "{\"count\":1}").get("itemsPerPage").asInt()).isEqualTo(1);
    }

    @Test
    void theRootSearchPagesOverUsersThenGroups() {
        List<JsonNode> everything = new ArrayList<>();
        json(stack.scim("GET", "/Users", tenant.token(), null)).get("Resources").forEach(everything::add);
        json(stack.scim("GET", "/Groups", tenant.token(), null)).get("Resources").forEach(everything::add);
        assertThat(everything).hasSize(5);
        for (int startIndex = 1; startIndex <= 6; startIndex++) {
            for (int count = 0; count <= 6; count++) {
                JsonNode page = searched("/.search", "{\"startIndex\":" + startIndex + ",\"count\":" + count + "}");
                String asked = "startIndex " + startIndex + ", count " + count;
                assertThat(page.get("totalResults").asInt()).as(asked).isEqualTo(5);
                assertThat(page.get("startIndex").asInt()).as(asked).isEqualTo(startIndex);
                List<JsonNode> expected = everything.subList(Math.min(5, startIndex - 1), Math.min(5, startIndex - 1 + count));
                assertThat(page.get("itemsPerPage").asInt()).as(asked).isEqualTo(expected.size());
                if (count == 0) {
                    assertThat(page.has("Resources")).as(asked).isFalse();
                } else {
                    assertThat(list(page.get("Resources"))).as(asked).isEqualTo(expected);
                }
            }
        }
        JsonNode doors = searched("/.search", "{\"filter\":\"displayName sw \\\"door\\\"\",\"attributes\":[\"displayName\"]}");
        assertThat(doors.get("totalResults").asInt()).isEqualTo(2);
        assertThat(doors.get("Resources").findValuesAsText("displayName")).containsExactlyInAnyOrder("Door A", "Door B");
        assertThat(doors.get("Resources").get(0).get("meta")).isNull();
        JsonNode mixed = searched("/.search", "{\"filter\":\"displayName eq \\\"BOB\\\" or displayName eq \\\"Door A\\\"\"}");
        assertThat(mixed.get("Resources").findValuesAsText("location"))
                .containsExactly(stack.base() + "/scim/v2/Users/" + userIds.get(2), stack.base() + "/scim/v2/Groups/" + groupIds.get(1));
    }

    @Test
    void badSearchRequestsAre400WithTheirScimType() {
        for (String path : List.of("/Users/.search", "/.search")) {
            assertScimError(search(path, null), 400, "invalidSyntax");
            assertScimError(search(path, "not json"), 400, "invalidSyntax");
            assertScimError(search(path, "[]"), 400, "invalidSyntax");
            assertScimError(stack.scim("POST", path, tenant.token(), "{\"count\":1}"), 400, "invalidSyntax");
            assertScimError(stack.scim("POST", path, tenant.token(), "{\"schemas\":\"" + SEARCH + "\"}"), 400, "invalidSyntax");
            assertScimError(stack.scim("POST", path, tenant.token(),
                    "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"]}"), 400, "invalidSyntax");
            assertScimError(search(path, "{\"count\":1}{\"count\":2}"), 400, "invalidSyntax");
            assertScimError(search(path, body("{\"attributes\":\"userName\"}")), 400, "invalidValue");
            assertScimError(search(path, body("{\"excludedAttributes\":[\"emails\",3]}")), 400, "invalidValue");
            assertScimError(search(path, body("{\"count\":\"ten\"}")), 400, "invalidValue");
            assertScimError(search(path, body("{\"count\":1.5}")), 400, "invalidValue");
            assertScimError(search(path, body("{\"startIndex\":99999999999}")), 400, "invalidValue");
            assertScimError(search(path, body("{\"startIndex\":true}")), 400, "invalidValue");
            assertScimError(search(path, body("{\"filter\":{\"userName\":\"x\"}}")), 400, "invalidValue");
            assertScimError(search(path, body("{\"sortBy\":[\"userName\"]}")), 400, "invalidValue");
            assertScimError(search(path, body("{\"sortBy\":\"userName\",\"sortOrder\":\"sideways\"}")), 400, "invalidValue");
            assertScimError(search(path, body("{\"filter\":\"userName eq\"}")), 400, "invalidFilter");
            assertScimError(search(path, body("{\"filter\":\"userName zz \\\"x\\\"\"}")), 400, "invalidFilter");
        }
        // The GET answers the same errors for the same parameters.
        assertScimError(stack.scim("GET", "/Users?count=ten", tenant.token(), null), 400, "invalidValue");
        assertScimError(stack.scim("GET", "/Users?filter=userName+eq", tenant.token(), null), 400, "invalidFilter");
        assertScimError(search("/Widgets/.search", "{}"), 404, null);
        assertScimError(stack.scim("POST", "/.search", "wrong-token", "{}"), 401, null);
    }

    @Test
    void aSearchIsAReadThatProducesNoCommand() {
        Scrape before = Scrape.of(stack.base() + "/metrics");
        for (String path : List.of("/Users/.search", "/Groups/.search", "/.search")) {
            assertThat(stack.scim("POST", path, tenant.token(), body("{\"userName\":\"new@search.test\",\"count\":1}"))
                    .statusCode()).isEqualTo(200);
        }
        Scrape after = Scrape.of(stack.base() + "/metrics");
        assertThat(after.sum("gatehouse_command_round_trip_seconds_count")
                - before.sum("gatehouse_command_round_trip_seconds_count")).as("commands produced").isZero();
        assertThat(after.sum("gatehouse_scim_requests_seconds_count", "operation", "list", "tenant", tenant.id(), "status", "200")
                - before.sum("gatehouse_scim_requests_seconds_count", "operation", "list", "tenant", tenant.id(), "status", "200"))
                .isEqualTo(3);
        JsonNode activity = json(stack.admin("GET", "/admin/v1/tenants/" + tenant.id() + "/activity?limit=3", null));
        assertThat(activity.findValuesAsText("operation")).containsExactly("list", "list", "list");
        assertThat(activity.findValuesAsText("resource")).containsExactly(".search", "Groups/.search", "Users/.search");
        assertThat(json(stack.scim("GET", "/Users?count=0", tenant.token(), null)).get("totalResults").asInt()).isEqualTo(3);
    }

    private static JsonNode searched(String path, String parameters) {
        HttpResponse<String> response = search(path, body(parameters));
        assertThat(response.statusCode()).as(parameters + " → " + response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/scim+json");
        return json(response);
    }

    private static HttpResponse<String> search(String path, String body) {
        return stack.scim("POST", path, tenant.token(), body);
    }

    /** A SearchRequest with {@code parameters} (a JSON object's members) and its schemas. */
    private static String body(String parameters) {
        ObjectNode body = (ObjectNode) parse(parameters);
        ObjectNode out = ScimJson.mapper().createObjectNode();
        out.putArray("schemas").add(SEARCH);
        out.setAll(body);
        return out.toString();
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        ((ArrayNode) array).forEach(out::add);
        return out;
    }

    private static JsonNode parse(String text) {
        try {
            return ScimJson.mapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError(text, e);
        }
    }

    private static String created(String path, String body) {
        HttpResponse<String> response = stack.scim("POST", path, tenant.token(), body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response).get("id").asText();
    }
}
