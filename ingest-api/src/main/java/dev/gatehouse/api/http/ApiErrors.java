package dev.gatehouse.api.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.tenant.TenantAdmin;
import dev.gatehouse.scim.ScimException;
import dev.gatehouse.scim.ScimJson;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error the ingest API answers, rendered here, in one of two shapes:
 *
 * <ul>
 *   <li>SCIM: an RFC 7644 §3.12 body ({@code schemas}, {@code status} as a string, {@code scimType}
 *       where one applies, {@code detail}) as {@code application/scim+json}; 401 with
 *       {@code WWW-Authenticate: Bearer realm="scim"}, 429 and 503 with {@code Retry-After};</li>
 *   <li>admin: {@code {"error": "…"}} as {@code application/json}.</li>
 * </ul>
 *
 * Which one: a refused SCIM call ({@link ScimException}, {@link ApiServer.Throttled}) is SCIM, a refused
 * admin or console call ({@link AdminHttp.AdminError}, {@link TenantAdmin.Unavailable}) is admin
 * (with {@code Cache-Control: no-store}, as every admin answer). An error no route decided — no route
 * (404), no such method (405), Javalin's own refusals, a body that could not be read — is SCIM under
 * {@code /scim/v2} and admin elsewhere; one Jetty answers before any route sees the request
 * ({@link BeforeRouting}) is admin under {@code /admin} and {@code /console/api} and SCIM elsewhere.
 * Anything else is a 500 without its details, logged.
 *
 * <p>The server registers {@link #failed} as its one exception handler (for every {@link Exception},
 * and by name for {@link HttpResponseException}, which Javalin would otherwise answer itself as text),
 * {@link #unanswered} for the statuses of {@link #UNROUTED}, and {@link BeforeRouting} as Jetty's error
 * handler; routes that answer an error themselves (from a future, or with a header of their own) call
 * {@link #render}.
 */
final class ApiErrors {
    /** Retry-After of a 429 or 503 that names no time of its own. */
    static final String RETRY_AFTER_SECONDS = "5";
    /** Statuses Javalin sets when no route answers; {@link #unanswered} gives them a body. */
    static final int[] UNROUTED = {404, 405};
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final String SCIM = "/scim/v2";

    private ApiErrors() {
    }

    /** The server's one exception handler: whatever a route or filter throws. */
    static void failed(Exception e, Context ctx) {
        render(ctx, e);
    }

    /** A status no route answered with a body (see {@link #UNROUTED}). */
    static void unanswered(Context ctx) {
        if (ctx.result() == null || ctx.result().isEmpty()) {
            int status = ctx.statusCode();
            byPath(ctx, status, status == 405 ? "method not allowed on " + ctx.path() : "no such endpoint: " + ctx.path());
        }
    }

    /** {@code e} answered as the class comment says. */
    static void render(Context ctx, Throwable e) {
        if (e instanceof ScimException scim) {
            scim(ctx, scim);
        } else if (e instanceof AdminHttp.AdminError admin) {
            admin(ctx, admin);
        } else if (e instanceof ApiServer.Throttled throttled) {
            scim(ctx, ScimHttp.failure(429, throttled.getMessage()));
            ctx.header("Retry-After", Long.toString(throttled.retryAfterSeconds));
        } else if (e instanceof TenantAdmin.Unavailable unavailable) {
            ctx.header("Retry-After", RETRY_AFTER_SECONDS);
            admin(ctx, new AdminHttp.AdminError(503, unavailable.getMessage() + "; retry later"));
        } else if (e instanceof HttpResponseException http) {
            byPath(ctx, http.getStatus(), http.getMessage());
        } else {
            int status = requestFault(e);
            if (status > 0) {
                byPath(ctx, status, "the request could not be read: its body ended early or is not framed as "
                        + "its headers say (Content-Length, chunked encoding)");
            } else {
                internal(ctx, e);
            }
        }
    }

    private static void scim(Context ctx, ScimException e) {
        if (e.status() == 401) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"scim\"");
        }
        if (e.status() == 503 || e.status() == 429) {
            ctx.header("Retry-After", RETRY_AFTER_SECONDS);
        }
        ScimHttp.json(ctx, e.status(), e.toBody());
    }

    private static void admin(Context ctx, AdminHttp.AdminError e) {
        if (e.retryAfterSeconds > 0) {
            ctx.header("Retry-After", Long.toString(e.retryAfterSeconds));
        }
        AdminHttp.json(ctx, e.status, adminBody(e.getMessage()));
    }

    private static ObjectNode adminBody(String message) {
        return ScimJson.mapper().createObjectNode().put("error", message);
    }

    /** An error no route decided: SCIM under {@code /scim/v2}, the admin shape elsewhere. */
    private static void byPath(Context ctx, int status, String message) {
        if (ctx.path().toLowerCase(Locale.ROOT).startsWith(SCIM)) {
            scim(ctx, ScimHttp.failure(status, message));
        } else {
            ctx.status(status).contentType("application/json").result(adminBody(message).toString());
        }
    }

    /**
     * The 4xx status when {@code e} is the client's fault in reading the request, not the server's:
     * a body that ends before its Content-Length, or chunked framing Jetty cannot read (Jetty raises
     * these while the route reads the body). 0 for anything else.
     */
    static int requestFault(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpException http) {
                return http.getCode() >= 400 && http.getCode() < 500 ? http.getCode() : 400;
            }
            if (t instanceof EofException) {
                return 400;
            }
        }
        return 0;
    }

    /** An unexpected failure: logged here, answered without its details. */
    private static void internal(Context ctx, Throwable e) {
        LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
        scim(ctx, ScimHttp.failure(500, "internal error"));
    }

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
    static final class BeforeRouting extends ErrorHandler {
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
                body = adminBody(detail).toString().getBytes(StandardCharsets.UTF_8);
            } else {
                response.getHeaders().put(SCIM_JSON);
                ScimException error = code == HttpStatus.BAD_REQUEST_400 ? ScimException.invalidSyntax(detail) : ScimHttp.failure(code, detail);
                body = error.toBody().toString().getBytes(StandardCharsets.UTF_8);
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
    }
}
