package dev.gatehouse.launcher.fault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.gatehouse.scim.ScimJson;
import dev.gatehouse.testkit.Gatehouse;
import dev.gatehouse.testkit.TestHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.http.HttpResponse;

/**
 * One HTTP call (the tests' {@link TestHttp}) and what came of it: a status, or the exception that took
 * its place. Never throws for a network failure: the load classifies it instead.
 */
final class Http {
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

    /** {@code bearer}: the token, or null for no {@code Authorization} header. */
    static Answer send(String method, String url, String bearer, String body) {
        long started = System.nanoTime();
        try {
            HttpResponse<String> r = TestHttp.send(method, url, bearer == null ? null : TestHttp.bearer(bearer), body);
            return new Answer(r.statusCode(), r.body(), r.headers().firstValue("Retry-After").orElse(null), null,
                    millisSince(started));
        } catch (UncheckedIOException e) {
            return new Answer(0, null, null, e.getCause(), millisSince(started));
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof InterruptedException interrupted) { // the interrupt is kept by TestHttp
                return new Answer(0, null, null, interrupted, millisSince(started));
            }
            throw e;
        }
    }

    static Answer get(String url, String bearer) {
        return send("GET", url, bearer, null);
    }

    static String filter(String filter) {
        return "filter=" + Gatehouse.encode(filter);
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
