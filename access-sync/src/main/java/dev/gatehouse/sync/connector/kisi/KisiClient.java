package dev.gatehouse.sync.connector.kisi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.gatehouse.scim.ScimJson;
import dev.gatehouse.sync.connector.PushOutcome;
import dev.gatehouse.sync.connector.RateLimiter;
import dev.gatehouse.sync.connector.RetryAfter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Kisi's REST API over HTTP: JSON in and out, {@code Authorization: KISI-LOGIN <key>}, every request
 * through the connector's {@link RateLimiter}. Answers are values: the status and body, or the
 * {@link PushOutcome} a failed call means. The API key lives only here and is never logged.
 */
final class KisiClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final URI base;
    private final String authorization;
    private final RateLimiter limiter;
    private final HttpClient http;

    KisiClient(KisiSettings settings) {
        this.base = settings.baseUrl();
        this.http = HttpClients.forUrl(base, Duration.ofSeconds(3));
        this.authorization = "KISI-LOGIN " + settings.apiKey();
        this.limiter = new RateLimiter(settings.requestsPerSecond());
    }

    /** One answer: the status (-1 when the system could not be reached) and the JSON body. */
    record Answer(int status, JsonNode body, Optional<String> retryAfter) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** What a failed call means: retry (throttled, unavailable, unauthorized) or rejected. */
        PushOutcome failure(String what) {
            String reason = "kisi " + what + " answered " + (status < 0 ? "nothing (unreachable)" : status);
            if (status < 0 || status == 401 || status == 403 || status == 408 || status == 429 || status >= 500) {
                // 401/403 is a credentials problem of the whole connector, not of this change: wait
                // for it to be fixed rather than dead-letter every change meanwhile.
                return new PushOutcome.RetryLater(retryAfter.flatMap(v -> RetryAfter.parse(v, Instant.now())), reason);
            }
            JsonNode errors = body.path("errors");
            return PushOutcome.rejected(reason + (errors.isMissingNode() ? "" : ": " + errors));
        }
    }

    Answer get(String pathAndQuery) {
        return send("GET", pathAndQuery, null);
    }

    /**
     * A call that changes what Kisi holds, as the push's outcome: when it succeeds, what {@code done}
     * makes of the answer's body; otherwise what the failure means ({@link Answer#failure}).
     */
    PushOutcome change(String what, String method, String path, JsonNode body, Function<JsonNode, PushOutcome> done) {
        return change(what, method, path, body, done, null);
    }

    /** As {@link #change(String, String, String, JsonNode, Function)}, but a 404 (Kisi holds nothing there) is what {@code gone} says. */
    PushOutcome change(String what, String method, String path, JsonNode body, Function<JsonNode, PushOutcome> done,
                       Supplier<PushOutcome> gone) {
        Answer answer = send(method, path, body);
        if (gone != null && answer.status() == 404) {
            return gone.get();
        }
        return answer.ok() ? done.apply(answer.body()) : answer.failure(what);
    }

    /** A DELETE: applied, once {@code forget} has dropped the caller's record of it, when it succeeded or was gone already (404). */
    PushOutcome delete(String what, String path, Runnable forget) {
        Supplier<PushOutcome> forgotten = () -> {
            forget.run();
            return PushOutcome.applied();
        };
        return change(what, "DELETE", path, null, body -> forgotten.get(), forgotten);
    }

    private Answer send(String method, String path, JsonNode body) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .header("Authorization", authorization)
                .header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        try {
            limiter.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, MissingNode.getInstance(), Optional.empty());
        }
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            JsonNode json = MissingNode.getInstance();
            if (response.body().length > 0) {
                try {
                    json = ScimJson.mapper().readTree(response.body());
                } catch (IOException notJson) {
                    // an error page: the status says enough
                }
            }
            return new Answer(response.statusCode(), json, response.headers().firstValue("Retry-After"));
        } catch (IOException e) {
            return new Answer(-1, MissingNode.getInstance(), Optional.empty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, MissingNode.getInstance(), Optional.empty());
        } finally {
            limiter.done();
        }
    }
}
