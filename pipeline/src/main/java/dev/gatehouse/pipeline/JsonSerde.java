package dev.gatehouse.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.scim.ScimJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;

/** The one JSON serde: any record type of the pipeline contract, through {@link ScimJson#mapper()}. */
public final class JsonSerde<T> implements Serde<T> {
    private final Class<T> type;
    private final ObjectMapper mapper = ScimJson.mapper();

    public JsonSerde(Class<T> type) {
        this.type = type;
    }

    public static <T> JsonSerde<T> of(Class<T> type) {
        return new JsonSerde<>(type);
    }

    public byte[] toBytes(T value) {
        if (value == null) {
            return null;
        }
        try {
            return mapper.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public T fromBytes(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return mapper.readValue(bytes, type);
        } catch (IOException e) {
            throw new SerializationException("not a valid " + type.getSimpleName() + " record", e);
        }
    }

    /**
     * Hands a consumed record's value ({@code null} for a tombstone) to {@code apply}, or, when it
     * cannot be read, logs a warning naming {@code what} and where the record stands and skips it: one
     * unreadable record must not stop a reader for every later one.
     */
    public void readOrSkip(ConsumerRecord<?, byte[]> record, Logger log, String what, Consumer<T> apply) {
        T value;
        try {
            value = fromBytes(record.value());
        } catch (RuntimeException e) {
            log.warn("skipping unreadable {} at {}-{}@{}", what, record.topic(), record.partition(), record.offset());
            return;
        }
        apply.accept(value);
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> toBytes(value);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> fromBytes(bytes);
    }
}
