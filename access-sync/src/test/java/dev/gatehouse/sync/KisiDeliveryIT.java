package dev.gatehouse.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.contract.AccessChange;
import dev.gatehouse.scim.ScimJson;
import dev.gatehouse.simulator.Changes;
import dev.gatehouse.simulator.KisiSimulator;
import dev.gatehouse.sync.connector.ChangeApplier;
import dev.gatehouse.sync.connector.DoorConnector;
import dev.gatehouse.sync.connector.kisi.KisiConnector;
import dev.gatehouse.sync.connector.kisi.KisiSettings;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Delivery from the access-changes topic of a real broker to the Kisi simulator, through the Kisi connector. */
class KisiDeliveryIT {
    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final String KEY = AccessChangesFixture.KISI_KEY;
    private static final String TENANT = "acme";
    @RegisterExtension
    final AccessChangesFixture fx = AccessChangesFixture.withoutDoor();
    private KisiSimulator kisi;

    private DoorConnector connector(double rate) {
        return new ChangeApplier(new KisiConnector("kisi", TENANT, new KisiSettings(URI.create(kisi.baseUrl()), KEY, rate)));
    }

    private AccessSyncService sync(double rate) {
        return AccessSyncService.start(fx.config(), List.of(connector(rate)));
    }

    private static String email(String id) {
        return id + "@example.test";
    }

    private boolean access(String id) {
        return kisi.userByEmail(email(id)).orElseThrow().path("access_enabled").asBoolean();
    }

    @Test
    void anOutageLosesNothingAndEachResourceEndsAtItsNewestState() throws Exception {
        kisi = fx.startKisi(10_000);
        kisi.down(true);
        AccessSyncService sync = sync(Double.POSITIVE_INFINITY);
        try (sync) {
            for (int i = 0; i < 20; i++) {
                fx.publish(Changes.user(TENANT, "u" + i, 1, true));
            }
            await().atMost(WAIT).until(() -> kisi.requests().size() >= 3); // failing while down
            fx.publish(Changes.user(TENANT, "u3", 2, false));
            fx.publish(Changes.user(TENANT, "u3", 3, true));
            fx.publish(Changes.user(TENANT, "u4", 2, false));
            fx.publish(Changes.user("other-org", "x", 1, true)); // not this connector's organization
            kisi.down(false);
            await().atMost(WAIT).until(() -> kisi.users().size() == 20);
            await().atMost(WAIT).until(() -> !access("u4"));
        }
        assertThat(kisi.requests()).anyMatch(r -> r.status() == 503);
        List<String> mutations = kisi.mutations();
        for (int i = 0; i < 20; i++) {
            String e = email("u" + i);
            assertThat(mutations.stream().filter(m -> m.startsWith("create " + e + " "))).as("u%d created once", i).hasSize(1);
        }
        assertThat(access("u3")).as("u3's newest state (v3) is active").isTrue();
        assertThat(access("u4")).isFalse();
        assertThat(kisi.userByEmail(email("u1")).orElseThrow().path("metadata").path("city").asText()).isEqualTo("Berlin");
        assertThat(kisi.userByEmail(email("u1")).orElseThrow().path("metadata").path("gatehouse_id").asText()).isEqualTo("u1");
        assertThat(kisi.userByEmail(email("x"))).isEmpty();
    }

    @Test
    void oneDoorSystemsOutageDelaysNoOther() throws Exception {
        kisi = fx.startKisi(10_000);
        try (KisiSimulator broken = KisiSimulator.start(0, KEY, 10_000)) {
            broken.down(true);
            DoorConnector other = new ChangeApplier(new KisiConnector("kisi-broken", TENANT,
                    new KisiSettings(URI.create(broken.baseUrl()), KEY, Double.POSITIVE_INFINITY)));
            AccessSyncService sync = AccessSyncService.start(fx.config(), List.of(connector(Double.POSITIVE_INFINITY), other));
            try (sync) {
                for (int i = 0; i < 10; i++) {
                    fx.publish(Changes.user(TENANT, "o" + i, 1, true));
                }
                await().atMost(WAIT).until(() -> kisi.users().size() == 10);
                assertThat(broken.users()).isEmpty();
                broken.down(false);
                await().atMost(WAIT).until(() -> broken.users().size() == 10);
            }
            assertThat(broken.requests()).anyMatch(r -> r.status() == 503);
        }
    }

