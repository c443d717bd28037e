package dev.gatehouse.sync.connector.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.contract.AccessChange;
import dev.gatehouse.contract.ScimEvents;
import dev.gatehouse.contract.SecurityEventSigner;
import dev.gatehouse.scim.ScimJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;

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
    private static final ContentType SET = ContentType.create(ScimEvents.CONTENT_TYPE);

    private final SecurityEventSigner signer;

    /** A connector for every organization ({@code tenant} empty) or for one. */
    public SecurityEventConnector(String name, String url, Optional<String> tenant, SecurityEventSigner signer) {
        super(name, url, tenant, "SET receiver");
        this.signer = signer;
    }

    @Override
    ClassicHttpRequest request(ClassicRequestBuilder post, AccessChange change, byte[] encoded) {
        return post.setHeader("Accept", "application/json")
                .setEntity(new ByteArrayEntity(signer.sign(change).getBytes(StandardCharsets.US_ASCII), SET))
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
