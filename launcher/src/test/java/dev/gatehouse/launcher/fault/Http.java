package dev.gatehouse.launcher.fault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.gatehouse.scim.ScimJson;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One HTTP call and what came of it: a status, or the exception that took its place. Never throws for
 * a network failure: the load classifies it instead.
 */
final class Http {
    /** Far past the API's deadline, so a hang shows as a long call rather than being cut short. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private Http() {
    }

    /** The answer: {@code status} 0 when there was none ({@code error} says why). */
    record Answer(int status, String body, String retryAfter, Exception error, long millis) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** Nothing reached the server: the connection was refused (or never made). */
        boolean refused() {
            return error instanceof ConnectException;
        }

        JsonNode json() {
            try {
                return body == null || body.isEmpty() ? MissingNode.getInstance() : ScimJson.mapper().readTree(body);
            } catch (IOException e) {
                return MissingNode.getInstance();
            }
        }

        @Override
        public String toString() {
            return status == 0 ? String.valueOf(error) : status + " " + (body == null ? "" : body);
        }
    }

    static Answer send(String method, String url, String bearer, String body) {
        long started = System.nanoTime();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT);
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (body != null) {
            request.header("Content-Type", "application/scim+json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> r = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body(), r.headers().firstValue("Retry-After").orElse(null), null,
                    millisSince(started));
        } catch (IOException e) {
            return new Answer(0, null, null, e, millisSince(started));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, null, null, e, millisSince(started));
        }
    }

    static Answer get(String url, String bearer) {
        return send("GET", url, bearer, null);
    }

    static String filter(String filter) {
        return "filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8);
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
