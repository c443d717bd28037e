package dev.gatehouse.processor;

import static dev.gatehouse.testkit.ConfigAssertions.assertReadsTheKeysOf;
import static dev.gatehouse.testkit.ConfigAssertions.assertRejects;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.pipeline.config.ConfigKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessorConfigTest {

    @Test
    void takesDefaultsForAbsentKeys() {
        ProcessorConfig config = ProcessorConfig.load(Map.of());
        assertThat(config.kafka().bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(config.dataDir()).isEqualTo(Path.of("data"));
        assertThat(config.stateDir()).isEqualTo(Path.of("data", "streams"));
        assertThat(config.processorHost()).isEqualTo("127.0.0.1");
        assertThat(config.processorPort()).isEqualTo(8081);
        assertThat(config.applicationId()).isEqualTo("gatehouse-processor");
        assertThat(config.commitIntervalMs()).isEqualTo(100);
        assertThat(config.answerWait()).isEqualTo(Duration.ofSeconds(10)); // the API's default wait
        assertThat(config.streamThreads()).isEqualTo(2);
    }

    @Test
    void standbysRecoveryLagAndSessionTimeoutDefaultToKafkasAndAreChecked() {
        ProcessorConfig defaults = ProcessorConfig.load(Map.of());
        assertThat(defaults.standbyReplicas()).isZero();
        assertThat(defaults.acceptableRecoveryLag()).isEqualTo(10_000);
        assertThat(ProcessorConfig.load(Map.of(ConfigKeys.ACCEPTABLE_RECOVERY_LAG, "0")).acceptableRecoveryLag()).isZero();
        assertThat(defaults.sessionTimeoutMs()).isEqualTo(45_000);
        ProcessorConfig set = ProcessorConfig.load(Map.of(
                ConfigKeys.STANDBY_REPLICAS, "1", ConfigKeys.SESSION_TIMEOUT_MS, "6000"));
        assertThat(set.standbyReplicas()).isEqualTo(1);
        assertThat(set.sessionTimeoutMs()).isEqualTo(6000);
        assertRejects(ProcessorConfig::load, ConfigKeys.STANDBY_REPLICAS, "-1", "GATEHOUSE_STANDBY_REPLICAS must not be negative");
        assertRejects(ProcessorConfig::load, ConfigKeys.ACCEPTABLE_RECOVERY_LAG, "-1",
                "GATEHOUSE_ACCEPTABLE_RECOVERY_LAG must not be negative");
        assertRejects(ProcessorConfig::load, ConfigKeys.SESSION_TIMEOUT_MS, "0", "GATEHOUSE_SESSION_TIMEOUT_MS must be positive");
        assertRejects(ProcessorConfig::load, ConfigKeys.PROCESSOR_PORT, "70000", "GATEHOUSE_PROCESSOR_PORT must be a port");
    }

    @Test
    void theWritersWaitIsTheApisCommandTimeout() {
        ProcessorConfig set = ProcessorConfig.load(Map.of(ConfigKeys.COMMAND_TIMEOUT_MS, "3000"));
        assertThat(set.answerWait()).isEqualTo(Duration.ofSeconds(3));
        assertThat(set.asApplication("gatehouse-processor-rebuild-x", 1000).answerWait()).isEqualTo(Duration.ofSeconds(3));
        assertRejects(ProcessorConfig::load, ConfigKeys.COMMAND_TIMEOUT_MS, "0", "GATEHOUSE_COMMAND_TIMEOUT_MS must be positive");
    }

    @Test
    void aRebuildRunsAsAnotherApplicationWithTheRestUnchanged() {
        ProcessorConfig live = ProcessorConfig.load(Map.of(ConfigKeys.STANDBY_REPLICAS, "1"));
        ProcessorConfig rebuild = live.asApplication("gatehouse-processor-rebuild-x", 1000);
        assertThat(rebuild.applicationId()).isEqualTo("gatehouse-processor-rebuild-x");
        assertThat(rebuild.commitIntervalMs()).isEqualTo(1000);
        assertThat(rebuild.standbyReplicas()).isEqualTo(1);
        assertThat(rebuild.stateDir()).isEqualTo(live.stateDir());
    }

    @Test
    void readsTheKeysReadmeSaysTheProcessorReads() {
        assertReadsTheKeysOf(ConfigKeys.PROCESSOR, ProcessorConfig::from);
    }
}
