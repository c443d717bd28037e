package dev.gatehouse.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatehouseConfigTest {

    @Test
    void takesDefaultsForAbsentKeys() {
        GatehouseConfig config = GatehouseConfig.load(Map.of());
        assertThat(config.bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.dataDir()).isEqualTo(Path.of("data"));
        assertThat(config.stateDir()).isEqualTo(Path.of("data", "streams"));
        assertThat(config.adminKey()).isEmpty();
        assertThat(config.instanceId()).startsWith("api-");
    }

    @Test
    void overridesWinAndSurviveARoundTrip() {
        GatehouseConfig config = GatehouseConfig.load(Map.of(GatehouseConfig.HTTP_PORT, "9000"))
                .with(Map.of(GatehouseConfig.PARTITIONS, "3", GatehouseConfig.PUBLIC_URL, "https://doors.example.com/"));
        assertThat(config.httpPort()).isEqualTo(9000);
        assertThat(config.partitions()).isEqualTo(3);
        assertThat(config.publicUrl()).contains("https://doors.example.com");
        assertThat(GatehouseConfig.load(config.toSettings())).isEqualTo(config);
    }

    @Test
    void localAddressesFollowTheirPortsUnlessSet() {
        GatehouseConfig derived = GatehouseConfig.load(Map.of(
                GatehouseConfig.PROCESSOR_PORT, "18081", GatehouseConfig.SIMULATOR_PORT, "18090"));
        assertThat(derived.processorUrl()).isEqualTo("http://127.0.0.1:18081");
        assertThat(derived.webhookUrl()).isEqualTo("http://127.0.0.1:18090/webhook");
        GatehouseConfig explicit = GatehouseConfig.load(Map.of(
                GatehouseConfig.PROCESSOR_URL, "http://processor:8081", GatehouseConfig.WEBHOOK_URL, "https://doors.example.com/hook"));
        assertThat(explicit.processorUrl()).isEqualTo("http://processor:8081");
        assertThat(explicit.webhookUrl()).isEqualTo("https://doors.example.com/hook");
    }

    @Test
    void theProcessorUrlIsOneUrlOrACommaSeparatedList() {
        assertThat(GatehouseConfig.load(Map.of(GatehouseConfig.PROCESSOR_URL, "http://processor:8081/")).processorUrls())
                .containsExactly("http://processor:8081");
        GatehouseConfig several = GatehouseConfig.load(Map.of(
                GatehouseConfig.PROCESSOR_URL, "http://processor-1:8081, http://processor-2:8081/,"));
        assertThat(several.processorUrls()).containsExactly("http://processor-1:8081", "http://processor-2:8081");
        assertThat(GatehouseConfig.load(several.toSettings())).isEqualTo(several);
        assertThat(GatehouseConfig.load(Map.of(GatehouseConfig.PROCESSOR_PORT, "18081")).processorUrls())
                .containsExactly("http://127.0.0.1:18081");
        assertThatThrownBy(() -> GatehouseConfig.load(Map.of(GatehouseConfig.PROCESSOR_URL, " , ")))
                .hasMessageContaining("GATEHOUSE_PROCESSOR_URL");
    }

    @Test
    void standbyReplicasAndSessionTimeoutDefaultToKafkasAndAreChecked() {
        GatehouseConfig defaults = GatehouseConfig.load(Map.of());
        assertThat(defaults.standbyReplicas()).isZero();
        assertThat(defaults.sessionTimeoutMs()).isEqualTo(45_000);
        GatehouseConfig set = GatehouseConfig.load(Map.of(
                GatehouseConfig.STANDBY_REPLICAS, "1", GatehouseConfig.SESSION_TIMEOUT_MS, "6000"));
        assertThat(set.standbyReplicas()).isEqualTo(1);
        assertThat(set.sessionTimeoutMs()).isEqualTo(6000);
        assertThatThrownBy(() -> GatehouseConfig.load(Map.of(GatehouseConfig.STANDBY_REPLICAS, "-1")))
                .hasMessageContaining("GATEHOUSE_STANDBY_REPLICAS must not be negative");
        assertThatThrownBy(() -> GatehouseConfig.load(Map.of(GatehouseConfig.SESSION_TIMEOUT_MS, "0")))
                .hasMessageContaining("GATEHOUSE_SESSION_TIMEOUT_MS must be positive");
    }

    @Test
    void rejectsValuesThatAreNotNumbersOrPorts() {
        assertThatThrownBy(() -> GatehouseConfig.load(Map.of(GatehouseConfig.HTTP_PORT, "eighty")))
                .hasMessageContaining("GATEHOUSE_HTTP_PORT");
        assertThatThrownBy(() -> GatehouseConfig.load(Map.of(GatehouseConfig.PARTITIONS, "0")))
                .hasMessageContaining("GATEHOUSE_PARTITIONS must be positive");
        assertThatThrownBy(() -> GatehouseConfig.load(Map.of(GatehouseConfig.SIMULATOR_PORT, "70000")))
                .hasMessageContaining("port");
    }

    @Test
    void neverPrintsSecrets() {
        GatehouseConfig config = GatehouseConfig.load(Map.of(
                GatehouseConfig.ADMIN_KEY, "admin-secret-value",
                GatehouseConfig.WEBHOOK_SECRET, "webhook-secret-value"));
        assertThat(config.toString()).doesNotContain("admin-secret-value", "webhook-secret-value").contains("<set>");
    }

    @Test
    void topicDriftIsAppliedUnlessOnlyReportsAreAsked() {
        assertThat(GatehouseConfig.load(Map.of()).applyTopicDrift()).isTrue();
        assertThat(GatehouseConfig.load(Map.of(GatehouseConfig.TOPIC_DRIFT, "Report")).applyTopicDrift()).isFalse();
        assertThatThrownBy(() -> GatehouseConfig.load(Map.of(GatehouseConfig.TOPIC_DRIFT, "fix")))
                .hasMessageContaining("GATEHOUSE_TOPIC_DRIFT must be apply or report");
    }
}
