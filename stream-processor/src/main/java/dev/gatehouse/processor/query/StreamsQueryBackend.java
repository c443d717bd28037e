package dev.gatehouse.processor.query;

import dev.gatehouse.processor.store.Directory;
import dev.gatehouse.processor.store.StoreNames;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Interactive queries over a running {@link KafkaStreams}. Commands are keyed by tenant id with the
 * default partitioner, so the partition of the tenant id (as a String key) is the partition whose
 * stores hold every entry of that tenant. Timelines come from this instance's own timeline store.
 */
public final class StreamsQueryBackend implements QueryBackend {
    private final KafkaStreams streams;
    private final HostInfo self;
    private final Timelines timeline;

    public StreamsQueryBackend(KafkaStreams streams, HostInfo self, Timelines timeline) {
        this.streams = streams;
        this.self = self;
        this.timeline = timeline;
    }

    @Override
    public String state() {
        return streams.state().name();
    }

    @Override
    public Location locate(String tenantId) {
        KeyQueryMetadata metadata = streams.queryMetadataForKey(StoreNames.USERS, tenantId, Serdes.String().serializer());
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
    public List<byte[]> timeline(String tenantId, String resourceId, int limit) {
        return timeline.newest(tenantId, resourceId, limit);
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name, int partition) {
        return streams.store(StoreQueryParameters
                .fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore())
                .withPartition(partition));
    }
}
