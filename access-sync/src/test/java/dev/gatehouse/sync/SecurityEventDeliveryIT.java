package dev.gatehouse.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.simulator.Changes;
import dev.gatehouse.simulator.DoorSimulator;
import dev.gatehouse.simulator.SimulatorClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code format: secevent} webhook entry of the connectors file, end to end on the real test broker:
 * changes become SCIM Security Event Tokens that a second door simulator verifies and applies, while
 * the main JSON webhook keeps delivering to the fixture's simulator.
 */
class SecurityEventDeliveryIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SECRET = "secevent-delivery-secret-32-bytes-long";
    private static final String AUDIENCE = "https://doors.example/scim-events";
    @RegisterExtension
    final AccessChangesFixture fx = AccessChangesFixture.withWebhookDoor("s3cret");
    @TempDir
    Path dir;

    @Test
    void createsADeactivationAndADeleteArriveAsVerifiedSets() throws Exception {
        try (DoorSimulator setDoor = DoorSimulator.start(0, Optional.of(SECRET), AUDIENCE)) {
            SimulatorClient door = new SimulatorClient(setDoor);
            Path connectors = Files.writeString(dir.resolve("connectors.json"), """
                    [{"name": "doors-set", "type": "webhook", "url": "%s", "format": "secevent", "secret": "%s",
                      "issuer": "https://gatehouse.example", "audience": "%s", "tenant": "acme"}]"""
                    .formatted(door.webhookUrl(), SECRET, AUDIENCE));
            SyncConfig base = fx.config();
            SyncConfig config = new SyncConfig(base.kafka(), base.dataDir(), base.httpHost(), base.httpPort(),
                    base.webhookUrl(), base.webhookSecret(), Optional.of(connectors));
            AccessSyncService sync = AccessSyncService.start(config);
            try (sync) {
                fx.publish(0, Changes.group("acme", "g1", 1, "Staff"));
                fx.publish(0, Changes.user("acme", "alice", 1, true, "g1"));
                fx.publish(0, Changes.user("acme", "bob", 1, true, "g1"));
                fx.publish(0, Changes.user("globex", "carol", 1, true));
                await().atMost(WAIT).untilAsserted(() ->
                        assertThat(door.persons("acme").findValuesAsText("id")).containsExactly("alice", "bob"));
                fx.publish(0, Changes.user("acme", "alice", 2, false, "g1"));
                fx.publish(0, Changes.deleted(Changes.user("acme", "bob", 1, true, "g1"), 2));
                await().atMost(WAIT).untilAsserted(() ->
                        assertThat(door.persons("acme").findValuesAsText("id")).containsExactly("alice"));
                await().atMost(WAIT).untilAsserted(() ->
                        assertThat(door.persons("acme").get(0).get("active").asBoolean()).isFalse());
                // The JSON webhook got everything, for both organizations, as before.
                await().atMost(WAIT).untilAsserted(() ->
                        assertThat(fx.door().persons("globex").findValuesAsText("id")).containsExactly("carol"));
            }
            JsonNode alice = door.persons("acme").get(0);
            assertThat(alice.get("version").asLong()).isEqualTo(2);
            assertThat(alice.get("groups").toString()).isEqualTo("[\"g1\"]");
            assertThat(door.groups("acme").get(0).get("displayName").asText()).isEqualTo("Staff");
            assertThat(door.groups("acme").get(0).get("members").toString()).isEqualTo("[\"alice\"]");
            assertThat(door.persons("globex")).as("the connector serves acme only").isEmpty();
            assertThat(door.securityEvents()).as("every push was a SET").isEqualTo(door.received()).isBetween(3, 5);
            assertThat(door.events("acme").toString()).contains("c2/alice", "c2/bob");
        }
    }
}
