package dev.gatehouse.api.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.contract.TimelineEvent;
import dev.gatehouse.pipeline.query.QueryApi;
import dev.gatehouse.scim.ScimJson;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A person's timeline as the admin API shows it, the one place the processor's events are shaped:
 * {@code {"events": [...]}}, newest first, each either
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

    private static Instant at(JsonNode event) {
        try {
            return Instant.parse(event.path("at").asText());
        } catch (DateTimeParseException e) {
            return Instant.MIN;
        }
    }

    /** The admin shape of the processor's timeline answer {@code {"events": [TimelineEvent…]}}. */
    public static ObjectNode of(JsonNode answer) {
        List<ObjectNode> shaped = new ArrayList<>();
        for (JsonNode event : answer.path(QueryApi.EVENTS)) {
            List<String> fields = TimelineEvent.DOOR.equals(event.path("kind").asText()) ? DOOR_FIELDS : SCIM_FIELDS;
            ObjectNode one = ScimJson.mapper().createObjectNode();
            for (String field : fields) {
                JsonNode value = event.get(field);
                one.set(field, value == null ? one.nullNode() : value);
            }
            shaped.add(one);
        }
        // The store orders by the millisecond; a door system's answer carries finer time, so events of one
        // millisecond are put in order here (a stable sort: otherwise as the processor answered).
        shaped.sort(Comparator.comparing(TimelineView::at).reversed());
        ObjectNode out = ScimJson.mapper().createObjectNode();
        out.putArray(QueryApi.EVENTS).addAll(shaped);
        return out;
    }
}
