package dev.gatehouse.launcher;

import static dev.gatehouse.testkit.TestHttp.bearer;
import static dev.gatehouse.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.pipeline.KafkaProps;
import dev.gatehouse.pipeline.config.ConfigKeys;
import dev.gatehouse.pipeline.config.ConfigSource;
import dev.gatehouse.pipeline.config.KafkaConfig;
import dev.gatehouse.scim.ScimJson;
import dev.gatehouse.testkit.Contracts;
import dev.gatehouse.testkit.Gatehouse;
import dev.gatehouse.testkit.RemoteApiWrite;
import dev.gatehouse.testkit.TestHttp;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What docs/events.md promises a consumer author, on the packaged jar as real processes: on a
 * {@code gatehouse up --demo} stack, {@code gatehouse events tail --topic <name> --from-beginning} prints
 * records of every topic of the catalogue, and every printed record validates against its topic's
 * schema in {@code contracts/}; the demo's SCIM token is printed nowhere.
 */
class DemoEventsIT {
    @RegisterExtension
    final UpProcess.Launcher launcher = new UpProcess.Launcher();

    @Test
    void eventsTailPrintsRecordsOfEveryTopicThatMatchTheirSchemas() throws Exception {
        UpProcess up = launcher.start(true, Map.of());
        String token = up.value("Secret Token: ");
        String tenant = up.value("Organization: ");
        String scim = up.value("Tenant URL: ");

        // A new hire in a group, then disabled; a leaver deleted (a tombstone on users).
        String ada = json(expect(201, send("POST", scim + "/Users", token,
                "{\"userName\":\"ada@demo.test\",\"metadata\":{\"city\":\"Berlin\"}}"))).get("id").asText();
        String grace = json(expect(201, send("POST", scim + "/Users", token, "{\"userName\":\"grace@demo.test\"}")))
                .get("id").asText();
        expect(201, send("POST", scim + "/Groups", token,
                "{\"displayName\":\"Lobby\",\"members\":[{\"value\":\"" + ada + "\"}]}"));
        expect(204, send("PATCH", scim + "/Users/" + ada, token,
                Gatehouse.patchBody("[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]")));
        expect(204, send("DELETE", scim + "/Users/" + grace, token, null));
        // The door system refuses the next push for good (a connector dead letter) ...
        String simulator = "http://127.0.0.1:" + launcher.port("GATEHOUSE_SIMULATOR_PORT");
        expect(200, TestHttp.send("POST", simulator + "/v1/faults", null, "{\"failNext\":1,\"status\":400}"));
        expect(201, send("POST", scim + "/Users", token, "{\"userName\":\"refused@demo.test\"}"));
        // An OAuth client of the organization gets an access token (a grant on access-tokens) and uses it.
        Gatehouse gatehouse = new Gatehouse("http://127.0.0.1:" + launcher.httpPort(),
                Files.readString(launcher.dataDir().resolve("admin.key")).strip());
        String accessToken = gatehouse.accessToken(gatehouse.createClient(tenant));
        expect(200, send("GET", scim + "/Users", accessToken, null));
        // ... and a command no processor can read is dead-lettered too.
        String bootstrap = "127.0.0.1:" + launcher.port("GATEHOUSE_KAFKA_PORT");
        KafkaConfig kafka = KafkaConfig.from(ConfigSource.of(Map.of(ConfigKeys.BOOTSTRAP_SERVERS, bootstrap)));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KafkaProps.producer(kafka, "demo-events-it"))) {
            producer.send(new ProducerRecord<>("gatehouse.commands", tenant, "not a command {".getBytes(StandardCharsets.UTF_8)))
                    .get(30, TimeUnit.SECONDS);
            // ... and a write from an API instance in another process is answered through the results topic (the demo's
            // own API, in the processor's JVM, is answered in memory).
            producer.send(new ProducerRecord<>("gatehouse.commands", tenant, RemoteApiWrite.deleteOfNoOne(tenant)))
                    .get(30, TimeUnit.SECONDS);
        }

        for (String topic : Contracts.topics()) {
            List<JsonNode> lines = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).alias(topic + " has records")
                    .until(() -> {
                        lines.clear();
                        lines.addAll(tail(bootstrap, topic, token));
                        return !lines.isEmpty();
                    });
            for (JsonNode line : lines) {
                assertThat(line.get("topic").asText()).isEqualTo("gatehouse." + topic);
                JsonNode value = line.get("value");
                Contracts.assertValid(topic, line.get("key").asText(), value.isNull() ? null : value);
            }
        }
    }

    /** {@code gatehouse events tail --topic <topic> --from-beginning} on the jar: its lines, parsed. */
    private List<JsonNode> tail(String bootstrap, String topic, String token) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of("target", "gatehouse.jar").toAbsolutePath().toString(),
                "events", "tail", "--topic", topic, "--from-beginning");
        builder.environment().keySet().removeIf(key -> key.startsWith("GATEHOUSE_"));
        builder.environment().put("GATEHOUSE_BOOTSTRAP_SERVERS", bootstrap);
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        Path output = Files.createTempFile("events-tail-" + topic, ".jsonl");
        builder.redirectOutput(output.toFile());
        Process process = builder.start();
        boolean ended = process.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly();
        }
        assertThat(ended).as("events tail ends without --follow").isTrue();
        assertThat(process.exitValue()).as("events tail --topic " + topic).isZero();
        String out = Files.readString(output, StandardCharsets.UTF_8);
        Files.delete(output);
        assertThat(out).as("the SCIM token is never printed").doesNotContain(token);
        assertThat(out).as("no access token is printed").doesNotContain("gh_at_");
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                lines.add(ScimJson.mapper().readTree(line));
            }
        }
        return lines;
    }

    private static HttpResponse<String> send(String method, String url, String token, String body) {
        return TestHttp.send(method, url, bearer(token), body);
    }

    private static HttpResponse<String> expect(int status, HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return response;
    }
}
