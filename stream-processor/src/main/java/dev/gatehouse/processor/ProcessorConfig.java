package dev.gatehouse.processor;

import dev.gatehouse.pipeline.config.ConfigKeys;
import dev.gatehouse.pipeline.config.ConfigSource;
import dev.gatehouse.pipeline.config.KafkaConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The stream processor's settings, read once from {@code GATEHOUSE_*} keys and validated. Immutable;
 * {@link StreamProcessorService#start} takes one.
 */
public record ProcessorConfig(
        KafkaConfig kafka,
        Path dataDir,
        String processorHost,
        int processorPort,
        String applicationId,
        int commitIntervalMs,
        int streamThreads,
        int standbyReplicas,
        int acceptableRecoveryLag,
        int sessionTimeoutMs,
        int commandTimeoutMs) {

    /** Reads the processor's keys of {@code source}. */
    public static ProcessorConfig from(ConfigSource source) {
        return new ProcessorConfig(
                KafkaConfig.from(source),
                Path.of(source.string(ConfigKeys.DATA_DIR)),
                source.string(ConfigKeys.PROCESSOR_HOST),
                source.port(ConfigKeys.PROCESSOR_PORT),
                source.string(ConfigKeys.APPLICATION_ID),
                source.positive(ConfigKeys.COMMIT_INTERVAL_MS),
                source.positive(ConfigKeys.STREAM_THREADS),
                source.nonNegative(ConfigKeys.STANDBY_REPLICAS),
                source.nonNegative(ConfigKeys.ACCEPTABLE_RECOVERY_LAG),
                source.positive(ConfigKeys.SESSION_TIMEOUT_MS),
                source.positive(ConfigKeys.COMMAND_TIMEOUT_MS));
    }

    /** Reads the given settings; absent or blank keys take their default. */
    public static ProcessorConfig load(Map<String, String> settings) {
        return from(ConfigSource.of(settings));
    }

    /** A copy that runs as another Streams application, committing every {@code commitIntervalMs}. */
    public ProcessorConfig asApplication(String otherApplicationId, int otherCommitIntervalMs) {
        if (otherCommitIntervalMs <= 0) {
            throw new IllegalArgumentException(ConfigKeys.COMMIT_INTERVAL_MS + " must be positive, was " + otherCommitIntervalMs);
        }
        return new ProcessorConfig(kafka, dataDir, processorHost, processorPort, otherApplicationId,
                otherCommitIntervalMs, streamThreads, standbyReplicas, acceptableRecoveryLag, sessionTimeoutMs, commandTimeoutMs);
    }

    /**
     * How long a writer waits for its answer: the API's {@code GATEHOUSE_COMMAND_TIMEOUT_MS}, read here
     * too, since until then the processor commits a command's transaction early.
     */
    public Duration answerWait() {
        return Duration.ofMillis(commandTimeoutMs);
    }

    /** Where Kafka Streams keeps its RocksDB stores. */
    public Path stateDir() {
        return dataDir.resolve("streams");
    }
}
