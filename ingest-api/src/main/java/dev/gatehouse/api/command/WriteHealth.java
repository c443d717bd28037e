package dev.gatehouse.api.command;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;

/**
 * Whether writes sent to Kafka are being answered: the API's readiness check {@code writesAnswered}.
 * Not ready once {@link #FAILURES} writes within {@link #WINDOW} went unanswered (the deadline passed,
 * or Kafka refused them) with no write answered since the latest of them: the processor or Kafka is
 * not getting through, and a load balancer should prefer another instance while an alert fires. It
 * recovers with the next answered write, or when the failures age out of the window (an instance
 * taken out of rotation gets no writes to prove itself with). Writes that waited for their
 * organization's window and never went out are that organization's backlog, not a fault: not counted.
 */
public final class WriteHealth {
    static final Duration WINDOW = Duration.ofSeconds(30);
    static final int FAILURES = 3;

    private final LongSupplier clock;
    private final Deque<Long> failures = new ArrayDeque<>();
    private long answeredAt = Long.MIN_VALUE;

    public WriteHealth() {
        this(System::nanoTime);
    }

    WriteHealth(LongSupplier clock) {
        this.clock = clock;
    }

    /** One write's outcome: answered by the processor, or not (deadline passed, Kafka refused it). */
    public synchronized void record(boolean answered) {
        long now = clock.getAsLong();
        if (answered) {
            answeredAt = now;
        } else {
            failures.addLast(now);
            prune(now);
        }
    }

    /** The readiness check. */
    public synchronized boolean writesAnswered() {
        prune(clock.getAsLong());
        return failures.size() < FAILURES || answeredAt != Long.MIN_VALUE && answeredAt - failures.peekLast() > 0;
    }

    private void prune(long now) {
        while (!failures.isEmpty() && now - failures.peekFirst() > WINDOW.toNanos()) {
            failures.removeFirst();
        }
    }
}
