package dev.gatehouse.api.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.scim.ScimException;
import dev.gatehouse.scim.ScimJson;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own errors — a request it refuses before any route sees it (an undecodable or ambiguous
 * path, a malformed request line or header) — answered like every other error of the path, never as
 * Jetty's HTML page: {@code {"error": "…"}} under the admin API ({@code /admin}, and
 * {@code /console/api} which the console calls alongside it), an RFC 7644 error body everywhere else.
 *
 * <p>In Jetty 12 every such error comes through {@link #generateResponse} ({@code badMessageError}
 * is no longer called by Jetty 12.1): with the request when its target parsed, else as a synthetic
 * {@code BAD /badMessage} request, whose target {@link RequestTargets} kept when the request line was
 * read. A request line that could not be read at all (an illegal character, a URI too long, an
 * unknown version) has no known path and gets the SCIM body.
 */
final class ScimErrorHandler extends ErrorHandler {
    private static final HttpField SCIM_JSON = new HttpField(HttpHeader.CONTENT_TYPE, ScimHttp.SCIM_JSON);
    private static final HttpField ADMIN_JSON = new HttpField(HttpHeader.CONTENT_TYPE, "application/json");

    /** Every method gets a body: Jetty's default writes one only for GET, POST and HEAD, so a refused PATCH had none. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        String detail = message == null || message.isBlank() ? "the request cannot be served" : message;
        if (code == HttpStatus.HTTP_VERSION_NOT_SUPPORTED_505) {
            // A request line naming no HTTP version this server speaks is bad input, not a server failure:
            // 400, as every refusal of what a client sent (no 5xx from bad input).
            code = HttpStatus.BAD_REQUEST_400;
            response.setStatus(code);
            detail = "not an HTTP/1.1 request (" + detail + ")";
        }
        byte[] body;
        if (isAdminApi(RequestTargets.rawPath(request))) {
            response.getHeaders().put(ADMIN_JSON);
            body = ScimJson.mapper().createObjectNode().put("error", detail).toString().getBytes(StandardCharsets.UTF_8);
        } else {
            response.getHeaders().put(SCIM_JSON);
            body = scimBody(code, detail);
        }
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /**
     * Whether the target lies under {@code /admin} or {@code /console/api} as routing would see it:
     * case-insensitively (routes are), with unreserved characters percent-decoded (RFC 3986 §6.2.2.2,
     * {@code /%61dmin} is {@code /admin}) and dot-segments removed (§5.2.4). The rest of the path may
     * be undecodable: that is often why the request was refused.
     */
    static boolean isAdminApi(String raw) {
        if (raw == null) {
            return false;
        }
        String path = withoutDotSegments(decodeUnreserved(raw).toLowerCase(Locale.ROOT));
        return under(path, "/admin") || under(path, "/console/api");
    }

    /** RFC 3986 §5.2.4, on a path that may not decode: only "." and ".." segments are read. */
    private static String withoutDotSegments(String path) {
        Deque<String> kept = new ArrayDeque<>();
        for (String segment : path.split("/", -1)) {
            if (segment.equals("..")) {
                kept.pollLast();
            } else if (!segment.equals(".") && !(segment.isEmpty() && kept.isEmpty())) {
                kept.addLast(segment);
            }
        }
        return "/" + String.join("/", kept);
    }

    private static boolean under(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/") || path.startsWith(prefix + ";");
    }

    private static String decodeUnreserved(String path) {
        StringBuilder out = new StringBuilder(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%' && i + 2 < path.length()) {
                int hi = Character.digit(path.charAt(i + 1), 16);
                int lo = Character.digit(path.charAt(i + 2), 16);
                char decoded = (char) (hi * 16 + lo);
                if (hi >= 0 && lo >= 0 && (Character.isLetterOrDigit(decoded) && decoded < 0x80 || "-._~".indexOf(decoded) >= 0)) {
                    out.append(decoded);
                    i += 2;
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString();
    }

    private static byte[] scimBody(int code, String detail) {
        ObjectNode body = ScimJson.mapper().createObjectNode();
        body.putArray("schemas").add(ScimException.ERROR_SCHEMA);
        body.put("status", Integer.toString(code));
        if (code == 400) {
            body.put("scimType", "invalidSyntax");
        }
        body.put("detail", detail);
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }
}
