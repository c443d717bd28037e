package dev.gatehouse.api.read;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.scim.ScimJson;
import org.junit.jupiter.api.Test;

class TimelineViewTest {

    @Test
    void eventsOfOneMillisecondAreNewestFirstByTheirFullTimeAndEqualTimesKeepTheProcessorsOrder() throws Exception {
        // The store orders by the millisecond: a door answer at .418499360 may come after a SCIM event at .418.
        JsonNode answer = ScimJson.mapper().readTree("""
                {"events": [
                  {"at": "2026-12-05T10:59:04.418Z", "kind": "scim", "operation": "patch", "status": 200, "version": 3},
                  {"at": "2026-12-05T10:59:04.418499360Z", "kind": "door", "connector": "webhook", "version": 3,
                   "outcome": "applied"},
                  {"at": "2026-12-05T10:59:03Z", "kind": "scim", "operation": "create", "status": 201, "version": 1},
                  {"at": "2026-12-05T10:59:03Z", "kind": "door", "connector": "kisi", "version": 1, "outcome": "applied"}
                ]}""");
        JsonNode events = TimelineView.of(answer).path("events");
        assertThat(events.findValuesAsText("at")).containsExactly("2026-12-05T10:59:04.418499360Z",
                "2026-12-05T10:59:04.418Z", "2026-12-05T10:59:03Z", "2026-12-05T10:59:03Z");
        assertThat(events.get(2).path("operation").asText()).isEqualTo("create");
        assertThat(events.get(3).path("connector").asText()).isEqualTo("kisi");
        // Door events are shaped without the SCIM fields, and the other way round.
        assertThat(events.get(0).has("operation")).isFalse();
        assertThat(events.get(1).has("connector")).isFalse();
    }
}
