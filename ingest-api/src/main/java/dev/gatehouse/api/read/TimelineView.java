package dev.gatehouse.api.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.contract.TimelineEvent;
import dev.gatehouse.pipeline.query.QueryApi;
import dev.gatehouse.scim.ScimJson;
import java.util.List;

/**
 * A person's timeline as the admin API shows it, the one place the processor's events are shaped:
 * {@code {"events": [...]}}, newest first as the processor answered, each either
 * {@code {"at", "kind": "scim", "operation", "status", "requestId", "version", "changed", "via"}} or
 * {@code {"at", "kind": "door", "connector", "version", "outcome", "detail"}}. The organization, the
 * resource and the command id stay out: the caller asked for them, or they are internal.
 */
public final class TimelineView {
    private static final List<String> SCIM_FIELDS =
            List.of("at", "kind", "operation", "status", "requestId", "version", "changed", "via");
    private static final List<String> DOOR_FIELDS = List.of("at", "kind", "connector", "version", "outcome", "detail");

    private TimelineView() {
    }

    /** The admin shape of the processor's timeline answer {@code {"events": [TimelineEvent…]}}. */
    public static ObjectNode of(JsonNode answer) {
        ObjectNode out = ScimJson.mapper().createObjectNode();
        ArrayNode events = out.putArray(QueryApi.EVENTS);
        for (JsonNode event : answer.path(QueryApi.EVENTS)) {
            List<String> fields = TimelineEvent.DOOR.equals(event.path("kind").asText()) ? DOOR_FIELDS : SCIM_FIELDS;
            ObjectNode shaped = events.addObject();
            for (String field : fields) {
                JsonNode value = event.get(field);
                shaped.set(field, value == null ? shaped.nullNode() : value);
            }
        }
        return out;
    }
}
