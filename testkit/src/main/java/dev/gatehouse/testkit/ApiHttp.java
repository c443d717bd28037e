package dev.gatehouse.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The requests {@link TestHttp} does not make: a {@code Content-Type} of the test's own (or none),
 * headers of its own (cookies, CSRF tokens, origins, request ids), any body publisher (chunked, byte for
 * byte), sent synchronously or not. HTTP/1.1 and the same timeouts as {@link TestHttp}.
 */
public final class ApiHttp {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private ApiHttp() {
    }

    /**
     * A request to {@code url}: no {@code Content-Type} when {@code contentType} is null, then
     * {@code headers} as name, value, name, value ...; the caller may still change it (a timeout of its own).
     */
    public static HttpRequest.Builder request(String method, String url, String contentType, HttpRequest.BodyPublisher body,
            String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(TestHttp.REQUEST_TIMEOUT)
                .method(method, body);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return request;
    }

    /** {@code text} as UTF-8; no body when null. */
    public static HttpRequest.BodyPublisher body(String text) {
        return text == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(text);
    }

    /** The answer as text; a network failure is an {@link UncheckedIOException}. */
    public static HttpResponse<String> send(HttpRequest.Builder request) {
        HttpRequest built = request.build();
        try {
            return CLIENT.send(built, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(built.method() + " " + built.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + built.method() + " " + built.uri(), e);
        }
    }

    /** The same, not waited for: for bursts of concurrent requests. */
    public static CompletableFuture<HttpResponse<String>> sendAsync(HttpRequest.Builder request) {
        return CLIENT.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
