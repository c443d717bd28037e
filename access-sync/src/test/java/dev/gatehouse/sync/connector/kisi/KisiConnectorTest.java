package dev.gatehouse.sync.connector.kisi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.simulator.Changes;
import dev.gatehouse.simulator.KisiSimulator;
import dev.gatehouse.sync.connector.ChangeApplier;
import dev.gatehouse.sync.connector.GroupSpec;
import dev.gatehouse.sync.connector.PersonSpec;
import dev.gatehouse.sync.connector.PushOutcome;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Kisi connector against the Kisi simulator, call by call. */
class KisiConnectorTest {
    private KisiSimulator kisi;
    private KisiConnector connector;

    @BeforeEach
    void start() {
        kisi = KisiSimulator.start(0, "right-key", 10_000);
        connector = new KisiConnector("kisi", "acme", new KisiSettings(URI.create(kisi.baseUrl()), "right-key", 1000));
    }

    @AfterEach
    void stop() {
        kisi.close();
    }

    private static PersonSpec person(String key, boolean active, String... groups) {
        return new PersonSpec(key, key + "@example.test", "Name " + key, active, Map.of("city", "Berlin", "floor", 3), Set.of(groups));
    }

    @Test
    void anUnchangedPersonCostsNoCallAndASuspendIsOnePatch() {
        assertThat(connector.upsertPerson(person("a", true))).isEqualTo(PushOutcome.applied());
        int calls = kisi.requests().size();
        assertThat(connector.upsertPerson(person("a", true)).ok()).isTrue();
        assertThat(kisi.requests()).as("same state: no call").hasSize(calls);
        assertThat(connector.upsertPerson(person("a", false)).ok()).isTrue();
        assertThat(kisi.requests()).hasSize(calls + 1);
        assertThat(kisi.requests().get(calls).method()).isEqualTo("PATCH");
        assertThat(kisi.userByEmail("a@example.test").orElseThrow().path("access_enabled").asBoolean()).isFalse();
    }

    @Test
    void membershipsAreGroupBasicRoleAssignmentsWhicheverSideArrivesFirst() {
        connector.upsertPerson(person("a", true, "g"));          // group unknown yet: joins later
        connector.upsertGroup(new GroupSpec("g", "Staff", Set.of("a", "b")));
        connector.setGroupMembers("g", Set.of("a", "b"));       // b unknown yet
        connector.upsertPerson(person("b", true, "g"));
        assertThat(kisi.memberships().get("Staff")).containsExactly("a@example.test", "b@example.test");
        connector.setGroupMembers("g", Set.of("b"));
        assertThat(kisi.memberships().get("Staff")).containsExactly("b@example.test");
        assertThat(connector.deleteGroup("g").ok()).isTrue();
        assertThat(kisi.memberships()).isEmpty();
    }

    @Test
    void aUserMadeByHandWithTheSameEmailIsAdoptedNotDuplicated() {
        kisi.addUser("a@example.test", true);
        assertThat(connector.upsertPerson(person("a", true)).ok()).isTrue();
        assertThat(kisi.users()).hasSize(1);
        assertThat(kisi.users().get(0).path("metadata").path("gatehouse_id").asText()).isEqualTo("a");
    }

    @Test
    void outcomesAreValues() {
        kisi.rejectEmail("bad@example.test");
        assertThat(connector.upsertPerson(person("bad", true))).isInstanceOf(PushOutcome.Rejected.class);
        kisi.throttle(1, 7);
        PushOutcome throttled = connector.upsertPerson(person("c", true));
        assertThat(throttled).isInstanceOf(PushOutcome.RetryLater.class);
        assertThat(((PushOutcome.RetryLater) throttled).after()).contains(java.time.Duration.ofSeconds(7));
        kisi.down(true);
        assertThat(connector.upsertPerson(person("d", true))).isInstanceOf(PushOutcome.RetryLater.class);
        kisi.down(false);
        assertThat(connector.deletePerson("never-pushed").ok()).as("deleting what is not there succeeds").isTrue();
    }

    @Test
    void aWrongKeyIsRetriedNotDeadLetteredAndNeverShown() {
        KisiConnector wrong = new KisiConnector("kisi", "acme", new KisiSettings(URI.create(kisi.baseUrl()), "wrong-key", 1000));
        assertThat(wrong.upsertPerson(person("a", true))).isInstanceOf(PushOutcome.RetryLater.class);
        assertThat(wrong.toString()).doesNotContain("wrong-key").contains("redacted");
    }

    @Test
    void metadataKisiCannotHoldIsRejectedBeforeAnyCall() {
        var change = Changes.user("acme", "m", 1, true);
        ((com.fasterxml.jackson.databind.node.ObjectNode) change.state().get("metadata")).putArray("badges").add("1");
        assertThat(new ChangeApplier(connector).push(change)).isInstanceOf(PushOutcome.Rejected.class);
        var nested = Changes.user("acme", "n", 1, true);
        ((com.fasterxml.jackson.databind.node.ObjectNode) nested.state().get("metadata")).putObject("site").put("floor", 2);
        assertThat(new ChangeApplier(connector).push(nested).ok()).isTrue();
        assertThat(kisi.userByEmail("n@example.test").orElseThrow().path("metadata").path("site.floor").asInt()).isEqualTo(2);
        assertThat(kisi.userByEmail("m@example.test")).isEmpty();
    }
}
