package dev.gatehouse.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.contract.AccessChange;
import org.junit.jupiter.api.Test;

class DoorViewTest {
    private final DoorView view = new DoorView();

    @Test
    void showsPersonsWithGroupsAndMetadata() {
        view.apply("e1", Changes.user("t1", "u1", 1, true, "g1", "g2"));
        assertThat(view.persons("t1")).hasSize(1);
        assertThat(view.persons("t1").get(0).get("groups").toString()).isEqualTo("[\"g1\",\"g2\"]");
        assertThat(view.persons("t1").get(0).get("metadata").get("city").asText()).isEqualTo("Berlin");
        assertThat(view.persons("t2")).isEmpty();
    }

    @Test
    void ignoresDuplicatesAndOlderVersions() {
        assertThat(view.apply("e2", Changes.user("t1", "u1", 2, false))).isTrue();
        assertThat(view.apply("e2", Changes.user("t1", "u1", 2, false))).isFalse();
        assertThat(view.apply("e1", Changes.user("t1", "u1", 1, true))).isFalse();
        assertThat(view.person("t1", "u1").orElseThrow().get("active").asBoolean()).isFalse();
    }

    @Test
    void aDeletedPersonIsGoneAndStaysGone() {
        AccessChange created = Changes.user("t1", "u1", 1, true);
        view.apply("e1", created);
        view.apply("e2", Changes.deleted(created, 2));
        assertThat(view.person("t1", "u1")).isEmpty();
        view.apply(null, created);
        assertThat(view.person("t1", "u1")).as("an older event cannot resurrect a deleted person").isEmpty();
    }
}
