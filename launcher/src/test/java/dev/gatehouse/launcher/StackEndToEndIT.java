package dev.gatehouse.launcher;

import static dev.gatehouse.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.pipeline.Topics;
import dev.gatehouse.pipeline.config.KafkaConfig;
import dev.gatehouse.testkit.TestHttp;
import dev.gatehouse.testkit.TopicRecords;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole pipeline in one JVM on a real broker: SCIM over HTTP → commands → processor → access
 * changes → access-sync → webhook → door simulator.
 */
class StackEndToEndIT {
    @RegisterExtension
    static final TestStack stack = TestStack.perClass().withDoors().withOrganization("Acme");

    @Test
    void aNewHireReachesTheDoorSystemWithGroupsAndMetadata() throws Exception {
        String userId = json(expect(201, send("POST", "/Users", "{\"userName\":\"ada@acme.test\",\"active\":true,"
                + "\"metadata\":{\"city\":\"Berlin\"}}"))).get("id").asText();
        String groupId = json(expect(201, send("POST", "/Groups", "{\"displayName\":\"Engineering\","
                + "\"members\":[{\"value\":\"" + userId + "\"}]}"))).get("id").asText();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode person = person(userId);
            assertThat(person).isNotNull();
            assertThat(person.get("userName").asText()).isEqualTo("ada@acme.test");
            assertThat(person.get("active").asBoolean()).isTrue();
            assertThat(person.get("metadata").get("city").asText()).isEqualTo("Berlin");
            assertThat(person.get("groups").toString()).contains(groupId);
        });
    }

    @Test
    void aDisabledPersonIsSuspendedAndADeletedOneIsGone() throws Exception {
        String userId = json(expect(201, send("POST", "/Users", "{\"userName\":\"leaver@acme.test\"}"))).get("id").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> person(userId) != null);

        expect(204, send("PATCH", "/Users/" + userId, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                + "\"Operations\":[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}]}"));
        await().atMost(Duration.ofSeconds(10)).until(() -> !person(userId).get("active").asBoolean());

        expect(204, send("DELETE", "/Users/" + userId, null));
        await().atMost(Duration.ofSeconds(10)).until(() -> person(userId) == null);
        expect(404, send("GET", "/Users/" + userId, null));
    }

    @Test
    void theProcessorInTheSameJvmAnswersInMemoryNotThroughTheResultsTopic() throws Exception {
        String userId = json(expect(201, send("POST", "/Users", "{\"userName\":\"memo@acme.test\"}"))).get("id").asText();
        expect(409, send("POST", "/Users", "{\"userName\":\"MEMO@acme.test\"}"));
        expect(204, send("PATCH", "/Users/" + userId, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                + "\"Operations\":[{\"op\":\"Replace\",\"path\":\"active\",\"value\":false}]}"));
        expect(404, send("DELETE", "/Users/" + UUID.randomUUID(), null));

        KafkaConfig kafka = KafkaConfig.from(stack.config());
        assertThat(TopicRecords.all(kafka, Topics.from(kafka).results())).isEmpty();
        // The answers were the applied state: a read sees what the PATCH was answered with.
        assertThat(json(expect(200, send("GET", "/Users/" + userId, null))).get("active").asBoolean()).isFalse();
    }

    @Test
    void readsSeeTheWritesThatWereAnswered() throws Exception {
        String userId = json(expect(201, send("POST", "/Users", "{\"userName\":\"Reader@Acme.test\"}"))).get("id").asText();
        JsonNode list = json(expect(200, send("GET", "/Users?filter=userName%20eq%20%22reader@acme.test%22", null)));
        assertThat(list.get("totalResults").asInt()).isEqualTo(1);
        assertThat(list.get("Resources").get(0).get("id").asText()).isEqualTo(userId);
        expect(409, send("POST", "/Users", "{\"userName\":\"READER@acme.test\"}"));
    }

    @Test
    void theConsoleSeesWhetherTheDoorSystemsAreUpToDatePerUser() throws Exception {
        String userId = json(expect(201, send("POST", "/Users", "{\"userName\":\"status@acme.test\"}"))).get("id").asText();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode row = doorStatus(userId);
            assertThat(row.get("upToDate").asBoolean()).as(row.toString()).isTrue();
            assertThat(row.get("doorSystems").get(0).get("connector").asText()).isEqualTo("webhook");
            assertThat(row.get("doorSystems").get(0).get("version").asLong()).isEqualTo(row.get("version").asLong());
        });

        expect(204, send("PATCH", "/Users/" + userId, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                + "\"Operations\":[{\"op\":\"Replace\",\"path\":\"active\",\"value\":false}]}"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode row = doorStatus(userId);
            assertThat(row.get("active").asBoolean()).isFalse();
            assertThat(row.get("version").asLong()).isEqualTo(2);
            assertThat(row.get("upToDate").asBoolean()).as(row.toString()).isTrue();
        });
    }

    /** The user's row of the admin API's door status, which the console shows. */
    private static JsonNode doorStatus(String userId) {
        HttpResponse<String> response = stack.admin("GET", "/admin/v1/tenants/" + stack.organization().id() + "/door-status?limit=500", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        for (JsonNode row : json(response)) {
            if (row.get("id").asText().equals(userId)) {
                return row;
            }
        }
        throw new AssertionError("no row for " + userId + " in " + response.body());
    }

    private static JsonNode person(String id) {
        for (JsonNode person : json(TestHttp.get(stack.doors() + "/persons", null))) {
            if (person.get("id").asText().equals(id)) {
                return person;
            }
        }
        return null;
    }

    private static HttpResponse<String> send(String method, String path, String body) {
        return stack.scim(method, path, stack.token(), body);
    }

    private static HttpResponse<String> expect(int status, HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/scim+json");
        return response;
    }
}
