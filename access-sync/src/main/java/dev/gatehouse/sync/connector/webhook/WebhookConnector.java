package dev.gatehouse.sync.connector.webhook;

import dev.gatehouse.contract.AccessChange;
import dev.gatehouse.contract.WebhookSignature;
import dev.gatehouse.pipeline.JsonSerde;
import dev.gatehouse.sync.connector.PushOutcome;
import java.util.Optional;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;

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
 * are retried. The secret is held only inside {@link WebhookSignature} and never logged. The body is the
 * change exactly as the access-changes record holds it when delivery passes it on (no second encoding).
 */
public final class WebhookConnector extends HttpPushConnector {
    private static final JsonSerde<AccessChange> SERDE = JsonSerde.of(AccessChange.class);
    private static final ContentType JSON = ContentType.create("application/json");

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
    ClassicHttpRequest request(ClassicRequestBuilder post, AccessChange change, byte[] encoded) {
        byte[] body = encoded != null ? encoded : SERDE.toBytes(change);
        post.setHeader("Idempotency-Key", change.eventId())
                .setHeader("X-Gatehouse-Event-Id", change.eventId())
                .setEntity(new ByteArrayEntity(body, JSON));
        signature.ifPresent(s -> post.setHeader(WebhookSignature.HEADER, s.sign(body)));
        return post.build();
    }

    static PushOutcome outcome(int status, Optional<String> retryAfter) {
        return outcome(status, retryAfter, "webhook");
    }
}
