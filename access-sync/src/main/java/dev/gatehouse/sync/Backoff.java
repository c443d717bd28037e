package dev.gatehouse.sync;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with full jitter, capped; a delay the door system asked for wins. */
final class Backoff {
    static final Duration FIRST = Duration.ofMillis(100);
    static final Duration CAP = Duration.ofSeconds(30);

    private Backoff() {
    }

    /** The wait before attempt {@code attempt + 1} (attempt counts from 1). */
    static Duration delay(int attempt, Optional<Duration> requested) {
        if (requested.isPresent()) {
            return requested.get().compareTo(CAP) > 0 ? CAP : requested.get();
        }
        long ceiling = Math.min(CAP.toMillis(), FIRST.toMillis() << Math.min(attempt - 1, 20));
        // Half fixed, half random: never zero, and instances retrying together spread out.
        long half = ceiling / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
    }
}
