package dev.gatehouse.sync.connector.webhook;

import dev.gatehouse.contract.AccessChange;
import dev.gatehouse.contract.WebhookSignature;
import dev.gatehouse.pipeline.JsonSerde;
import dev.gatehouse.sync.connector.DoorConnector;
import dev.gatehouse.sync.connector.PushOutcome;
import dev.gatehouse.sync.connector.RetryAfter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Pushes each change as an HTTP POST of the {@link AccessChange} JSON. The receiver contract:
 * <ul>
 *   <li>{@code Idempotency-Key} / {@code X-Gatehouse-Event-Id}: the event id (stable across replays);</li>
 *   <li>{@code X-Gatehouse-Signature}: {@code sha256=} HMAC of the body ({@link WebhookSignature});</li>
 *   <li>answer 2xx when applied; 408, 425, 429 or 5xx (with an optional {@code Retry-After}, seconds
 *       or an HTTP-date) to have it retried; any other 4xx rejects it for good (dead letter).</li>
 * </ul>
 * A receiver applies a change only if its {@code version} is newer than what it holds. No timestamp
 * header is sent: the event id is stable across replays and the version check makes a replayed
 * body harmless, so the signature covers the body alone. Connection failures and timeouts (10 s)
 * are retried. The secret is held only inside {@link WebhookSignature} and never logged.
 */
public final class WebhookConnector implements DoorConnector {
    private static final JsonSerde<AccessChange> SERDE = JsonSerde.of(AccessChange.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final String name;
    private final URI url;
    private final Optional<WebhookSignature> signature;
    private final Optional<String> tenant;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    /** The webhook for every organization. */
    public WebhookConnector(String name, String url, Optional<String> secret) {
        this(name, url, secret, Optional.empty());
    }

    /** The webhook for every organization ({@code tenant} empty) or for one. */
    public WebhookConnector(String name, String url, Optional<String> secret, Optional<String> tenant) {
        this.name = name;
        this.url = URI.create(url);
        this.signature = secret.map(WebhookSignature::new);
        this.tenant = tenant;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean serves(String tenantId) {
        return tenant.map(tenantId::equals).orElse(true);
    }

    @Override
    public PushOutcome push(AccessChange change) {
        byte[] body = SERDE.toBytes(change);
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", change.eventId())
                .header("X-Gatehouse-Event-Id", change.eventId())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        signature.ifPresent(s -> request.header(WebhookSignature.HEADER, s.sign(body)));
        try {
            HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
            return outcome(response.statusCode(), response.headers().firstValue("Retry-After"));
        } catch (IOException e) {
            return new PushOutcome.RetryLater(Optional.empty(), "webhook unreachable: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new PushOutcome.RetryLater(Optional.empty(), "interrupted");
        }
    }

    static PushOutcome outcome(int status, Optional<String> retryAfter) {
        return outcome(status, retryAfter, "webhook");
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
}
