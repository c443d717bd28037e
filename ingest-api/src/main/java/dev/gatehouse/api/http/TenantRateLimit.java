package dev.gatehouse.api.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per organization: {@code perSecond} SCIM requests per second on average, bursts of up
 * to one second's worth. Entra ID sends at most 25 requests per second, so the default
 * ({@code GATEHOUSE_SCIM_RATE_LIMIT}) only ever stops a runaway or abusive client. Per API instance.
 */
final class TenantRateLimit {
    private final double perSecond;
    private final LongSupplier nanoClock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    TenantRateLimit(int perSecond) {
        this(perSecond, System::nanoTime);
    }

    TenantRateLimit(int perSecond, LongSupplier nanoClock) {
        this.perSecond = perSecond;
        this.nanoClock = nanoClock;
    }

    private final class Bucket {
        private double tokens = perSecond;
        private long lastNanos = nanoClock.getAsLong();

        synchronized long take() {
            long now = nanoClock.getAsLong();
            tokens = Math.min(perSecond, tokens + (now - lastNanos) / 1e9 * perSecond);
            lastNanos = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / perSecond);
        }
    }

    /** 0 when the request may go ahead, else the seconds (at least 1) to wait before retrying. */
    long acquire(String tenantId) {
        long wait = buckets.computeIfAbsent(tenantId, t -> new Bucket()).take();
        return wait == 0 ? 0 : Math.max(1, wait);
    }
}
