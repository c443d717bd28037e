package dev.gatehouse.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.contract.AccessChange;
import org.junit.jupiter.api.Test;

class DoorViewTest {
    private final DoorView view = new DoorView();

    @Test
    void showsPersonsWithGroupsAndMetadata() {
        view.apply(Changes.user("t1", "u1", 1, true, "g1", "g2"));
        assertThat(view.persons("t1")).hasSize(1);
        assertThat(view.persons("t1").get(0).get("groups").toString()).isEqualTo("[\"g1\",\"g2\"]");
        assertThat(view.persons("t1").get(0).get("metadata").get("city").asText()).isEqualTo("Berlin");
        assertThat(view.persons("t2")).isEmpty();
    }

    @Test
    void ignoresDuplicatesAndOlderVersions() {
        assertThat(view.apply(Changes.user("t1", "u1", 2, false))).isTrue();
        assertThat(view.apply(Changes.user("t1", "u1", 2, false))).isFalse();
        assertThat(view.apply(Changes.user("t1", "u1", 1, true))).isFalse();
        assertThat(view.person("t1", "u1").orElseThrow().get("active").asBoolean()).isFalse();
    }

    @Test
    void aDeletedPersonIsGoneAndStaysGone() {
        AccessChange created = Changes.user("t1", "u1", 1, true);
        view.apply(created);
        view.apply(Changes.deleted(created, 2));
        assertThat(view.person("t1", "u1")).isEmpty();
        view.apply(created);
        assertThat(view.person("t1", "u1")).as("an older event cannot resurrect a deleted person").isEmpty();
    }

    @Test
    void whatIsHeldComesBackWholeAndGroupsListTheirMembers() {
        view.apply(Changes.user("t1", "u1", 3, true, "g1"));
        view.apply(Changes.user("t1", "u2", 1, false));
        view.apply(Changes.group("t1", "g1", 2, "Lobby"));
        view.apply(Changes.deleted(Changes.group("t1", "g2", 1, "Gone"), 2));

        assertThat(view.person("t1", "u1").orElseThrow().toString()).isEqualTo(
                "{\"id\":\"u1\",\"userName\":\"u1@example.test\",\"active\":true,\"groups\":[\"g1\"],"
                        + "\"metadata\":{\"city\":\"Berlin\"},\"version\":3}");
        assertThat(view.persons("t1").findValuesAsText("id")).containsExactly("u1", "u2");
        assertThat(view.groups("t1").toString()).isEqualTo(
                "[{\"id\":\"g1\",\"displayName\":\"Lobby\",\"version\":2,\"members\":[\"u1\"]}]");
        assertThat(view.events("t1")).hasSize(4);
    }

    @Test
    void keepsTheNewestEventIdsOfEachTenantInArrivalOrder() {
        for (int i = 0; i <= DoorView.EVENTS_KEPT; i++) {
            view.apply(Changes.user("t1", "u" + i, 1, true));
        }
        view.apply(Changes.user("t2", "u0", 1, true));
        assertThat(view.events("t1")).hasSize(DoorView.EVENTS_KEPT);
        assertThat(view.events("t1").get(0).asText()).isEqualTo(Changes.user("t1", "u1", 1, true).eventId());
        assertThat(view.events("t1").get(DoorView.EVENTS_KEPT - 1).asText())
                .isEqualTo(Changes.user("t1", "u" + DoorView.EVENTS_KEPT, 1, true).eventId());
        assertThat(view.events("t2")).hasSize(1);
        assertThat(view.persons("t1")).as("what it holds is not bounded by it").hasSize(DoorView.EVENTS_KEPT + 1);
    }
}
