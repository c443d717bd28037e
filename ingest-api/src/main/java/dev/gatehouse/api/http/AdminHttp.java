package dev.gatehouse.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.tenant.Actor;
import dev.gatehouse.scim.ScimJson;
import io.javalin.http.Context;
import java.io.IOException;

/**
 * What every admin API and console call shares ({@code /admin/v1}, plain JSON): its refusals, reading
 * a JSON object body, writing a JSON answer, and the actor {@link AdminAuth} authenticated.
 */
final class AdminHttp {
    static final String ACTOR = "gatehouse.actor";

    private AdminHttp() {
    }

    /** Thrown for a refused admin call; rendered as {@code {"error": …}} ({@link ApiErrors}). */
    static final class AdminError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        final int status;
        final long retryAfterSeconds;

        AdminError(int status, String message) {
            this(status, message, 0);
        }

        AdminError(int status, String message, long retryAfterSeconds) {
            super(message, null, false, false);
            this.status = status;
            this.retryAfterSeconds = retryAfterSeconds;
        }
    }

    static AdminError notFound() {
        return new AdminError(404, "no such organization");
    }

    /** Who is calling, as {@link AdminAuth#authenticate} recorded it. */
    static Actor actor(Context ctx) {
        Actor actor = ctx.attribute(ACTOR);
        return actor == null ? Actor.system("unknown") : actor;
    }

    static ObjectNode body(Context ctx) {
        try {
            JsonNode node = ScimJson.mapper().readTree(ctx.bodyAsBytes());
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (IOException e) {
            // reported below
        }
        throw new AdminError(400, "the request body must be a JSON object");
    }

    static String text(ObjectNode body, String field) {
        JsonNode node = body.get(field);
        return node != null && node.isTextual() ? node.asText() : null;
    }

    /** The {@code limit} query parameter: {@code otherwise} when absent, else a number from 1 to {@code max} (400). */
    static int limit(Context ctx, int otherwise, int max) {
        String value = ctx.queryParam("limit");
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            int limit = Integer.parseInt(value.trim());
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new AdminError(400, "\"limit\" must be a number from 1 to " + max);
    }

    static void json(Context ctx, int status, JsonNode body) {
        ctx.header("Cache-Control", "no-store");
        ctx.status(status).contentType("application/json").result(body.toString());
    }
}
