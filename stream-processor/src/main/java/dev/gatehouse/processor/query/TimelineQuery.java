package dev.gatehouse.processor.query;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.contract.TimelineEvent;
import dev.gatehouse.pipeline.JsonSerde;
import dev.gatehouse.pipeline.query.QueryApi;
import dev.gatehouse.scim.ScimJson;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A resource's timeline as the query API answers it: {@code {"events": [TimelineEvent…]}}, newest first,
 * from the events the timeline store returned as their records' bytes.
 */
public final class TimelineQuery {
    private static final Logger LOG = LoggerFactory.getLogger(TimelineQuery.class);
    private static final JsonSerde<TimelineEvent> EVENTS = JsonSerde.of(TimelineEvent.class);

    private TimelineQuery() {
    }

    /**
     * The events {@code stored} for {@code resourceId} (newest first, each its record's bytes) in the answer's
     * form; one that cannot be read as an event is logged and left out.
     */
    public static ObjectNode newest(List<byte[]> stored, String resourceId) {
        ObjectNode answer = ScimJson.mapper().createObjectNode();
        ArrayNode events = answer.putArray(QueryApi.EVENTS);
        for (byte[] value : stored) {
            TimelineEvent event;
            try {
                event = EVENTS.fromBytes(value);
            } catch (RuntimeException e) {
                LOG.warn("leaving out an unreadable timeline event of {}", resourceId);
                continue;
            }
            if (event != null) {
                events.add(ScimJson.mapper().valueToTree(event));
            }
        }
        return answer;
    }
}
