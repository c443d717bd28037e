package dev.gatehouse.sync.connector.webhook;

import dev.gatehouse.contract.AccessChange;
import dev.gatehouse.sync.connector.DoorConnector;
import dev.gatehouse.sync.connector.HttpClients;
import dev.gatehouse.sync.connector.PushOutcome;
import dev.gatehouse.sync.connector.RetryAfter;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What the push connectors share: a name, one receiver URL, all organizations or one, and one POST per
 * change whose answer decides the outcome — 2xx applied; 408, 425, 429 and 5xx retried (after
 * {@code Retry-After} when given); any other status rejected for good. A connection failure or a
 * timeout (10 s) is retried. Subclasses build the request and read a rejection.
 */
abstract class HttpPushConnector implements DoorConnector {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_REJECTION_BYTES = 4096;
    private static final int MAX_DRAINED_BYTES = 64 * 1024;

    private final String name;
    private final URI url;
    private final Optional<String> tenant;
    private final String receiver;
    private final HttpClient http;

    /** {@code receiver} names the far side in outcomes ("webhook answered 503"). */
    HttpPushConnector(String name, String url, Optional<String> tenant, String receiver) {
        this.name = name;
        this.url = URI.create(url);
        this.http = HttpClients.forUrl(this.url, Duration.ofSeconds(3));
        this.tenant = tenant;
        this.receiver = receiver;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final boolean serves(String tenantId) {
        return tenant.map(tenantId::equals).orElse(true);
    }

    /** The POST of {@code change}, on a builder already aimed at the URL with the timeout. */
    abstract HttpRequest request(HttpRequest.Builder post, AccessChange change);

    /** Why a receiver rejected a change, from its answer's body ({@code ""}: nothing to add). */
    String rejection(int status, String body) {
        return "";
    }

    @Override
    public final PushOutcome push(AccessChange change) {
        try {
            HttpResponse<InputStream> response = http.send(request(HttpRequest.newBuilder(url).timeout(TIMEOUT), change),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                PushOutcome outcome = outcome(response.statusCode(), response.headers().firstValue("Retry-After"), receiver);
                if (outcome instanceof PushOutcome.Rejected rejected) {
                    // At most the first 4 KiB of the answer: a receiver cannot make delivery hold a large body.
                    String text = new String(body.readNBytes(MAX_REJECTION_BYTES), StandardCharsets.UTF_8);
                    return new PushOutcome.Rejected(rejected.reason() + rejection(response.statusCode(), text));
                }
                // An answer of up to 64 KiB is read to its end, so the connection is reused; a longer one is dropped.
                body.readNBytes(MAX_DRAINED_BYTES);
                return outcome;
            }
        } catch (IOException e) {
            return new PushOutcome.RetryLater(Optional.empty(), receiver + " unreachable: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new PushOutcome.RetryLater(Optional.empty(), "interrupted");
        }
    }

    /** A receiver's answer as an outcome: 2xx applied; 408, 425, 429, 5xx retried; other statuses rejected. */
    static PushOutcome outcome(int status, Optional<String> retryAfter, String receiver) {
        if (status >= 200 && status < 300) {
            return PushOutcome.applied();
        }
        if (status == 408 || status == 425 || status == 429 || status >= 500) {
            return new PushOutcome.RetryLater(retryAfter.flatMap(v -> RetryAfter.parse(v, Instant.now())), receiver + " answered " + status);
        }
        return new PushOutcome.Rejected(receiver + " answered " + status);
    }

    /** The receiver's URL, for {@code toString}. */
    final URI url() {
        return url;
    }
}
