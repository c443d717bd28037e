package dev.gatehouse.processor;

import dev.gatehouse.processor.query.QueryBackend;
import dev.gatehouse.processor.store.Directory;
import dev.gatehouse.processor.store.StoreNames;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * A {@link QueryBackend} over a {@link TopologyFixture}'s stores, whose Kafka Streams state, tenants'
 * location and stores' queryability a test sets.
 */
final class StubQueryBackend implements QueryBackend {
    final AtomicReference<String> state = new AtomicReference<>("RUNNING");
    final AtomicReference<Location> location = new AtomicReference<>(new Local(0));
    /** False: the stores throw as a restoring task's do. */
    final AtomicBoolean storesQueryable = new AtomicBoolean(true);
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
    public Location locateTimeline(String tenantId) {
        return location.get();
    }

    @Override
    public ReadOnlyWindowStore<String, byte[]> timeline(int partition) {
        failIfRestoring();
        return fx.driver.getWindowStore(StoreNames.TIMELINE);
    }

    private void failIfRestoring() {
        if (!storesQueryable.get()) {
            throw new InvalidStateStoreException("the task is restoring");
        }
    }
}
