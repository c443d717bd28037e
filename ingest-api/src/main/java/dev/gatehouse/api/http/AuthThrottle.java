package dev.gatehouse.api.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Slows down guessing of SCIM tokens and the admin key: each client address may fail authentication
 * {@code freeFailures} times per window; past that, every request from it is answered 429 until the
 * window ends, without the credential even being looked at (so a lucky guess is worth nothing).
 */
final class AuthThrottle {
    static final int FREE_FAILURES = 20;
    static final long WINDOW_MS = 60_000;
    /** Bound on tracked addresses: failures from very many addresses cannot exhaust memory. */
    private static final int MAX_TRACKED = 100_000;

    private final int freeFailures;
    private final long windowMs;
    private final LongSupplier clock;
    private final Map<String, Window> failures = new ConcurrentHashMap<>();
    private volatile Consumer<String> failureListener = kind -> { };

    AuthThrottle() {
        this(FREE_FAILURES, WINDOW_MS, System::currentTimeMillis);
    }

    AuthThrottle(int freeFailures, long windowMs, LongSupplier clock) {
        this.freeFailures = freeFailures;
        this.windowMs = windowMs;
        this.clock = clock;
    }

    private record Window(long startMs, int count) {
    }

    /** Seconds the address must wait before it may try again, or 0 when it may try now. */
    long retryAfterSeconds(String address) {
        Window w = failures.get(address);
        long now = clock.getAsLong();
        if (w == null || now - w.startMs() >= windowMs || w.count() < freeFailures) {
            return 0;
        }
        return Math.max(1, (w.startMs() + windowMs - now + 999) / 1000);
    }

    /** Counts a failed authentication of {@code kind} (see {@link ApiMetrics}) from the address. */
    void failed(String address, String kind) {
        failureListener.accept(kind);
        failed(address);
    }

    /** Tells {@code listener} the kind of every failed authentication (for metrics). */
    void onFailure(Consumer<String> listener) {
        this.failureListener = listener;
    }

    /** Counts a failed authentication from the address. */
    void failed(String address) {
        long now = clock.getAsLong();
        if (failures.size() >= MAX_TRACKED) {
            failures.values().removeIf(w -> now - w.startMs() >= windowMs);
            if (failures.size() >= MAX_TRACKED) {
                failures.clear();
            }
        }
        failures.merge(address, new Window(now, 1),
                (old, one) -> now - old.startMs() >= windowMs ? one : new Window(old.startMs(), old.count() + 1));
    }
}
