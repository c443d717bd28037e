package dev.gatehouse.api.http;

import dev.gatehouse.pipeline.observe.LogKeys;
import io.javalin.http.Context;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The request id that follows one HTTP request through the logs of the API, the processor (in the
 * command) and access-sync (in the access change). A caller's {@code X-Request-Id} is kept when it is
 * short and made of safe characters (it lands in log lines and on a topic: no spaces, quotes or
 * control characters that could forge a log line); otherwise a new id is made. Either way it is
 * returned as the response's {@code X-Request-Id}.
 */
public final class RequestIds {
    public static final String HEADER = "X-Request-Id";
    private static final Logger LOG = LoggerFactory.getLogger(RequestIds.class);
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private RequestIds() {
    }

    /** Decides the request's id, answers it as a header and puts it in the logging context. */
    static void assign(Context ctx) {
        String id = accepted(ctx.header(HEADER));
        ctx.attribute(LogKeys.REQUEST_ID, id);
        ctx.header(HEADER, id);
        MDC.put(LogKeys.REQUEST_ID, id);
        LOG.debug("{} {}", ctx.method(), ctx.path());
    }

    /** Clears the logging context of the handling thread, which serves other requests next. */
    static void clear() {
        MDC.remove(LogKeys.REQUEST_ID);
    }

    /** This request's id (assigned by {@link #assign} before any route runs). */
    static String of(Context ctx) {
        String id = ctx.attribute(LogKeys.REQUEST_ID);
        return id != null ? id : accepted(ctx.header(HEADER));
    }

    /** The caller's id when safe, else a new one. */
    static String accepted(String offered) {
        return offered != null && SAFE.matcher(offered).matches() ? offered : UUID.randomUUID().toString();
    }
}
