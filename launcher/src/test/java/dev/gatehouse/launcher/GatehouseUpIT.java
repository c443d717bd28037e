package dev.gatehouse.launcher;

import static dev.gatehouse.testkit.TestHttp.bearer;
import static dev.gatehouse.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.scim.ScimJson;
import dev.gatehouse.testkit.TestHttp;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The README's promise, on the packaged jar as a real process: {@code gatehouse up --demo} prints a
 * Tenant URL and a Secret Token; SCIM writes reach the door simulator; after {@code kill -9} and
 * {@code up} again, every user that got a 201 is still there.
 */
class GatehouseUpIT {
    @RegisterExtension
    final UpProcess.Launcher launcher = new UpProcess.Launcher();
    private final int httpPort = launcher.httpPort();

    @Test
    void demoStackProvisionsToTheDoorSimulatorAndSurvivesKillDashNine() throws Exception {
        UpProcess first = launcher.start(true, Map.of());
        assertThat(first.lines()).anySatisfy(l -> assertThat(l).isEqualTo("Tenant URL: http://localhost:" + httpPort + "/scim/v2"));
        String token = first.value("Secret Token: ");
        String tenant = first.value("Organization: ");
        String base = first.value("Tenant URL: ");
        assertThat(Files.getPosixFilePermissions(launcher.dataDir().resolve("admin.key")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));

        HttpResponse<String> created = send("POST", base + "/Users", token,
                "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"ada@example.com\","
                        + "\"active\":true,\"metadata\":{\"city\":\"Berlin\"}}");
        assertThat(created.statusCode()).isEqualTo(201);
        String id = json(created).get("id").asText();
        assertThat(send("GET", base + "/Users/" + id, token, null).statusCode()).isEqualTo(200);
        String persons = "http://127.0.0.1:" + launcher.port("GATEHOUSE_SIMULATOR_PORT") + "/v1/tenants/" + tenant + "/persons";
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(ScimJson.mapper().readTree(get(persons)).findValuesAsText("id")).contains(id));

        // One JVM, three services: each serves its own metrics and health on its own port.
        String api = "http://127.0.0.1:" + httpPort;
        String processor = "http://127.0.0.1:" + launcher.port("GATEHOUSE_PROCESSOR_PORT");
        String sync = "http://127.0.0.1:" + launcher.port("GATEHOUSE_SYNC_HTTP_PORT");
        assertThat(get(api + "/metrics")).contains("gatehouse_scim_requests_seconds_count{", "service=\"ingest-api\"")
                // The GET above was read from the processor's stores in this JVM, not through its query endpoint.
                .containsPattern("(?m)^gatehouse_reads_in_jvm_total\\{[^}]*\\} [1-9]");
        assertThat(get(processor + "/metrics")).contains("gatehouse_processor_commands_total{", "service=\"stream-processor\"");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(get(sync + "/metrics"))
                .contains("gatehouse_door_pushes_total{", "service=\"access-sync\""));
        for (String service : List.of(api, processor, sync)) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(get(service + "/health/ready")).contains("\"status\":\"UP\""));
        }
        // Every series the documented alert rules use is served by one of the three.
        String served = get(api + "/metrics") + get(processor + "/metrics") + get(sync + "/metrics");
        assertThat(AlertRules.seriesUsed()).isNotEmpty().allSatisfy(series ->
                assertThat(served).as("a series of ops/alerts.yml").containsPattern("(?m)^" + series + "[{ ]"));

        HttpResponse<String> second = send("POST", base + "/Users", token,
                "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"grace@example.com\"}");
        assertThat(second.statusCode()).isEqualTo(201);
        String secondId = json(second).get("id").asText();
        assertThat(send("DELETE", base + "/Users/" + secondId, token, null).statusCode()).isEqualTo(204);
        assertThat(send("GET", base + "/Users", "gh_scim_wrong", null).statusCode()).isEqualTo(401);

        first.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        UpProcess again = launcher.start(false, Map.of());
        assertThat(again.lines()).noneMatch(l -> l.startsWith("Secret Token"));

        HttpResponse<String> survived = send("GET", base + "/Users/" + id, token, null);
        assertThat(survived.statusCode()).isEqualTo(200);
        assertThat(json(survived).get("userName").asText()).isEqualTo("ada@example.com");
        assertThat(send("GET", base + "/Users/" + secondId, token, null).statusCode()).isEqualTo(404);
    }

    private static HttpResponse<String> send(String method, String url, String token, String body) {
        return TestHttp.send(method, url, bearer(token), body);
    }

    private static String get(String url) {
        return TestHttp.get(url, null).body();
    }
}
