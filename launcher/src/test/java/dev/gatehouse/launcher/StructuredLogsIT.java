package dev.gatehouse.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.launcher.logging.LogSettings;
import dev.gatehouse.scim.ScimJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The production log set-up in JSON on the whole stack: one SCIM write is followed by its request id
 * and command id from the API through the processor to the door push, and no line holds the token.
 */
class StructuredLogsIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aWriteIsFollowedByItsRequestAndCommandIdsToTheDoorPush() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ByteArrayOutputStream capture = new ByteArrayOutputStream();
        new LogSettings(true, Level.DEBUG).install(context, capture);
        try (TestStack stack = TestStack.perClass().withDoors().withOrganization("Logs").started()) {
            String token = stack.token();
            String scim = stack.gatehouse().base() + "/scim/v2/Users";

            HttpResponse<String> created = post(scim, token, "req-logs-1", "{\"userName\":\"lin@logs.example\"}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            assertThat(created.headers().firstValue("X-Request-Id")).contains("req-logs-1");
            HttpResponse<String> unsafe = post(scim, token, "two words\"}", "{\"userName\":\"kim@logs.example\"}");
            assertThat(unsafe.headers().firstValue("X-Request-Id").orElseThrow())
                    .as("an unsafe id is replaced, not echoed").matches("[0-9a-f-]{36}");

            await().atMost(Duration.ofSeconds(20)).until(() -> lines(capture).stream().anyMatch(line ->
                    line.path("loggerName").asText().endsWith("Delivery")
                            && line.path("mdc").path("requestId").asText().equals("req-logs-1")));
            List<JsonNode> lines = lines(capture);
            JsonNode ingest = only(lines, "ScimRoutes", "req-logs-1");
            String commandId = ingest.path("mdc").path("commandId").asText();
            assertThat(commandId).isNotBlank();
            assertThat(ingest.path("level").asText()).isEqualTo("DEBUG");
            assertThat(only(lines, "CommandProcessor", "req-logs-1").path("mdc").path("commandId").asText())
                    .isEqualTo(commandId);
            JsonNode push = only(lines, "Delivery", "req-logs-1");
            assertThat(push.path("mdc").path("commandId").asText()).isEqualTo(commandId);
            assertThat(push.path("formattedMessage").asText()).contains("applied");
            String all = capture.toString(StandardCharsets.UTF_8);
            assertThat(all.contains(token.substring("gh_scim_".length()))).as("a token is in the logs").isFalse();
        } finally {
            context.reset();
            new ContextInitializer(context).autoConfig();
        }
    }

    /** Every captured line, each of which must be one JSON object. */
    private static List<JsonNode> lines(ByteArrayOutputStream capture) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : capture.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                JsonNode node = ScimJson.mapper().readTree(line);
                assertThat(node.isObject()).as(line).isTrue();
                lines.add(node);
            }
        }
        return lines;
    }

    private static JsonNode only(List<JsonNode> lines, String logger, String requestId) {
        List<JsonNode> found = lines.stream()
                .filter(l -> l.path("loggerName").asText().endsWith("." + logger))
                .filter(l -> l.path("mdc").path("requestId").asText().equals(requestId))
                .toList();
        assertThat(found).as("lines of %s for %s", logger, requestId).hasSize(1);
        return found.get(0);
    }

    private static HttpResponse<String> post(String url, String token, String requestId, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/scim+json")
                .header("X-Request-Id", requestId)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

}
