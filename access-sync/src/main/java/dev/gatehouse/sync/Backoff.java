package dev.gatehouse.sync;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: 100 ms doubling to a 30 s cap. A delay the door system asked for
 * (Retry-After, e.g. Kisi's 429 under its 5 requests/s limit, docs/door-systems.md, "Kisi REST") wins, even past
 * the cap, up to {@link #MAX_REQUESTED} so a bogus header cannot park delivery for hours.
 */
final class Backoff {
    static final Duration FIRST = Duration.ofMillis(100);
    static final Duration CAP = Duration.ofSeconds(30);
    static final Duration MAX_REQUESTED = Duration.ofMinutes(10);

    private Backoff() {
    }

    /** The wait before attempt {@code attempt + 1} (attempt counts from 1). */
    static Duration delay(int attempt, Optional<Duration> requested) {
        if (requested.isPresent()) {
            return requested.get().compareTo(MAX_REQUESTED) > 0 ? MAX_REQUESTED : requested.get();
        }
        long ceiling = Math.min(CAP.toMillis(), FIRST.toMillis() << Math.min(Math.max(attempt, 1) - 1, 20));
        // Half fixed, half random: never zero, and instances retrying together spread out.
        long half = ceiling / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
    }
}
