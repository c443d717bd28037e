package dev.gatehouse.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.api.IngestApiService;
import dev.gatehouse.api.tenant.Actor;
import dev.gatehouse.api.tenant.SsoSettings;
import dev.gatehouse.contract.SsoConfig;
import dev.gatehouse.contract.TenantRecord;
import dev.gatehouse.pipeline.config.ConfigKeys;
import dev.gatehouse.pipeline.config.ConfigSource;
import dev.gatehouse.scim.ScimJson;
import dev.gatehouse.testkit.FreePorts;
import dev.gatehouse.testkit.TestKafka;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole pipeline in one JVM on a real broker: SCIM over HTTP → commands → processor → access
 * changes → access-sync → webhook → door simulator.
 */
class StackEndToEndIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Running running;
    private static String scim;
    private static String doors;
    private static String token;
    private static String tenant;

    @BeforeAll
    static void start() {
        int processorPort = FreePorts.next();
        int simulatorPort = FreePorts.next();
        ConfigSource config = TestKafka.settings(Map.of(
                ConfigKeys.PROCESSOR_PORT, Integer.toString(processorPort),
                ConfigKeys.PROCESSOR_URL, "http://127.0.0.1:" + processorPort,
                ConfigKeys.SIMULATOR_PORT, Integer.toString(simulatorPort),
                ConfigKeys.WEBHOOK_URL, "http://127.0.0.1:" + simulatorPort + "/webhook",
                ConfigKeys.WEBHOOK_SECRET, "test-webhook-secret",
                ConfigKeys.ADMIN_KEY, "test-admin-key"));
        running = new Running();
        IngestApiService api = Stack.start(StackConfig.from(config), running);
        TenantRecord created = api.tenantAdmin().create("Acme");
        tenant = created.id();
        api.tenantAdmin().setSso(Actor.system("test"), tenant, SsoSettings.validate(SsoConfig.ENTRA_ID,
                UUID.randomUUID().toString(), List.of("acme.example"), Instant.now()));
        api.tenantAdmin().setScimEnabled(tenant, true);
        token = api.tenantAdmin().generateToken(tenant).orElseThrow();
        scim = "http://127.0.0.1:" + api.port() + "/scim/v2";
        doors = "http://127.0.0.1:" + simulatorPort + "/v1/tenants/" + tenant;
    }

    @AfterAll
    static void stop() {
        running.close();
    }

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
    private static JsonNode doorStatus(String userId) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(
                        scim.replace("/scim/v2", "") + "/admin/v1/tenants/" + tenant + "/door-status?limit=500"))
                .header("Authorization", "Bearer test-admin-key").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        for (JsonNode row : ScimJson.mapper().readTree(response.body())) {
            if (row.get("id").asText().equals(userId)) {
                return row;
            }
        }
        throw new AssertionError("no row for " + userId + " in " + response.body());
    }

    private static JsonNode person(String id) throws Exception {
        for (JsonNode person : ScimJson.mapper().readTree(get(doors + "/persons"))) {
            if (person.get("id").asText().equals(id)) {
                return person;
            }
        }
        return null;
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(scim + path))
                .timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/scim+json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> expect(int status, HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/scim+json");
        return response;
    }

    private static String get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return ScimJson.mapper().readTree(response.body());
    }

}
