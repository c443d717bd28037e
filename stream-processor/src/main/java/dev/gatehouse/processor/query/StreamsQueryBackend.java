package dev.gatehouse.processor.query;

import dev.gatehouse.processor.store.Directory;
import dev.gatehouse.processor.store.StoreNames;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * Interactive queries over a running {@link KafkaStreams}. Commands are keyed by tenant id with the
 * default partitioner, so the partition of the tenant id (as a String key) is the partition whose
 * stores hold every entry of that tenant; the timeline topic is keyed the same way.
 */
public final class StreamsQueryBackend implements QueryBackend {
    private final KafkaStreams streams;
    private final HostInfo self;

    public StreamsQueryBackend(KafkaStreams streams, HostInfo self) {
        this.streams = streams;
        this.self = self;
    }

    @Override
    public String state() {
        return streams.state().name();
    }

    @Override
    public Location locate(String tenantId) {
        return locate(StoreNames.USERS, tenantId);
    }

    @Override
    public Location locateTimeline(String tenantId) {
        // The timeline topic is keyed by tenant id too: the store's task is that of the tenant id's partition.
        return locate(StoreNames.TIMELINE, tenantId);
    }

    private Location locate(String store, String tenantId) {
        KeyQueryMetadata metadata = streams.queryMetadataForKey(store, tenantId, Serdes.String().serializer());
        if (metadata == null || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata) || metadata.activeHost() == null) {
            return new Unavailable();
        }
        HostInfo owner = metadata.activeHost();
        return owner.equals(self) ? new Local(metadata.partition()) : new Remote(owner.host(), owner.port());
    }

    @Override
    public Directory directory(int partition) {
        return new Directory(
                store(StoreNames.USERS, partition),
                store(StoreNames.GROUPS, partition),
                store(StoreNames.MEMBERSHIPS, partition),
                store(StoreNames.INDEXES, partition));
    }

    @Override
    public ReadOnlyWindowStore<String, byte[]> timeline(int partition) {
        return streams.store(StoreQueryParameters
                .fromNameAndType(StoreNames.TIMELINE, QueryableStoreTypes.<String, byte[]>windowStore())
                .withPartition(partition));
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name, int partition) {
        return streams.store(StoreQueryParameters
                .fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore())
                .withPartition(partition));
    }
}
