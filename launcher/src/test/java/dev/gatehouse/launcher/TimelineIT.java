package dev.gatehouse.launcher;

import static dev.gatehouse.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.api.read.StateReader;
import dev.gatehouse.pipeline.config.ConfigKeys;
import dev.gatehouse.pipeline.config.ConfigSource;
import dev.gatehouse.testkit.Gatehouse;
import dev.gatehouse.testkit.TestHttp;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A person's timeline on the whole stack (docs/events.md, "timeline"): the SCIM writes that touched them,
 * written by the processor with each write, and the door system's answers, written by access-sync, read
 * back through the API's {@link StateReader} newest first — and the same after the stack restarts on its
 * data, since the timeline is kept from Kafka, not in an API instance's memory.
 */
class TimelineIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void aPersonsScimWritesAndDoorAnswersAreReadNewestFirstAndSurviveARestart() throws Exception {
        JsonNode before;
        ConfigSource config;
        String tenant;
        String userId;
        try (TestStack stack = TestStack.perClass().withDoors().withOrganization("Acme").started()) {
            config = stack.config();
            tenant = stack.organization().id();
            userId = json(expect(201, stack.scim("POST", "/Users", stack.token(),
                    "{\"userName\":\"ada@acme.test\",\"active\":true,\"metadata\":{\"city\":\"Berlin\"}}")))
                    .get("id").asText();
            String groupId = json(expect(201, stack.scim("POST", "/Groups", stack.token(),
                    "{\"displayName\":\"Engineering\"}"))).get("id").asText();
            expect(204, stack.scim("PATCH", "/Groups/" + groupId, stack.token(), Gatehouse.patchBody(
                    "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + userId + "\"}]}]")));
            expect(204, stack.scim("PATCH", "/Users/" + userId, stack.token(), Gatehouse.patchBody(
                    "[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]")));
            await().atMost(WAIT).until(() -> doorHolds(stack, userId, 3));

            StateReader reader = new StateReader(config.string(ConfigKeys.PROCESSOR_URL));
            // The door system's answer to version 3 is the newest event once access-sync told it.
            await().atMost(WAIT).untilAsserted(() -> {
                JsonNode newest = timeline(reader, tenant, userId).get(0);
                assertThat(newest.path("kind").asText()).isEqualTo("door");
                assertThat(newest.path("version").asLong()).isEqualTo(3);
            });
            before = timeline(reader, tenant, userId);

            JsonNode door = before.get(0);
            assertThat(door.path("connector").asText()).isEqualTo("webhook");
            assertThat(door.path("outcome").asText()).isEqualTo("applied");
            assertThat(door.path("detail").isNull()).isTrue();
            List<JsonNode> scim = new ArrayList<>();
            before.forEach(e -> {
                if (e.path("kind").asText().equals("scim")) {
                    scim.add(e);
                }
            });
            assertThat(scim).extracting(e -> e.path("operation").asText()).containsExactly("patch", "patch", "create");
            assertThat(scim).extracting(e -> e.path("version").asLong()).containsExactly(3L, 2L, 1L);
            assertThat(scim).extracting(e -> e.path("changed").toString())
                    .containsExactly("[\"active\"]", "[\"groups\"]", "[\"active\",\"metadata.city\",\"userName\"]");
            assertThat(scim.get(1).path("via").asText()).isEqualTo("Groups/" + groupId);
            assertThat(scim).allSatisfy(e -> assertThat(e.path("requestId").asText()).isNotBlank());
            assertThat(scim.get(0).path("status").asInt()).isEqualTo(200);
            assertThat(scim.get(2).path("status").asInt()).isEqualTo(201);
            Instant previous = Instant.MAX;
            for (JsonNode e : before) {
                Instant at = Instant.parse(e.path("at").asText());
                assertThat(at).as("newest first").isBeforeOrEqualTo(previous);
                previous = at;
            }
            // Attribute names only: no value of the person is in it.
            assertThat(before.toString()).doesNotContain("Berlin", "ada@acme.test");
        }

        // The same topics, application id and data directory: the processor restores its timeline store.
        try (TestStack again = TestStack.start(Map.of(
                ConfigKeys.TOPIC_PREFIX, config.string(ConfigKeys.TOPIC_PREFIX),
                ConfigKeys.APPLICATION_ID, config.string(ConfigKeys.APPLICATION_ID),
                ConfigKeys.INSTANCE_ID, config.string(ConfigKeys.INSTANCE_ID),
                ConfigKeys.DATA_DIR, config.string(ConfigKeys.DATA_DIR)))) {
            StateReader reader = new StateReader(again.config().string(ConfigKeys.PROCESSOR_URL));
            await().atMost(WAIT).untilAsserted(() -> assertThat(timeline(reader, tenant, userId)).isEqualTo(before));
        }
    }

    private static JsonNode timeline(StateReader reader, String tenant, String userId) throws Exception {
        return reader.timeline(tenant, userId, 100).get(10, TimeUnit.SECONDS).path("events");
    }

    private static boolean doorHolds(TestStack stack, String userId, long version) {
        for (JsonNode person : json(TestHttp.get(stack.doors() + "/persons", null))) {
            if (person.get("id").asText().equals(userId)) {
                return person.path("version").asLong() == version;
            }
        }
        return false;
    }

    private static HttpResponse<String> expect(int status, HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return response;
    }
}
