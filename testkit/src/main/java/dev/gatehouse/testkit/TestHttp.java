package dev.gatehouse.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.scim.ScimJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The one HTTP client of the tests: a request with an optional {@code Authorization} header and a SCIM
 * JSON body, answered as text. A network failure is an {@link UncheckedIOException}; tests that classify failures
 * (fault and load scenarios) catch it.
 */
public final class TestHttp {
    /** Far past any deadline of the services, so a hang shows as a long call rather than being cut short. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private TestHttp() {
    }

    /** The {@code Authorization} header value for a bearer token. */
    public static String bearer(String token) {
        return "Bearer " + token;
    }

    /** {@code body} sent as UTF-8 (none when null); {@code authorization} as the header's whole value when not null. */
    public static HttpResponse<String> send(String method, String url, String authorization, String body) {
        return exchange(method, url, authorization, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
    }

    /** A body sent byte for byte (for encodings a String cannot hold). */
    public static HttpResponse<String> sendBytes(String method, String url, String authorization, byte[] body) {
        return exchange(method, url, authorization, HttpRequest.BodyPublishers.ofByteArray(body));
    }

    public static HttpResponse<String> get(String url, String authorization) {
        return send("GET", url, authorization, null);
    }

    private static HttpResponse<String> exchange(String method, String url, String authorization, HttpRequest.BodyPublisher body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/scim+json")
                .method(method, body);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + method + " " + url, e);
        }
    }

    /** The body as JSON; an assertion error naming the body when it is not. */
    public static JsonNode json(HttpResponse<String> response) {
        try {
            return ScimJson.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    /** Asserts an RFC 7644 §3.12 error answer: the status, the SCIM media type, the error schema, the {@code scimType}. */
    public static void assertScimError(HttpResponse<String> response, int status, String scimType) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/scim+json");
        JsonNode body = json(response);
        assertThat(body.path("schemas").path(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(body.path("status").asText()).isEqualTo(Integer.toString(status));
        if (scimType != null) {
            assertThat(body.path("scimType").asText()).as(response.body()).isEqualTo(scimType);
        }
    }
}
