package dev.gatehouse.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.scim.ScimJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The door simulator's HTTP API, for tests. */
public final class SimulatorClient {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final String base;

    public SimulatorClient(DoorSimulator simulator) {
        this.base = "http://127.0.0.1:" + simulator.port();
    }

    public String webhookUrl() {
        return base + "/webhook";
    }

    /** The next {@code count} webhook calls answer {@code status}. */
    public void fault(int count, int status) {
        post("/v1/faults", "{\"failNext\":" + count + ",\"status\":" + status + "}");
    }

    /** The next {@code count} webhook calls answer {@code status} with {@code Retry-After: seconds}. */
    public void fault(int count, int status, long retryAfterSeconds) {
        post("/v1/faults", "{\"failNext\":" + count + ",\"status\":" + status + ",\"retryAfter\":" + retryAfterSeconds + "}");
    }

    public JsonNode persons(String tenant) {
        return get("/v1/tenants/" + tenant + "/persons");
    }

    public JsonNode groups(String tenant) {
        return get("/v1/tenants/" + tenant + "/groups");
    }

    /** Ids of the events the simulator applied for the tenant, in arrival order. */
    public JsonNode events(String tenant) {
        return get("/v1/tenants/" + tenant + "/events");
    }

    /** Webhook calls that got past signature check and injected faults. */
    public int received() {
        return get("/health").get("received").asInt();
    }

    /** Webhook calls that were SETs and got past verification and injected faults. */
    public int securityEvents() {
        return get("/health").get("securityEvents").asInt();
    }

    /** POSTs {@code token} to the webhook as {@code application/secevent+jwt}: the answer. */
    public HttpResponse<String> postSecurityEvent(String token) {
        return send(HttpRequest.newBuilder(URI.create(webhookUrl())).header("Content-Type", "application/secevent+jwt")
                .POST(HttpRequest.BodyPublishers.ofString(token)).build());
    }

    /** Injected faults not yet answered. */
    public int faultsLeft() {
        return get("/health").get("faultsLeft").asInt();
    }

    public int status(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).build()).statusCode();
    }

    private JsonNode get(String path) {
        try {
            return ScimJson.mapper().readTree(send(HttpRequest.newBuilder(URI.create(base + path)).build()).body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void post(String path, String json) {
        send(HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** Sends a request to the simulator, for tests that craft their own. */
    public static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
