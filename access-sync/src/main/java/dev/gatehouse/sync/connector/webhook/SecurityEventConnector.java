package dev.gatehouse.sync.connector.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.contract.AccessChange;
import dev.gatehouse.contract.ScimEvents;
import dev.gatehouse.contract.SecurityEventSigner;
import dev.gatehouse.scim.ScimJson;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.util.Optional;

/**
 * Pushes each change as a SCIM Security Event Token (RFC 9967 events in an RFC 8417 SET, built and
 * HS256-signed by {@link SecurityEventSigner}) by RFC 8935 push delivery: {@code POST} with
 * {@code Content-Type: application/secevent+jwt}. The receiver answers 202 Accepted (any 2xx is
 * taken as applied); 400 with {@code {"err", "description"}} rejects the SET for good (dead letter,
 * the code and description in the error); 408, 425, 429 and 5xx are retried as for the JSON webhook.
 * A retry is a new token (new {@code jti}, same {@code txn}). Nothing here logs the token or the secret.
 */
public final class SecurityEventConnector extends HttpPushConnector {
    private static final int MAX_DESCRIPTION = 200;

    private final SecurityEventSigner signer;

    /** A connector for every organization ({@code tenant} empty) or for one. */
    public SecurityEventConnector(String name, String url, Optional<String> tenant, SecurityEventSigner signer) {
        super(name, url, tenant, "SET receiver");
        this.signer = signer;
    }

    @Override
    HttpRequest request(HttpRequest.Builder post, AccessChange change) {
        return post.header("Content-Type", ScimEvents.CONTENT_TYPE)
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(signer.sign(change)))
                .build();
    }

    @Override
    String rejection(int status, String body) {
        return status == 400 ? error(body) : "";
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
        return "SecurityEventConnector[" + name() + ", " + url() + ", " + signer + "]";
    }
}
