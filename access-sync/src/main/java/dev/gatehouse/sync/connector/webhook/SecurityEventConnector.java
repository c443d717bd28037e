package dev.gatehouse.sync.connector.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.contract.AccessChange;
import dev.gatehouse.contract.ScimEvents;
import dev.gatehouse.contract.SecurityEventSigner;
import dev.gatehouse.scim.ScimJson;
import dev.gatehouse.sync.connector.DoorConnector;
import dev.gatehouse.sync.connector.PushOutcome;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Pushes each change as a SCIM Security Event Token (RFC 9967 events in an RFC 8417 SET, built and
 * HS256-signed by {@link SecurityEventSigner}) by RFC 8935 push delivery: {@code POST} with
 * {@code Content-Type: application/secevent+jwt}. The receiver answers 202 Accepted (any 2xx is
 * taken as applied); 400 with {@code {"err", "description"}} rejects the SET for good (dead letter,
 * the code and description in the error); 408, 425, 429 and 5xx are retried as for the JSON webhook.
 * A retry is a new token (new {@code jti}, same {@code txn}). Nothing here logs the token or the secret.
 */
public final class SecurityEventConnector implements DoorConnector {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_DESCRIPTION = 200;

    private final String name;
    private final URI url;
    private final Optional<String> tenant;
    private final SecurityEventSigner signer;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    /** A connector for every organization ({@code tenant} empty) or for one. */
    public SecurityEventConnector(String name, String url, Optional<String> tenant, SecurityEventSigner signer) {
        this.name = name;
        this.url = URI.create(url);
        this.tenant = tenant;
        this.signer = signer;
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
        HttpRequest request = HttpRequest.newBuilder(url).timeout(TIMEOUT)
                .header("Content-Type", ScimEvents.CONTENT_TYPE)
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(signer.sign(change)))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 400) {
                return PushOutcome.rejected("SET receiver answered 400" + error(response.body()));
            }
            return WebhookConnector.outcome(response.statusCode(), response.headers().firstValue("Retry-After"), "SET receiver");
        } catch (IOException e) {
            return new PushOutcome.RetryLater(Optional.empty(), "SET receiver unreachable: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new PushOutcome.RetryLater(Optional.empty(), "interrupted");
        }
    }

    /** The RFC 8935 error of a 400 body, shortened: {@code ": invalid_key: the signature ..."}, or nothing. */
    static String error(String body) {
        JsonNode error;
        try {
            error = ScimJson.mapper().readTree(body == null ? "" : body);
        } catch (IOException e) {
            return "";
        }
        if (error == null || !error.path("err").isTextual()) {
            return "";
        }
        String text = error.get("err").asText() + (error.path("description").isTextual() ? ": " + error.get("description").asText() : "");
        return ": " + (text.length() > MAX_DESCRIPTION ? text.substring(0, MAX_DESCRIPTION) + "…" : text);
    }

    @Override
    public String toString() {
        return "SecurityEventConnector[" + name + ", " + url + ", " + signer + "]";
    }
}
