package dev.gatehouse.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.api.config.ApiConfig;
import dev.gatehouse.kafka.FreePorts;
import dev.gatehouse.pipeline.config.ConfigKeys;
import dev.gatehouse.pipeline.config.ConfigSource;
import dev.gatehouse.processor.ProcessorConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A misspelled {@code GATEHOUSE_*} key stops start-up before anything starts; another service's key does not. */
class UnknownSettingTest {

    @Test
    @Timeout(30) // were the check gone, up would start the whole stack and wait for a signal
    void aMisspelledKeyStopsUpBeforeTheBrokerStarts() throws Exception {
        Path dataDir = Path.of("target", "test-data", "unknown-" + UUID.randomUUID()).toAbsolutePath();
        int kafkaPort = FreePorts.next();
        UpCommand up = new UpCommand();
        up.dataDir = dataDir;
        up.environment = Map.of(ConfigKeys.KAFKA_PORT, Integer.toString(kafkaPort), "GATEHOUSE_STANDBY_REPLICA", "1");

        assertThatThrownBy(up::call).isInstanceOf(ConfigKeys.UnknownSettingException.class)
                .hasMessage("Unknown setting GATEHOUSE_STANDBY_REPLICA; did you mean GATEHOUSE_STANDBY_REPLICAS?");

        assertThat(Files.exists(dataDir)).as("no broker log, no generated keys").isFalse();
        try (ServerSocket stillFree = new ServerSocket(kafkaPort)) {
            assertThat(stillFree.getLocalPort()).isEqualTo(kafkaPort);
        }
    }

    @Test
    void aKeyOfAnotherServiceIsKnownNotMisspelled() {
        Map<String, String> shared = Map.of(
                ConfigKeys.WEBHOOK_URL, "http://simulator:8090/webhook", // access-sync's
                ConfigKeys.APPLICATION_ID, "gatehouse-processor", // the processor's
                ConfigKeys.KAFKA_PORT, "9092", // the launcher's
                ConfigKeys.HTTP_PORT, "9080", // the API's
                ConfigKeys.LOG_FORMAT, "json");
        ServiceCommands.Api api = new ServiceCommands.Api();
        api.environment = shared;
        assertThat(ApiConfig.from(api.settings()).httpPort()).isEqualTo(9080);
        ServiceCommands.Processor processor = new ServiceCommands.Processor();
        processor.environment = shared;
        assertThat(ProcessorConfig.from(processor.settings()).applicationId()).isEqualTo("gatehouse-processor");
        assertThat(Gatehouse.settingsKnown(shared, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
                .isTrue();
    }

    @Test
    void everyCommandChecksTheEnvironmentFirst() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(Gatehouse.settingsKnown(Map.of("GATEHOUSE_ADMN_KEY", "k", "GATEHOUSE_URL", "http://localhost:8080"),
                new PrintStream(err, true, StandardCharsets.UTF_8))).isFalse();
        assertThat(err.toString(StandardCharsets.UTF_8).strip())
                .isEqualTo("Unknown setting GATEHOUSE_ADMN_KEY; did you mean GATEHOUSE_ADMIN_KEY?");
        err.reset();
        assertThat(Gatehouse.settingsKnown(Map.of("GATEHOUSE_FLAVOUR", "mint"), new PrintStream(err, true, StandardCharsets.UTF_8)))
                .isFalse();
        assertThat(err.toString(StandardCharsets.UTF_8).strip()).isEqualTo("Unknown setting GATEHOUSE_FLAVOUR");
    }

    @Test
    void theLauncherReadsItsOwnKeys() {
        ConfigSource source = ConfigSource.of(Map.of());
        LauncherConfig config = LauncherConfig.from(source);
        assertThat(source.keysRead()).containsExactlyInAnyOrderElementsOf(ConfigKeys.readBy(ConfigKeys.LAUNCHER));
        assertThat(config.kafkaPort()).isEqualTo(9092);
        assertThat(config.kafkaControllerPort()).isEqualTo(9093);
        assertThat(config.simulatorPort()).isEqualTo(8090);
        assertThat(config.kafkaLogDir()).isEqualTo(Path.of("data", "kafka"));
        assertThat(LauncherConfig.load(Map.of(ConfigKeys.WEBHOOK_SECRET, "webhook-secret-value")).toString())
                .doesNotContain("webhook-secret-value");
    }

}
