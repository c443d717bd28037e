package dev.gatehouse.processor.query;

import dev.gatehouse.processor.store.Directory;
import java.util.List;

/** What the {@link QueryServer} needs from Kafka Streams; a seam so HTTP tests need no broker. */
public interface QueryBackend {

    /** Where a tenant's state lives. */
    sealed interface Location permits Local, Remote, Unavailable {
    }

    /** On this instance, in this partition's stores. */
    record Local(int partition) implements Location {
    }

    /** On another instance, reachable at its {@code application.server}. */
    record Remote(String host, int port) implements Location {
    }

    /** Nobody owns it right now (rebalancing). */
    record Unavailable() implements Location {
    }

    /** This instance's timeline store, as {@link #timeline} reads it. */
    @FunctionalInterface
    interface Timelines {
        List<byte[]> newest(String tenantId, String resourceId, int limit);
    }

    /** The Kafka Streams state name, e.g. RUNNING or REBALANCING. */
    String state();

    /** Whether queries can be answered now. */
    default boolean running() {
        return "RUNNING".equals(state());
    }

    /**
     * Whether a query may be tried now: also while REBALANCING, when an active task that kept running
     * still answers from its store (one still restoring throws InvalidStateStoreException: 503).
     */
    default boolean queryable() {
        return running() || "REBALANCING".equals(state());
    }

    Location locate(String tenantId);

    /** The stores of a local partition. */
    Directory directory(int partition);

    /**
     * At most {@code limit} events of a person, newest first, each as its record's bytes, from this
     * instance's timeline store, which holds every organization's timeline; throws
     * {@link org.apache.kafka.streams.errors.InvalidStateStoreException} while it is not ready.
     */
    List<byte[]> timeline(String tenantId, String resourceId, int limit);
}
