package dev.gatehouse.launcher;

import dev.gatehouse.pipeline.config.ConfigKeys;
import dev.gatehouse.pipeline.config.ConfigSource;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The launcher's own settings: the embedded broker, the door simulator, and the data directory where
 * {@code up} keeps the keys it generates. Read once from {@code GATEHOUSE_*} keys and validated; immutable.
 *
 * @param adminKey set: {@code up} generates none
 * @param webhookSecret the simulator's signing key; set: {@code up} generates none
 * @param encryptionKey the API's key for secrets it keeps encrypted; set: {@code up} generates none
 */
public record LauncherConfig(
        Path dataDir,
        int kafkaPort,
        int kafkaControllerPort,
        int simulatorPort,
        Optional<String> adminKey,
        Optional<String> webhookSecret,
        Optional<String> encryptionKey) {

    /** Reads the launcher's keys of {@code source}. */
    public static LauncherConfig from(ConfigSource source) {
        return new LauncherConfig(
                Path.of(source.string(ConfigKeys.DATA_DIR)),
                source.port(ConfigKeys.KAFKA_PORT),
                source.port(ConfigKeys.KAFKA_CONTROLLER_PORT),
                source.port(ConfigKeys.SIMULATOR_PORT),
                source.optional(ConfigKeys.ADMIN_KEY),
                source.optional(ConfigKeys.WEBHOOK_SECRET),
                source.optional(ConfigKeys.ENCRYPTION_KEY));
    }

    /** Reads the given settings; absent or blank keys take their default. */
    public static LauncherConfig load(Map<String, String> settings) {
        return from(ConfigSource.of(settings));
    }

    /** Where the embedded broker keeps its log. */
    public Path kafkaLogDir() {
        return dataDir.resolve("kafka");
    }

    @Override
    public String toString() {
        // Never print secrets: shown only as set / unset.
        return "LauncherConfig[dataDir=" + dataDir + ", kafkaPort=" + kafkaPort + ", simulatorPort=" + simulatorPort
                + ", adminKey=" + (adminKey.isPresent() ? "<set>" : "<unset>")
                + ", webhookSecret=" + (webhookSecret.isPresent() ? "<set>" : "<unset>")
                + ", encryptionKey=" + (encryptionKey.isPresent() ? "<set>" : "<unset>") + "]";
    }
}
