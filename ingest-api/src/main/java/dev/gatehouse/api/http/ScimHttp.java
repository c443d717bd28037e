package dev.gatehouse.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.scim.ScimException;
import dev.gatehouse.scim.ScimJson;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** How SCIM answers are written: always {@code application/scim+json}, errors as RFC 7644 bodies ({@link ApiErrors}). */
final class ScimHttp {
    static final String SCIM_JSON = "application/scim+json; charset=utf-8";
    /** Request attribute: the detail of the SCIM error answered, for the activity log. */
    static final String ERROR_DETAIL = "gatehouse.errorDetail";

    private ScimHttp() {
    }

    static void json(Context ctx, int status, JsonNode body) {
        ctx.status(status).contentType(SCIM_JSON);
        if (status >= 400 && body != null && body.hasNonNull("detail")) {
            ctx.attribute(ERROR_DETAIL, body.get("detail").asText());
        }
        if (body == null || body.isNull() || status == 204) {
            ctx.result(new byte[0]);
        } else {
            // UTF-8 bytes, as the content type says, whatever Javalin's default for a String is.
            ctx.result(body.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * An error for a status that has no {@link ScimException} factory (405, 500): still rendered as an
     * RFC 7644 §3.12 body, because Entra and the SCIM Validator expect SCIM JSON on every answer
     * (docs/entra-id.md §5.4).
     */
    static ScimException failure(int status, String detail) {
        ObjectNode body = ScimJson.mapper().createObjectNode();
        body.put("status", Integer.toString(status)).put("detail", detail);
        return ScimException.fromBody(body);
    }

    /** The request body as a JSON object, read strictly ({@link StrictJson}), or a 400. */
    static ObjectNode body(Context ctx) {
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length == 0) {
            throw ScimException.invalidSyntax("a JSON request body is required");
        }
        return StrictJson.object(bytes);
    }

    /** The base URL of this service as the client sees it, for Location and meta.location. */
    static String baseUrl(Context ctx, Optional<String> publicUrl) {
        return publicUrl.orElseGet(() -> {
            String proto = Optional.ofNullable(ctx.header("X-Forwarded-Proto")).orElse(ctx.scheme());
            return proto + "://" + ctx.host();
        });
    }
}
