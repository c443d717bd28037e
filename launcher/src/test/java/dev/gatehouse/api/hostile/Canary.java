package dev.gatehouse.api.hostile;

import java.net.InetAddress;
import java.time.Duration;

/**
 * Organization B's revocation, written from 127.0.0.1 on a keep-alive connection of its own: a PATCH of
 * one of B's users' {@code active}, alternately false and true. It must be answered 2xx within
 * {@link #BOUND}, whatever organization A is doing. Remembers the value of its last confirmed write,
 * which the user must hold at the end.
 *
 * <p>Each write carries an {@code X-Request-Id} of its own, which the API echoes: an answer echoing
 * another id is the answer to another request (an earlier one, delivered late on the same kept-alive
 * connection), so it confirms nothing. It is reported as a failed write, and the connection is dropped.
 */
final class Canary implements AutoCloseable {
    static final Duration BOUND = Duration.ofSeconds(1);
    /** Long enough to see the API's own 503 (its command timeout is 10 s) rather than give up first. */
    static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final RawHttp http;
    private final String token;
    private final String userId;
    private boolean next = false;
    private Boolean confirmed;
    private boolean uncertain;
    private int sent;

    Canary(Arena arena, String userId) {
        this.http = new RawHttp(arena.port, InetAddress.getLoopbackAddress());
        this.token = arena.canary.token();
        this.userId = userId;
    }

    /** One write; the answer (status 0 when there was none, or when it was another request's). */
    RawHttp.Response write() {
        boolean value = next;
        next = !next;
        String requestId = "canary-" + userId + "-" + ++sent;
        RawHttp.Response r = http.exchange(RawRequest.scim("PATCH", "/Users/" + userId, token,
                Json.patch(Json.op("replace", "active", Boolean.toString(value)))).withHeader("X-Request-Id", requestId), TIMEOUT);
        String answered = r.header("X-Request-Id");
        if (r.answered() && !requestId.equals(answered)) {
            http.close();
            r = new RawHttp.Response(0, r.headers(), r.body(), r.nanos(), "the answer (" + r.status() + ") was to request "
                    + answered + ", not to this one (" + requestId + ")", true);
        }
        if (r.status() >= 200 && r.status() < 300) {
            confirmed = value;
            uncertain = false;
        } else {
            uncertain = true; // a 503 or a lost answer may or may not have been applied
        }
        return r;
    }

    static boolean ok(RawHttp.Response r) {
        return r.status() >= 200 && r.status() < 300 && r.nanos() <= BOUND.toNanos();
    }

    /** The value B's user must hold now, or null when the last write's outcome is unknown. */
    Boolean expected() {
        return uncertain ? null : confirmed;
    }

    String userId() {
        return userId;
    }

    @Override
    public void close() {
        http.close();
    }
}
