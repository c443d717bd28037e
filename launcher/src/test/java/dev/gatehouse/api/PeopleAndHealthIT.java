package dev.gatehouse.api;

import static dev.gatehouse.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.launcher.TestStack;
import dev.gatehouse.pipeline.config.ConfigKeys;
import dev.gatehouse.testkit.Gatehouse;
import dev.gatehouse.testkit.TestHttp;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What an organization's admin looks at when someone cannot open a door: finding the person, their
 * current state and door status, the organization's provisioning health (the identity provider's
 * calls and failures, each door system's lag and dead letters) and redriving a dead letter — on the
 * whole stack with the door simulator.
 */
class PeopleAndHealthIT {
    @RegisterExtension
    static final TestStack STACK = TestStack.perClass().withDoors().withOrganization("People");

    private static String base() {
        return "/admin/v1/tenants/" + STACK.organization().id();
    }

    private static HttpResponse<String> expect(int status, HttpResponse<String> response, String step) {
        assertThat(response.statusCode()).as(step + ": " + response.body()).isEqualTo(status);
        return response;
    }

    private static JsonNode admin(String path) {
        return json(expect(200, STACK.admin("GET", path, null), "GET " + path));
    }

    private static String create(String body) {
        return json(expect(201, STACK.scim("POST", "/Users", STACK.token(), body), "create")).get("id").asText();
    }

