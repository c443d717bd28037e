package dev.gatehouse.launcher.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.scim.ScimJson;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A minimal SCIM client for load: one shared HTTP/1.1 client (its threads are load threads), bearer token, JSON bodies. */
public final class ScimClient {
    public static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    public static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
    public static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    /** The revocation: a user's {@code active} set to false, as Entra disables a person. */
    public static final String DEACTIVATE = patch("[{\"op\":\"Replace\",\"path\":\"active\",\"value\":false}]");
    public static final String ACTIVATE = patch("[{\"op\":\"Replace\",\"path\":\"active\",\"value\":true}]");

    private final HttpClient http = LoadThreads.BENCH.httpClient(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)), "bench-http");
    private final String baseUrl;
    private final String token;

    /** {@code baseUrl}: the Tenant URL, e.g. {@code http://localhost:8080/scim/v2}. */
    public ScimClient(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    public record Answer(int status, String body) {
        public JsonNode json() {
            try {
                return ScimJson.mapper().readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON: " + body, e);
            }
        }
    }

    public Answer send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30));
        if (body != null) {
            request.header("Content-Type", "application/scim+json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }

    public static String filter(String filter) {
        return "filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8);
    }

    /** The smallest user a client creates: {@code userName} and {@code active} only. */
    public static String user(String userName) {
        return "{\"schemas\":[\"" + USER_SCHEMA + "\"],\"userName\":\"" + userName + "\",\"active\":true}";
    }

    public static String patch(String operations) {
        return "{\"schemas\":[\"" + PATCH_OP + "\"],\"Operations\":" + operations + "}";
    }
}
