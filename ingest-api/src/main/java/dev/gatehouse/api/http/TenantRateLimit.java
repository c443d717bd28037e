package dev.gatehouse.api.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per key (an organization; for the token endpoint, an OAuth client): {@code perSecond}
 * requests per second on average, bursts of up to one second's worth unless told otherwise. Entra ID sends at most 25 requests per second, so the default
 * ({@code GATEHOUSE_SCIM_RATE_LIMIT}) only ever stops a runaway or abusive client. Per API instance.
 */
final class TenantRateLimit {
    private final double perSecond;
    private final double burst;
    private final LongSupplier nanoClock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    TenantRateLimit(int perSecond) {
        this(perSecond, System::nanoTime);
    }

    TenantRateLimit(int perSecond, LongSupplier nanoClock) {
        this(perSecond, perSecond, nanoClock);
    }

    /** {@code perSecond} on average (may be below one), bursts of up to {@code burst}. */
    TenantRateLimit(double perSecond, int burst) {
        this(perSecond, burst, System::nanoTime);
    }

    TenantRateLimit(double perSecond, int burst, LongSupplier nanoClock) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanoClock = nanoClock;
    }

    private final class Bucket {
        private double tokens = burst;
        private long lastNanos = nanoClock.getAsLong();

        synchronized long take() {
            long now = nanoClock.getAsLong();
            tokens = Math.min(burst, tokens + (now - lastNanos) / 1e9 * perSecond);
            lastNanos = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / perSecond);
        }
    }

    /** 0 when the request may go ahead, else the seconds (at least 1) to wait before retrying. */
    long acquire(String key) {
        long wait = buckets.computeIfAbsent(key, t -> new Bucket()).take();
        return wait == 0 ? 0 : Math.max(1, wait);
    }
}
