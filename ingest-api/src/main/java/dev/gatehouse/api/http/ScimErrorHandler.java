package dev.gatehouse.api.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.scim.ScimException;
import dev.gatehouse.scim.ScimJson;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own errors — a request it refuses before any route sees it (an undecodable or ambiguous
 * path, a malformed request line, an unknown method) — answered as RFC 7644 error bodies like every
 * other error, never Jetty's HTML page.
 */
final class ScimErrorHandler extends ErrorHandler {
    private static final HttpField SCIM_JSON = new HttpField(HttpHeader.CONTENT_TYPE, ScimHttp.SCIM_JSON + ";charset=utf-8");

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        response.getHeaders().put(SCIM_JSON);
        response.write(true, ByteBuffer.wrap(body(code, message)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(SCIM_JSON);
        return ByteBuffer.wrap(body(status, reason));
    }

    private static byte[] body(int code, String message) {
        ObjectNode body = ScimJson.mapper().createObjectNode();
        body.putArray("schemas").add(ScimException.ERROR_SCHEMA);
        body.put("status", Integer.toString(code));
        if (code == 400) {
            body.put("scimType", "invalidSyntax");
        }
        body.put("detail", message == null || message.isBlank() ? "the request cannot be served" : message);
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }
}
