package dev.gatehouse.scim;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A SCIM protocol error (RFC 7644 §3.12): an HTTP status, an optional {@code scimType} and a
 * human-readable detail. Built only through the factory methods, rendered by {@link #toBody()}.
 */
public final class ScimException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public static final String ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

    private final int status;
    private final String scimType;

    private ScimException(int status, String scimType, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.scimType = scimType;
    }

    public static ScimException badRequest(String scimType, String detail) {
        return new ScimException(400, scimType, detail);
    }

    public static ScimException invalidSyntax(String detail) {
        return badRequest("invalidSyntax", detail);
    }

    public static ScimException invalidValue(String detail) {
        return badRequest("invalidValue", detail);
    }

    public static ScimException invalidFilter(String detail) {
        return badRequest("invalidFilter", detail);
    }

    public static ScimException invalidPath(String detail) {
        return badRequest("invalidPath", detail);
    }

    public static ScimException mutability(String detail) {
        return badRequest("mutability", detail);
    }

    public static ScimException unauthorized(String detail) {
        return new ScimException(401, null, detail);
    }

    public static ScimException forbidden(String detail) {
        return new ScimException(403, null, detail);
    }

    public static ScimException notFound(String detail) {
        return new ScimException(404, null, detail);
    }

    public static ScimException uniqueness(String detail) {
        return new ScimException(409, "uniqueness", detail);
    }

    public static ScimException preconditionFailed(String detail) {
        return new ScimException(412, null, detail);
    }

    public static ScimException payloadTooLarge(String detail) {
        return new ScimException(413, null, detail);
    }

    /** 429: the caller is sending more than it may now (RFC 6585); answered with Retry-After. */
    public static ScimException tooManyRequests(String detail) {
        return new ScimException(429, null, detail);
    }

    public static ScimException unavailable(String detail) {
        return new ScimException(503, null, detail);
    }

    /** Rebuilds an exception from an error body produced by {@link #toBody()}. */
    public static ScimException fromBody(ObjectNode body) {
        int status = Integer.parseInt(body.path("status").asText("500"));
        String type = body.hasNonNull("scimType") ? body.get("scimType").asText() : null;
        return new ScimException(status, type, body.path("detail").asText(""));
    }

    public int status() {
        return status;
    }

    public String scimType() {
        return scimType;
    }

    public String detail() {
        return getMessage();
    }

    /** The RFC 7644 §3.12 error body; {@code status} is a string, as the RFC's examples show. */
    public ObjectNode toBody() {
        ObjectNode body = ScimJson.mapper().createObjectNode();
        body.putArray("schemas").add(ERROR_SCHEMA);
        body.put("status", Integer.toString(status));
        if (scimType != null) {
            body.put("scimType", scimType);
        }
        if (getMessage() != null) {
            body.put("detail", getMessage());
        }
        return body;
    }
}
