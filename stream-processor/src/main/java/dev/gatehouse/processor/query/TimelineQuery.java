package dev.gatehouse.processor.query;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.contract.TimelineEvent;
import dev.gatehouse.pipeline.query.QueryApi;
import dev.gatehouse.processor.store.StoreKeys;
import dev.gatehouse.scim.ScimJson;
import java.time.Instant;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * A resource's timeline read from the timeline window store: {@code {"events": [TimelineEvent…]}},
 * newest first, at most a limit. The store walks its segments backwards, so this reads only the events it
 * returns, whatever the retention.
 */
public final class TimelineQuery {
    private static final Instant EARLIEST = Instant.EPOCH;
    private static final Instant LATEST = Instant.ofEpochMilli(Long.MAX_VALUE);

    private TimelineQuery() {
    }

    /** At most {@code limit} events of {@code resourceId}, newest first. */
    public static ObjectNode newest(ReadOnlyWindowStore<String, TimelineEvent> store, String tenantId,
            String resourceId, int limit) {
        ObjectNode answer = ScimJson.mapper().createObjectNode();
        ArrayNode events = answer.putArray(QueryApi.EVENTS);
        try (WindowStoreIterator<TimelineEvent> it = store.backwardFetch(StoreKeys.timeline(tenantId, resourceId),
                EARLIEST, LATEST)) {
            while (it.hasNext() && events.size() < limit) {
                events.add(ScimJson.mapper().valueToTree(it.next().value));
            }
        }
        return answer;
    }
}
