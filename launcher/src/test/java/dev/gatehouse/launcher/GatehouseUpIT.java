package dev.gatehouse.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.scim.ScimJson;
import dev.gatehouse.testkit.FreePorts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's promise, on the packaged jar as a real process: {@code gatehouse up --demo} prints a
 * Tenant URL and a Secret Token; SCIM writes reach the door simulator; after {@code kill -9} and
 * {@code up} again, every user that got a 201 is still there.
 */
class GatehouseUpIT {
    private static final Duration START = Duration.ofSeconds(120);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Process> processes = new ArrayList<>();
    private final Map<String, String> ports = Map.of(
            "GATEHOUSE_PROCESSOR_PORT", Integer.toString(FreePorts.next()),
            "GATEHOUSE_SIMULATOR_PORT", Integer.toString(FreePorts.next()),
            "GATEHOUSE_SYNC_HTTP_PORT", Integer.toString(FreePorts.next()),
            "GATEHOUSE_KAFKA_PORT", Integer.toString(FreePorts.next()),
            "GATEHOUSE_KAFKA_CONTROLLER_PORT", Integer.toString(FreePorts.next()));
    private final int httpPort = FreePorts.next();

    @TempDir
    Path dataDir;

    @AfterEach
    void stop() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void demoStackProvisionsToTheDoorSimulatorAndSurvivesKillDashNine() throws Exception {
        Started first = up(true);
        assertThat(first.lines).anySatisfy(l -> assertThat(l).isEqualTo("Tenant URL: http://localhost:" + httpPort + "/scim/v2"));
        String token = first.value("Secret Token: ");
        String tenant = first.value("Organization: ");
        String base = first.value("Tenant URL: ");
        assertThat(Files.getPosixFilePermissions(dataDir.resolve("admin.key")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));

        HttpResponse<String> created = send("POST", base + "/Users", token,
                "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"ada@example.com\","
                        + "\"active\":true,\"metadata\":{\"city\":\"Berlin\"}}");
        assertThat(created.statusCode()).isEqualTo(201);
        String id = json(created).get("id").asText();
        assertThat(send("GET", base + "/Users/" + id, token, null).statusCode()).isEqualTo(200);
        String persons = "http://127.0.0.1:" + ports.get("GATEHOUSE_SIMULATOR_PORT") + "/v1/tenants/" + tenant + "/persons";
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(ScimJson.mapper().readTree(get(persons)).findValuesAsText("id")).contains(id));

        // One JVM, three services: each serves its own metrics and health on its own port.
        String api = "http://127.0.0.1:" + httpPort;
        String processor = "http://127.0.0.1:" + ports.get("GATEHOUSE_PROCESSOR_PORT");
        String sync = "http://127.0.0.1:" + ports.get("GATEHOUSE_SYNC_HTTP_PORT");
        assertThat(get(api + "/metrics")).contains("gatehouse_scim_requests_seconds_count{", "service=\"ingest-api\"");
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

        first.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        Started again = up(false);
        assertThat(again.lines).noneMatch(l -> l.startsWith("Secret Token"));

        HttpResponse<String> survived = send("GET", base + "/Users/" + id, token, null);
        assertThat(survived.statusCode()).isEqualTo(200);
        assertThat(json(survived).get("userName").asText()).isEqualTo("ada@example.com");
        assertThat(send("GET", base + "/Users/" + secondId, token, null).statusCode()).isEqualTo(404);
    }

    private Started up(boolean demo) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(javaBin(), "-Xmx768m", "-jar",
                Path.of("target", "gatehouse.jar").toAbsolutePath().toString(),
                "up", "--data-dir", dataDir.toString(), "--port", Integer.toString(httpPort)));
        if (demo) {
            command.add("--demo");
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("GATEHOUSE_ADMIN_KEY");
        builder.environment().putAll(ports);
        builder.environment().put("GATEHOUSE_PROCESSOR_URL", "http://127.0.0.1:" + ports.get("GATEHOUSE_PROCESSOR_PORT"));
        builder.environment().put("GATEHOUSE_WEBHOOK_URL",
                "http://127.0.0.1:" + ports.get("GATEHOUSE_SIMULATOR_PORT") + "/webhook");
        Process process = builder.start();
        processes.add(process);
        BlockingQueue<String> output = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    output.add(line);
                }
            } catch (IOException ignored) {
                // the process was killed
            }
        });
        reader.setDaemon(true);
        reader.start();
        List<String> lines = new ArrayList<>();
        long deadline = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < deadline) {
            String line = output.poll(1, TimeUnit.SECONDS);
            if (line != null) {
                lines.add(line);
                if (line.startsWith("Press Ctrl-C")) {
                    return new Started(process, lines);
                }
            }
            assertThat(process.isAlive()).as("gatehouse up exited early: %s", lines).isTrue();
        }
        throw new AssertionError("gatehouse up did not start within " + START + ": " + lines);
    }

    private HttpResponse<String> send(String method, String url, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/scim+json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return ScimJson.mapper().readTree(response.body());
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }


    private record Started(Process process, List<String> lines) {
        String value(String prefix) {
            return lines.stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()))
                    .findFirst().orElseThrow(() -> new AssertionError("no line '" + prefix + "' in " + lines));
        }
    }
}
