package dev.gatehouse.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.scim.ScimJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

/** HTTP helpers for tests against a running API. */
final class ApiFixture {
    static final String ADMIN_KEY = "test-admin-key";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ApiFixture() {
    }

    static HttpResponse<String> send(String method, String url, String auth, String body) {
        return exchange(method, url, auth, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    }

    /** A request whose body is sent byte for byte (for encodings a String cannot hold). */
    static HttpResponse<String> sendBytes(String method, String url, String auth, byte[] body) {
        return exchange(method, url, auth, HttpRequest.BodyPublishers.ofByteArray(body));
    }

    private static HttpResponse<String> exchange(String method, String url, String auth, HttpRequest.BodyPublisher body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/scim+json")
                .method(method, body);
        if (auth != null) {
            request.header("Authorization", auth);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return ScimJson.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    /** Asserts an RFC 7644 error answer. */
    static void assertScimError(HttpResponse<String> response, int status, String scimType) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/scim+json");
        JsonNode body = json(response);
        assertThat(body.get("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(body.get("status").asText()).isEqualTo(Integer.toString(status));
        if (scimType != null) {
            assertThat(body.path("scimType").asText()).as(response.body()).isEqualTo(scimType);
        }
    }

    /** A valid SSO configuration with a directory and domain of its own. */
    static String ssoBody() {
        String unique = UUID.randomUUID().toString();
        return "{\"provider\":\"entra-id\",\"directoryId\":\"" + unique + "\",\"domains\":[\"d"
                + unique.substring(0, 8) + ".example.com\"]}";
    }

}
