package dev.gatehouse.api.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.scim.ScimJson;
import java.io.IOException;

/**
 * The suite-wide rules for every answer to a hostile request: there is one (unless the connection was
 * closed on a request that is not HTTP at all), it is never a 5xx, and a 4xx carries an error body —
 * RFC 7644 §3.12 under /scim ({@code schemas} with the Error URN, {@code status} as the code in a
 * string, {@code application/scim+json}), elsewhere {@code {"error": …}} or the same SCIM body (Jetty's
 * own refusals, before any route, are SCIM-shaped everywhere).
 */
final class Verdict {
    static final String ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

    private Verdict() {
    }

    /** Null when the answer obeys the rules, else the broken rule. */
    static String check(RawRequest request, RawHttp.Response response) {
        if (!response.answered()) {
            return "no answer: " + response.failure();
        }
        int status = response.status();
        if (status >= 500) {
            return "5xx: " + Text.abbreviate(response.bodyText(), 200);
        }
        if (status < 400 || request.isHead()) {
            return null;
        }
        return errorBody(request.isScim(), response);
    }

    private static String errorBody(boolean scim, RawHttp.Response response) {
        String contentType = response.header("Content-Type");
        JsonNode body;
        try {
            body = ScimJson.mapper().readTree(response.body());
        } catch (IOException e) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            return "error body is not a JSON object: [" + contentType + "] " + Text.abbreviate(response.bodyText(), 120);
        }
        boolean scimShaped = body.path("schemas").toString().contains(ERROR_SCHEMA) && body.path("status").isTextual()
                && body.path("status").asText().equals(Integer.toString(response.status()));
        boolean scimType = contentType != null && contentType.startsWith("application/scim+json");
        if (scim) {
            return scimShaped && scimType ? null
                    : "not an RFC 7644 error body: [" + contentType + "] " + Text.abbreviate(response.bodyText(), 120);
        }
        boolean adminShaped = body.path("error").isTextual() && contentType != null && contentType.contains("json");
        return adminShaped || scimShaped && scimType ? null
                : "not an error body: [" + contentType + "] " + Text.abbreviate(response.bodyText(), 120);
    }
}
