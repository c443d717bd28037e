package dev.gatehouse.processor;

import dev.gatehouse.processor.query.QueryBackend;
import dev.gatehouse.processor.store.Directory;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * A {@link QueryBackend} over a {@link TopologyFixture}'s stores, whose Kafka Streams state, tenants'
 * location, stores' queryability and timeline's readiness a test sets.
 */
final class StubQueryBackend implements QueryBackend {
    final AtomicReference<String> state = new AtomicReference<>("RUNNING");
    final AtomicReference<Location> location = new AtomicReference<>(new Local(0));
    /** False: the stores throw as a restoring task's do. */
    final AtomicBoolean storesQueryable = new AtomicBoolean(true);
    /** False: the timeline throws as a timeline store still catching up does. */
    final AtomicBoolean timelineReady = new AtomicBoolean(true);
    private final TopologyFixture fx;

    StubQueryBackend(TopologyFixture fx) {
        this.fx = fx;
    }

    @Override
    public String state() {
        return state.get();
    }

    @Override
    public Location locate(String tenantId) {
        return location.get();
    }

    @Override
    public Directory directory(int partition) {
        failIfRestoring();
        return fx.directory();
    }

    @Override
    public List<byte[]> timeline(String tenantId, String resourceId, int limit) {
        if (!timelineReady.get()) {
            throw new InvalidStateStoreException("the timeline is catching up");
        }
        return fx.timelineStore().newest(tenantId, resourceId, limit);
    }

    private void failIfRestoring() {
        if (!storesQueryable.get()) {
            throw new InvalidStateStoreException("the task is restoring");
        }
    }
}
