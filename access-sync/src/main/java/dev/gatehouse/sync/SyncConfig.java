package dev.gatehouse.sync;

import dev.gatehouse.pipeline.config.ConfigKeys;
import dev.gatehouse.pipeline.config.ConfigSource;
import dev.gatehouse.pipeline.config.KafkaConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * access-sync's settings (and its maintenance commands': dead letters, replay, resync), read once from
 * {@code GATEHOUSE_*} keys and validated. Immutable; {@link AccessSyncService#start} takes one.
 *
 * @param httpPort the metrics and health endpoint's port ({@code GATEHOUSE_SYNC_HTTP_PORT})
 * @param connectorsFile {@code GATEHOUSE_CONNECTORS_FILE}; when absent, {@code <data dir>/connectors.json} if present
 */
public record SyncConfig(
        KafkaConfig kafka,
        Path dataDir,
        String httpHost,
        int httpPort,
        String webhookUrl,
        Optional<String> webhookSecret,
        Optional<Path> connectorsFile) {

    /** Reads access-sync's keys of {@code source}. */
    public static SyncConfig from(ConfigSource source) {
        int simulatorPort = source.port(ConfigKeys.SIMULATOR_PORT);
        return new SyncConfig(
                KafkaConfig.from(source),
                Path.of(source.string(ConfigKeys.DATA_DIR)),
                source.string(ConfigKeys.HTTP_HOST),
                source.port(ConfigKeys.SYNC_HTTP_PORT),
                // Derived: the local door simulator.
                source.optional(ConfigKeys.WEBHOOK_URL).orElse("http://127.0.0.1:" + simulatorPort + "/webhook"),
                source.optional(ConfigKeys.WEBHOOK_SECRET),
                source.optional(ConfigKeys.CONNECTORS_FILE).map(Path::of));
    }

    /** Reads the given settings; absent or blank keys take their default. */
    public static SyncConfig load(Map<String, String> settings) {
        return from(ConfigSource.of(settings));
    }

    @Override
    public String toString() {
        // Never print secrets: the webhook secret is shown only as set / unset.
        return "SyncConfig[bootstrapServers=" + kafka.bootstrapServers() + ", dataDir=" + dataDir
                + ", webhookUrl=" + webhookUrl + ", webhookSecret=" + (webhookSecret.isPresent() ? "<set>" : "<unset>") + "]";
    }
}
