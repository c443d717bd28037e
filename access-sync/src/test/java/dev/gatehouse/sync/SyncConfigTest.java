package dev.gatehouse.sync;

import static dev.gatehouse.testkit.ConfigAssertions.assertHidesSecret;
import static dev.gatehouse.testkit.ConfigAssertions.assertReadsTheKeysOf;
import static dev.gatehouse.testkit.ConfigAssertions.assertRejects;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.pipeline.config.ConfigKeys;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyncConfigTest {

    @Test
    void takesDefaultsForAbsentKeys() {
        SyncConfig config = SyncConfig.load(Map.of());
        assertThat(config.kafka().topicPrefix()).isEqualTo("gatehouse.");
        assertThat(config.dataDir()).isEqualTo(Path.of("data"));
        assertThat(config.httpHost()).isEqualTo("0.0.0.0");
        assertThat(config.httpPort()).isEqualTo(8082);
        assertThat(config.webhookSecret()).isEmpty();
        assertThat(config.connectorsFile()).isEmpty();
    }

    @Test
    void theWebhookFollowsTheSimulatorsPortUnlessSet() {
        assertThat(SyncConfig.load(Map.of(ConfigKeys.SIMULATOR_PORT, "18090")).webhookUrl())
                .isEqualTo("http://127.0.0.1:18090/webhook");
        assertThat(SyncConfig.load(Map.of(ConfigKeys.WEBHOOK_URL, "https://doors.example.com/hook")).webhookUrl())
                .isEqualTo("https://doors.example.com/hook");
        assertRejects(SyncConfig::load, ConfigKeys.SIMULATOR_PORT, "70000", "port");
    }

    @Test
    void theConnectorsFileIsTheNamedOneElseTheDataDirsIfPresent() {
        SyncConfig named = SyncConfig.load(Map.of(ConfigKeys.CONNECTORS_FILE, "/etc/gatehouse/connectors.json"));
        assertThat(Connectors.file(named)).contains(Path.of("/etc/gatehouse/connectors.json"));
        SyncConfig none = SyncConfig.load(Map.of(ConfigKeys.DATA_DIR, "target/no-such-dir"));
        assertThat(Connectors.file(none)).isEmpty();
    }

    @Test
    void neverPrintsSecrets() {
        assertHidesSecret(SyncConfig::load, ConfigKeys.WEBHOOK_SECRET, "webhook-secret-value");
    }

    @Test
    void readsTheKeysReadmeSaysAccessSyncReads() {
        assertReadsTheKeysOf(ConfigKeys.SYNC, SyncConfig::from);
    }
}
