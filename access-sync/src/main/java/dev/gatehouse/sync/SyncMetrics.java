package dev.gatehouse.sync;

import dev.gatehouse.pipeline.observe.ServiceMetrics;
import dev.gatehouse.sync.connector.PushOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One connector's delivery series, each tagged {@code connector}:
 * <ul>
 *   <li>{@code gatehouse_connector_lag} — access changes not yet done with: records after the oldest
 *       one not pushed, up to the end of the topic, over the connector's partitions (what
 *       {@code kafka-consumer-groups.sh} shows for its group, which commits up to that oldest one);</li>
 *   <li>{@code gatehouse_door_pushes_total} — push outcomes: applied, retry (door system away, 429,
 *       5xx: the change waits and is pushed again) or rejected (refused for good: dead-lettered);</li>
 *   <li>{@code gatehouse_door_push_seconds} — how long one push to the door system takes;</li>
 *   <li>{@code gatehouse_dead_letters_total} — changes written to the dead-letters topic.</li>
 * </ul>
 */
final class SyncMetrics {
    /** Records nothing: deliveries built without a registry (tools such as resync). */
    static final SyncMetrics NONE = new SyncMetrics();

    private final AtomicLong lag = new AtomicLong();
    private final Counter applied;
    private final Counter retry;
    private final Counter rejected;
    private final Timer push;
    private final Counter deadLetters;

    private SyncMetrics() {
        applied = retry = rejected = deadLetters = null;
        push = null;
    }

    SyncMetrics(MeterRegistry registry, String connector) {
        Gauge.builder("gatehouse.connector.lag", lag, AtomicLong::get)
                .description("access changes this connector has not finished with")
                .tag("connector", connector)
                .register(registry);
        applied = outcome(registry, connector, "applied");
        retry = outcome(registry, connector, "retry");
        rejected = outcome(registry, connector, "rejected");
        push = Timer.builder("gatehouse.door.push")
                .description("time of one push to the door system")
                .tag("connector", connector)
                .serviceLevelObjectives(ServiceMetrics.LATENCY_BUCKETS)
                .register(registry);
        deadLetters = Counter.builder("gatehouse.dead.letters")
                .description("changes written to the dead-letters topic")
                .tag("connector", connector)
                .register(registry);
    }

    private static Counter outcome(MeterRegistry registry, String connector, String outcome) {
        return Counter.builder("gatehouse.door.pushes")
                .description("pushes to door systems by outcome")
                .tag("connector", connector)
                .tag("outcome", outcome)
                .register(registry);
    }

    void pushed(PushOutcome outcome, long nanos) {
        if (push == null) {
            return;
        }
        push.record(nanos, TimeUnit.NANOSECONDS);
        if (outcome instanceof PushOutcome.RetryLater) {
            retry.increment();
        } else if (outcome instanceof PushOutcome.Rejected) {
            rejected.increment();
        } else {
            applied.increment();
        }
    }

    void deadLettered() {
        if (deadLetters != null) {
            deadLetters.increment();
        }
    }

    void lag(long records) {
        lag.set(records);
    }
}