    @Test
    void aStormOf429IsWaitedOutAndTheRateLimitIsNeverExceeded() throws Exception {
        kisi = fx.startKisi(5);
        kisi.throttle(3, 1);
        AccessSyncService sync = sync(5);
        try (sync) {
            for (int i = 0; i < 12; i++) {
                fx.publish(Changes.user(TENANT, "r" + i, 1, true));
            }
            await().atMost(WAIT).until(() -> kisi.users().size() == 12);
        }
        List<KisiSimulator.Request> requests = kisi.requests();
        assertThat(requests.stream().filter(r -> r.status() == 429)).as("only the injected 429s").hasSize(3);
        assertThat(kisi.maxRequestsPerSecond()).as("never over 5 in any second").isLessThanOrEqualTo(5);
        for (int i = 0; i + 1 < requests.size(); i++) {
            if (requests.get(i).status() == 429) {
                long gap = requests.get(i + 1).atNanos() - requests.get(i).atNanos();
                assertThat(gap).as("Retry-After: 1 honoured").isGreaterThanOrEqualTo(Duration.ofSeconds(1).toNanos());
            }
        }
    }

    @Test
    void aPermanentRejectionIsDeadLetteredAndRedriveAppliesItOnceFixed() throws Exception {
        kisi = fx.startKisi(10_000);
        kisi.rejectEmail(email("bad"));
        AccessSyncService sync = sync(Double.POSITIVE_INFINITY);
        try (sync) {
            fx.publish(Changes.user(TENANT, "bad", 1, true));
            fx.publish(Changes.user(TENANT, "good", 1, true));
            await().atMost(WAIT).until(() -> kisi.userByEmail(email("good")).isPresent());
            await().atMost(WAIT).until(() -> DeadLetterAdmin.list(fx.config(), Optional.of("kisi")).size() == 1);
            DeadLetterAdmin.Letter letter = DeadLetterAdmin.list(fx.config(), Optional.empty()).get(0);
            assertThat(letter.key()).isEqualTo(TENANT + "/bad");
            assertThat(letter.error()).contains("422").contains("email");
            assertThat(letter.attempts()).isEqualTo(1);
            assertThat(kisi.userByEmail(email("bad"))).isEmpty();

            kisi.rejectEmail(null); // the fix (in real life: the directory or the door system's rules)
            assertThat(DeadLetterAdmin.redrive(fx.config(), Optional.empty())).hasSize(1);
            await().atMost(WAIT).until(() -> kisi.userByEmail(email("bad")).isPresent());
            assertThat(DeadLetterAdmin.redrive(fx.config(), Optional.empty())).as("already redriven").isEmpty();
        }
    }

    @Test
    void aRevocationOvertakesABacklogOfUpdates() throws Exception {
        kisi = fx.startKisi(100_000);
        AccessSyncService sync = sync(Double.POSITIVE_INFINITY);
        try (sync) {
            fx.publish(Changes.user(TENANT, "leaver", 1, true));
            await().atMost(WAIT).until(() -> kisi.userByEmail(email("leaver")).isPresent());
        }
        int backlog = 2_000;
        for (int i = 0; i < backlog; i++) {
            fx.send(Changes.user(TENANT, "b" + i, 1, true));
        }
        fx.producer().flush();
        fx.publish(Changes.user(TENANT, "leaver", 2, false));
        AccessSyncService again = sync(Double.POSITIVE_INFINITY);
        try (again) {
            await().atMost(WAIT).until(() -> kisi.users().size() == backlog + 1);
        }
        List<String> mutations = kisi.mutations();
        int revoked = mutations.indexOf("update " + email("leaver") + " access=false");
        assertThat(revoked).as("the suspend arrived").isPositive();
        assertThat(revoked).as("near the head of the %d queued updates", backlog).isLessThan(50);
        assertThat(access("leaver")).isFalse();
    }