    @Test
    void aPersonIsFoundByNameEmailOrExternalIdAndShowsStateGroupsMetadataAndDoors() {
        String alice = create("{\"userName\":\"alice.search@people.test\",\"displayName\":\"Alice \\\"Al\\\" Smith\","
                + "\"externalId\":\"ext-4711\",\"emails\":[{\"value\":\"alice.work@people.test\",\"primary\":true}],"
                + "\"metadata\":{\"city\":\"Berlin\"}}");
        create("{\"userName\":\"bob.search@people.test\",\"displayName\":\"Bob\"}");
        expect(201, STACK.scim("POST", "/Groups", STACK.token(),
                "{\"displayName\":\"Lobby\",\"members\":[{\"value\":\"" + alice + "\"}]}"), "group");

        for (String text : new String[] {"ALICE.SEARCH", "alice.work@", "ext-4711", "\"Al\" Smi"}) {
            JsonNode found = admin(base() + "/users?search=" + URLEncoder.encode(text, StandardCharsets.UTF_8));
            assertThat(found.path("users").findValuesAsText("id")).as(text).containsExactly(alice);
        }
        JsonNode row = admin(base() + "/users?search=alice.search").path("users").get(0);
        assertThat(row.path("userName").asText()).isEqualTo("alice.search@people.test");
        assertThat(row.path("displayName").asText()).isEqualTo("Alice \"Al\" Smith");
        assertThat(row.path("active").asBoolean()).isTrue();
        assertThat(row.path("version").asLong()).isPositive();
        assertThat(admin(base() + "/users?search=nobody-by-that-name").path("users")).isEmpty();
        // No text: the most recently changed people.
        assertThat(admin(base() + "/users").path("users").findValuesAsText("userName")).contains("alice.search@people.test",
                "bob.search@people.test");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode person = admin(base() + "/users/" + alice);
            assertThat(person.path("groups").findValuesAsText("displayName")).containsExactly("Lobby");
            assertThat(person.path("metadata").path("city").asText()).isEqualTo("Berlin");
            assertThat(person.path("emails").get(0).asText()).isEqualTo("alice.work@people.test");
            assertThat(person.path("doorSystems")).isNotEmpty();
            assertThat(person.path("doorSystems")).allSatisfy(door -> assertThat(door.path("upToDate").asBoolean()).isTrue());
            assertThat(person.path("doorSystemsComplete").asBoolean()).isTrue();
        });

        assertThat(STACK.admin("GET", base() + "/users/no-such-user", null).statusCode()).isEqualTo(404);
        assertThat(STACK.admin("GET", base() + "/users?search=" + "x".repeat(101), null).statusCode()).isEqualTo(400);
        assertThat(STACK.admin("GET", base() + "/users?search=" + "x".repeat(100), null).statusCode()).isEqualTo(200);
        assertThat(STACK.admin("GET", base() + "/users?limit=101", null).statusCode()).isEqualTo(400);
        // Another organization's person is not found through this one.
        Gatehouse.Organization other = STACK.newTenant("Other people");
        assertThat(STACK.admin("GET", "/admin/v1/tenants/" + other.id() + "/users/" + alice, null).statusCode()).isEqualTo(404);
        assertThat(json(STACK.admin("GET", "/admin/v1/tenants/" + other.id() + "/users?search=alice", null))
                .path("users")).isEmpty();
    }

    @Test
    void healthShowsTheIdentityProvidersCallsAndADeadLetterUntilItIsRedriven() {
        String simulator = "http://127.0.0.1:" + STACK.config().string(ConfigKeys.SIMULATOR_PORT);
        // A failed call, then the door system refuses the next push for good.
        expect(400, STACK.scim("POST", "/Users", STACK.token(), "{\"displayName\":\"no userName\"}"), "bad");
        expect(200, TestHttp.send("POST", simulator + "/v1/faults", null, "{\"failNext\":1,\"status\":400}"), "fault");
        String carol = create("{\"userName\":\"carol.health@people.test\"}");

        JsonNode letter = await().atMost(Duration.ofSeconds(30)).until(
                () -> admin(base() + "/dead-letters").path("deadLetters"), letters -> letters.size() == 1).get(0);
        assertThat(letter.path("resourceId").asText()).isEqualTo(carol);
        assertThat(letter.path("error").asText()).contains("400");
        String connector = letter.path("connector").asText();

        JsonNode health = admin(base() + "/health");
        assertThat(health.path("status").asText()).isEqualTo("warning");
        assertThat(health.path("identityProvider").path("lastCallAt").asText()).isNotBlank();
        assertThat(health.path("identityProvider").path("lastHour").path("failures").asInt()).isPositive();
        assertThat(health.path("identityProvider").path("recentFailures").findValuesAsText("status")).contains("400");
        JsonNode door = health.path("doorSystems").get(0);
        assertThat(door.path("connector").asText()).isEqualTo(connector);
        assertThat(door.path("deadLetters").asInt()).isEqualTo(1);
        assertThat(door.has("behind")).isTrue();
        assertThat(health.path("warnings").toString()).contains("dead letters").contains("failed");

        assertThat(STACK.admin("POST", base() + "/dead-letters/redrive", "{}").statusCode()).isEqualTo(400);
        JsonNode redriven = json(expect(200, STACK.admin("POST", base() + "/dead-letters/redrive",
                "{\"connector\":\"" + connector + "\"}"), "redrive"));
        assertThat(redriven.path("redriven").asInt()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(admin(base() + "/dead-letters").path("deadLetters")).isEmpty();
            assertThat(admin(base() + "/users/" + carol).path("doorSystems").get(0).path("upToDate").asBoolean()).isTrue();
        });
        assertThat(admin(base() + "/audit").findValuesAsText("action")).contains("door-system.redrive");
    }

    @Test
    void aPersonsTimelineListsTheirScimWritesAndDoorPushesNewestFirstWithoutTheirValues() {
        String dana = create("{\"userName\":\"dana.timeline@people.test\",\"metadata\":{\"city\":\"Lisbon\"}}");
        expect(204, STACK.scim("PATCH", "/Users/" + dana, STACK.token(),
                Gatehouse.patchBody("[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]")), "disable");
        String path = base() + "/users/" + dana + "/timeline";
        JsonNode events = await().atMost(Duration.ofSeconds(30)).until(() -> admin(path).path("events"),
                e -> e.findValuesAsText("outcome").stream().filter("applied"::equals).count() == 2);

        JsonNode disable = events.findParents("kind").stream().filter(e -> e.path("kind").asText().equals("scim"))
                .findFirst().orElseThrow();
        assertThat(disable.path("operation").asText()).isEqualTo("patch");
        assertThat(disable.path("changed").toString()).isEqualTo("[\"active\"]");
        assertThat(disable.path("version").asLong()).isEqualTo(2);
        assertThat(disable.path("requestId").asText()).isNotBlank();
        JsonNode create = events.findParents("kind").stream().filter(e -> e.path("operation").asText().equals("create"))
                .findFirst().orElseThrow();
        assertThat(create.path("status").asInt()).isEqualTo(201);
        assertThat(create.path("changed").toString()).contains("userName").contains("metadata.city");
        JsonNode push = events.findParents("kind").stream().filter(e -> e.path("kind").asText().equals("door"))
                .findFirst().orElseThrow();
        assertThat(push.path("version").asLong()).isEqualTo(2);
        assertThat(push.path("connector").asText()).isNotBlank();
        // Newest first, and attribute names only: no value of the person is copied into the timeline.
        List<String> times = events.findValuesAsText("at");
        assertThat(times).isSortedAccordingTo(java.util.Comparator.comparing(java.time.Instant::parse).reversed());
        assertThat(events.toString()).doesNotContain("Lisbon").doesNotContain("dana.timeline");

        assertThat(json(STACK.admin("GET", path + "?limit=1", null)).path("events")).hasSize(1);
        assertThat(STACK.admin("GET", path + "?limit=0", null).statusCode()).isEqualTo(400);
        assertThat(STACK.admin("GET", path + "?limit=501", null).statusCode()).isEqualTo(400);
        // Another organization asking for the same id sees nothing of hers.
        Gatehouse.Organization other = STACK.newTenant("Other timeline");
        assertThat(json(STACK.admin("GET", "/admin/v1/tenants/" + other.id() + "/users/" + dana + "/timeline", null))
                .path("events")).isEmpty();
    }

    @Test
    void theActivityOfAnOrganizationThatNeverCalledSaysSo() {
        Gatehouse.Organization quiet = STACK.newTenant("Quiet");
        JsonNode health = admin("/admin/v1/tenants/" + quiet.id() + "/health");
        assertThat(health.path("identityProvider").path("lastCallAt").isNull()).isTrue();
        assertThat(health.path("warnings").toString()).contains("has not called in the last 24 hours");
        assertThat(health.path("doorSystems")).isEmpty();
        assertThat(STACK.admin("GET", "/admin/v1/tenants/no-such-org/health", null).statusCode()).isEqualTo(404);
    }
}
