package dev.gatehouse.sync.connector;

import java.time.Duration;
import java.util.Optional;

/** What a door system did with one change or call: an expected outcome is a value, never an exception. */
public sealed interface PushOutcome {

    /** The door system holds the change (or already held it: pushes are idempotent). */
    record Applied() implements PushOutcome {
    }

    /** A transient failure: push the same change again, after {@code after} when the system said so. */
    record RetryLater(Optional<Duration> after, String reason) implements PushOutcome {
    }

    /** The door system refused the change for good: it goes to the dead-letter topic. */
    record Rejected(String reason) implements PushOutcome {
    }

    static PushOutcome applied() {
        return new Applied();
    }

    static PushOutcome retry(String reason) {
        return new RetryLater(Optional.empty(), reason);
    }

    static PushOutcome rejected(String reason) {
        return new Rejected(reason);
    }

    /** True when the call succeeded. */
    default boolean ok() {
        return this instanceof Applied;
    }
}
