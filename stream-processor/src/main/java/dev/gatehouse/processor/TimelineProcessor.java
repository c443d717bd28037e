package dev.gatehouse.processor;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.gatehouse.processor.store.StoreKeys;
import dev.gatehouse.processor.store.StoreNames;
import dev.gatehouse.scim.ScimJson;
import java.io.IOException;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the timeline topic queryable: each event goes into the timeline window store under
 * {@code tenant/resourceId} at the event's own time, so the store answers a person's events newest first
 * and drops whole segments once they are older than the retention, with no clean-up of its own. The
 * topic is keyed by tenant id, so the task holding a tenant's timeline is the one of the tenant id's
 * partition, as for the command stores (though not necessarily on the same instance: the query server
 * locates it by this store).
 *
 * <p>An event is stored as the record's own bytes: only its place (tenant, resource, time) is read here,
 * with a streaming parser, and the whole event is decoded only when a timeline is asked for
 * ({@code TimelineQuery}), where one that cannot be read is left out. Decoding every event here and
 * encoding it again for the store cost a twentieth of the stream thread, for reads that are rare. An
 * unreadable record is logged and skipped: a timeline is a view, and one bad record must not stop the others.
 */
final class TimelineProcessor implements Processor<String, byte[], Void, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(TimelineProcessor.class);

    private WindowStore<String, byte[]> store;

    /** Where an event goes: its tenant and resource, and its time (null: the record's). */
    record Place(String tenantId, String resourceId, Instant at) {
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.store = context.getStateStore(StoreNames.TIMELINE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        Place place;
        try {
            place = place(record.value());
        } catch (IOException | RuntimeException e) {
            LOG.warn("skipping an unreadable timeline record (key {})", record.key());
            return;
        }
        if (place == null || place.tenantId() == null || place.resourceId() == null) {
            return;
        }
        long at = place.at() == null ? record.timestamp() : place.at().toEpochMilli();
        store.put(StoreKeys.timeline(place.tenantId(), place.resourceId()), record.value(), at);
    }

    /**
     * The place of the event {@code value} holds, read from its top-level {@code tenantId}, {@code resourceId}
     * and {@code at}; null for no value or a value that is not a JSON object. Malformed JSON throws.
     */
    static Place place(byte[] value) throws IOException {
        if (value == null) {
            return null;
        }
        try (JsonParser parser = ScimJson.mapper().createParser(value)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String tenantId = null;
            String resourceId = null;
            Instant at = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                switch (name) {
                    case "tenantId" -> tenantId = token.isScalarValue() ? parser.getValueAsString() : null;
                    case "resourceId" -> resourceId = token.isScalarValue() ? parser.getValueAsString() : null;
                    case "at" -> at = token == JsonToken.VALUE_NULL ? null : parser.readValueAs(Instant.class);
                    default -> parser.skipChildren();
                }
            }
            return new Place(tenantId, resourceId, at);
        }
    }
}
