package dev.gatehouse.processor.store;

import dev.gatehouse.pipeline.JsonSerde;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** The stores' JSON serde for {@link StoredResource}; a value read carries its stored size. */
public final class StoredResourceSerde implements Serde<StoredResource> {
    private final JsonSerde<StoredResource> json = JsonSerde.of(StoredResource.class);

    @Override
    public Serializer<StoredResource> serializer() {
        return json.serializer();
    }

    @Override
    public Deserializer<StoredResource> deserializer() {
        return (topic, bytes) -> {
            StoredResource read = json.fromBytes(bytes);
            return read == null ? null : new StoredResource(read.resource(), read.version(), bytes.length);
        };
    }
}