    @Test
    void resyncRepairsDriftMadeInTheDoorSystem() throws Exception {
        kisi = fx.startKisi(10_000);
        ObjectNode staff = group("staff", "Staff");
        publishState(fx.topics().groups(), "staff", staff);
        for (String id : List.of("alice", "bob", "carol")) {
            AccessChange change = id.equals("carol") ? Changes.user(TENANT, id, 1, false)
                    : Changes.user(TENANT, id, 1, true, "staff");
            publishState(fx.topics().users(), id, (ObjectNode) change.state());
            fx.publish(change);
        }
        fx.publish(new AccessChange("c1/staff", TENANT, dev.gatehouse.contract.ResourceType.GROUP, "staff", 1, false,
                staff, "c1", Instant.now()));
        AccessSyncService sync = sync(Double.POSITIVE_INFINITY);
        try (sync) {
            await().atMost(WAIT).until(() -> kisi.memberships().getOrDefault("Staff", List.of()).size() == 2);
        }
        // Drift: an admin re-enables carol, renames alice, deletes bob and adds a stranger.
        kisi.edit(email("carol"), u -> u.put("access_enabled", true));
        kisi.edit(email("alice"), u -> u.put("name", "Someone else"));
        kisi.removeUser(email("bob"));
        kisi.addUser("stranger@example.test", true);

        Resync.Report report = Resync.run(fx.config(), TENANT,
                new KisiConnector("kisi", TENANT, new KisiSettings(URI.create(kisi.baseUrl()), KEY, 1000)));

        assertThat(report.failures()).isEmpty();
        assertThat(report.created()).as("bob").isEqualTo(1);
        assertThat(report.updated()).as("alice, carol").isEqualTo(2);
        assertThat(report.suspended()).as("the stranger").isEqualTo(1);
        assertThat(access("carol")).isFalse();
        assertThat(kisi.userByEmail(email("alice")).orElseThrow().path("name").asText()).as("the directory has no name").isEmpty();
        assertThat(kisi.userByEmail("stranger@example.test").orElseThrow().path("access_enabled").asBoolean()).isFalse();
        assertThat(kisi.memberships().get("Staff")).containsExactly(email("alice"), email("bob"));
        Resync.Report again = Resync.run(fx.config(), TENANT,
                new KisiConnector("kisi", TENANT, new KisiSettings(URI.create(kisi.baseUrl()), KEY, 1000)));
        assertThat(again.created() + again.updated() + again.suspended() + again.groupsFixed()).as("nothing left to fix").isZero();
    }

    @Test
    void replayPushesTheNewestStatesAgainAfterTheDoorSystemLostThem() throws Exception {
        kisi = fx.startKisi(10_000);
        Instant since = Instant.now().minusSeconds(1);
        AccessSyncService sync = sync(Double.POSITIVE_INFINITY);
        try (sync) {
            fx.publish(Changes.user(TENANT, "p1", 1, true));
            fx.publish(Changes.user(TENANT, "p1", 2, false));
            fx.publish(Changes.user(TENANT, "p2", 1, true));
            await().atMost(WAIT).until(() -> kisi.users().size() == 2 && !access("p1"));
            kisi.removeUser(email("p2")); // lost on the door side (a restore from an old backup)
            kisi.edit(email("p1"), u -> u.put("access_enabled", true));

            assertThat(Replay.replay(fx.config(), TENANT, "kisi", since)).isEqualTo(3);
            await().atMost(WAIT).until(() -> kisi.userByEmail(email("p2")).isPresent());
            await().atMost(WAIT).until(() -> !access("p1"));
        }
        assertThat(Replay.replay(fx.config(), "nobody", "kisi", since)).isZero();
    }

    private void publishState(String topic, String id, ObjectNode state) throws Exception {
        fx.producer().send(new ProducerRecord<>(topic, TENANT + "/" + id, state.toString().getBytes(StandardCharsets.UTF_8))).get();
    }

    /** A group's state and event form: its own attributes; its members are the users whose groups name it. */
    private static ObjectNode group(String id, String name) {
        return ScimJson.mapper().createObjectNode().put("id", id).put("displayName", name);
    }

}
