package dev.gatehouse.sync.connector;

/**
 * Keeps requests to a door system within its limit of {@code n} per second by spacing their starts
 * evenly, at least {@code 1.025 s / n} apart: then no window of one second holds more than n, with a
 * 25 ms margin against network jitter squeezing n + 1 into the system's own window. Even spacing
 * rather than bursts of n, because a revocation waiting for the next slot then waits at most one
 * interval (200 ms at Kisi's 5/s), not the rest of a second.
 */
public final class RateLimiter {
    private static final long WINDOW_NANOS = 1_025_000_000L;

    private final long intervalNanos;
    private long next = Long.MIN_VALUE;

    /** {@code requestsPerSecond}: infinity means no limit. */
    public RateLimiter(double requestsPerSecond) {
        this.intervalNanos = Double.isInfinite(requestsPerSecond) || requestsPerSecond <= 0 ? 0
                : (long) Math.ceil(WINDOW_NANOS / requestsPerSecond);
    }

    /** Blocks until a request may start, and counts it as started. */
    public synchronized void acquire() throws InterruptedException {
        if (intervalNanos == 0) {
            return;
        }
        long now = System.nanoTime();
        if (next != Long.MIN_VALUE && now < next) {
            long wait = next - now;
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            now = System.nanoTime();
        }
        next = now + intervalNanos;
    }
}
