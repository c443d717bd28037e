package dev.gatehouse.sync.connector;

/**
 * Keeps requests to a door system within its limit of {@code n} per second: requests go one at a
 * time (Kisi asks for serial requests), and each starts at least {@code 1.025 s / n} after the
 * previous one's answer arrived. Spacing from the answer, not from the start, is what makes the
 * limit hold as the door system counts it: the system saw the previous request before it answered,
 * so however late either request is handled on its side, the two are at least one interval apart
 * there too (a start-to-start spacing can be squeezed by the system's own scheduling delays). Even
 * spacing rather than bursts of n also means a revocation waits at most about one interval.
 */
public final class RateLimiter {
    private static final long WINDOW_NANOS = 1_025_000_000L;

    private final long intervalNanos;
    private long next = Long.MIN_VALUE;
    private boolean inFlight;

    /** {@code requestsPerSecond}: infinity means no limit. */
    public RateLimiter(double requestsPerSecond) {
        this.intervalNanos = Double.isInfinite(requestsPerSecond) || requestsPerSecond <= 0 ? 0
                : (long) Math.ceil(WINDOW_NANOS / requestsPerSecond);
    }

    /** Blocks until a request may start; every successful call must be followed by {@link #done()}. */
    public synchronized void acquire() throws InterruptedException {
        if (intervalNanos == 0) {
            return;
        }
        while (inFlight) {
            wait();
        }
        long now = System.nanoTime();
        while (next != Long.MIN_VALUE && now < next) {
            long left = next - now;
            wait(left / 1_000_000, (int) (left % 1_000_000));
            now = System.nanoTime();
        }
        inFlight = true;
    }

    /** The request's answer (or failure) arrived: the next may start one interval from now. */
    public synchronized void done() {
        if (intervalNanos == 0) {
            return;
        }
        inFlight = false;
        next = System.nanoTime() + intervalNanos;
        notifyAll();
    }
}
