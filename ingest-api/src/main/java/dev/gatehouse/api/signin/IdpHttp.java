package dev.gatehouse.api.signin;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Calls to an organization's identity provider (its discovery document and token endpoint): connect
 * and read timeouts, no redirects followed, and answers longer than {@link #MAX_RESPONSE_BYTES} refused,
 * so a slow or hostile provider costs a sign-in attempt a bounded time and memory.
 */
final class IdpHttp {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
    static final int MAX_RESPONSE_BYTES = 256 * 1024;

    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /** A provider's answer: status, content type and body. */
    record Answer(int status, String contentType, String body) {
    }

    Answer get(URI uri) throws IOException {
        return send(HttpRequest.newBuilder(uri).timeout(READ_TIMEOUT).header("Accept", "application/json").GET().build());
    }

    Answer post(URI uri, Map<String, List<String>> headers, String body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(READ_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach((name, values) -> values.forEach(v -> request.header(name, v)));
        return send(request.build());
    }

    private Answer send(HttpRequest request) throws IOException {
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        try (InputStream in = response.body()) {
            byte[] body = in.readNBytes(MAX_RESPONSE_BYTES + 1);
            if (body.length > MAX_RESPONSE_BYTES) {
                throw new IOException("the answer of " + request.uri() + " is longer than " + MAX_RESPONSE_BYTES + " bytes");
            }
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    new String(body, StandardCharsets.UTF_8));
        }
    }
}
