package dev.gatehouse.sync.connector;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Keeps requests to a door system within its limit: at most {@code n} requests start in any window
 * of one second (plus a small margin, so network jitter cannot squeeze n + 1 into the system's own
 * window). A sliding window rather than a token bucket, because a bucket allows a burst of n right
 * after n, which a system counting per second would refuse.
 */
public final class RateLimiter {
    private static final long WINDOW_NANOS = 1_000_000_000L + 25_000_000L;

    private final int perSecond;
    private final Deque<Long> started = new ArrayDeque<>();

    /** {@code requestsPerSecond} is rounded down (at least 1); infinity means no limit. */
    public RateLimiter(double requestsPerSecond) {
        this.perSecond = Double.isInfinite(requestsPerSecond) ? Integer.MAX_VALUE
                : Math.max(1, (int) Math.floor(requestsPerSecond));
    }

    /** Blocks until a request may start, and counts it as started. */
    public synchronized void acquire() throws InterruptedException {
        if (perSecond == Integer.MAX_VALUE) {
            return;
        }
        while (true) {
            long now = System.nanoTime();
            while (!started.isEmpty() && now - started.peekFirst() >= WINDOW_NANOS) {
                started.pollFirst();
            }
            if (started.size() < perSecond) {
                started.addLast(now);
                return;
            }
            long waitNanos = started.peekFirst() + WINDOW_NANOS - now;
            wait(Math.max(1, waitNanos / 1_000_000), (int) (waitNanos % 1_000_000));
        }
    }
}
