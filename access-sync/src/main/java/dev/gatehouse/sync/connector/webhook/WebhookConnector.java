package dev.gatehouse.sync.connector.webhook;

import dev.gatehouse.contract.AccessChange;
import dev.gatehouse.contract.WebhookSignature;
import dev.gatehouse.pipeline.JsonSerde;
import dev.gatehouse.sync.connector.PushOutcome;
import java.net.http.HttpRequest;
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
public final class WebhookConnector extends HttpPushConnector {
    private static final JsonSerde<AccessChange> SERDE = JsonSerde.of(AccessChange.class);

    private final Optional<WebhookSignature> signature;

    /** The webhook for every organization. */
    public WebhookConnector(String name, String url, Optional<String> secret) {
        this(name, url, secret, Optional.empty());
    }

    /** The webhook for every organization ({@code tenant} empty) or for one. */
    public WebhookConnector(String name, String url, Optional<String> secret, Optional<String> tenant) {
        super(name, url, tenant, "webhook");
        this.signature = secret.map(WebhookSignature::new);
    }

    @Override
    HttpRequest request(HttpRequest.Builder post, AccessChange change) {
        byte[] body = SERDE.toBytes(change);
        post.header("Content-Type", "application/json")
                .header("Idempotency-Key", change.eventId())
                .header("X-Gatehouse-Event-Id", change.eventId())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        signature.ifPresent(s -> post.header(WebhookSignature.HEADER, s.sign(body)));
        return post.build();
    }

    static PushOutcome outcome(int status, Optional<String> retryAfter) {
        return outcome(status, retryAfter, "webhook");
    }
}
