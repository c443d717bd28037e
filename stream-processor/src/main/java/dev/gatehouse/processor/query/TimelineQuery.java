package dev.gatehouse.processor.query;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.contract.TimelineEvent;
import dev.gatehouse.pipeline.JsonSerde;
import dev.gatehouse.pipeline.query.QueryApi;
import dev.gatehouse.processor.store.StoreKeys;
import dev.gatehouse.scim.ScimJson;
import java.time.Instant;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A resource's timeline read from the timeline window store: {@code {"events": [TimelineEvent…]}},
 * newest first, at most a limit. The store walks its segments backwards, so this reads only the events it
 * returns, whatever the retention.
 */
public final class TimelineQuery {
    private static final Logger LOG = LoggerFactory.getLogger(TimelineQuery.class);
    private static final JsonSerde<TimelineEvent> EVENTS = JsonSerde.of(TimelineEvent.class);
    private static final Instant EARLIEST = Instant.EPOCH;
    private static final Instant LATEST = Instant.ofEpochMilli(Long.MAX_VALUE);

    private TimelineQuery() {
    }

    /**
     * At most {@code limit} events of {@code resourceId}, newest first. The store keeps each event as its
     * record's bytes; one that cannot be read as an event is logged and left out.
     */
    public static ObjectNode newest(ReadOnlyWindowStore<String, byte[]> store, String tenantId, String resourceId,
            int limit) {
        ObjectNode answer = ScimJson.mapper().createObjectNode();
        ArrayNode events = answer.putArray(QueryApi.EVENTS);
        try (WindowStoreIterator<byte[]> it = store.backwardFetch(StoreKeys.timeline(tenantId, resourceId),
                EARLIEST, LATEST)) {
            while (it.hasNext() && events.size() < limit) {
                KeyValue<Long, byte[]> stored = it.next();
                TimelineEvent event;
                try {
                    event = EVENTS.fromBytes(stored.value);
                } catch (RuntimeException e) {
                    LOG.warn("leaving out an unreadable timeline event of {} at {}", resourceId, stored.key);
                    continue;
                }
                if (event != null) {
                    events.add(ScimJson.mapper().valueToTree(event));
                }
            }
        }
        return answer;
    }
}
