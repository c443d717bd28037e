package dev.gatehouse.pipeline.config;

import java.util.Map;

/**
 * The Kafka settings every service shares: the cluster, its topics' names, partitions and replication,
 * what to do when a topic's config drifted from the catalogue's, and how long the timeline is kept.
 */
public record KafkaConfig(
        String bootstrapServers,
        String topicPrefix,
        int partitions,
        short replicationFactor,
        boolean applyTopicDrift,
        int timelineRetentionDays) {

    /** The most days {@link ConfigKeys#TIMELINE_RETENTION_DAYS} may be: ten years. */
    public static final int MAX_TIMELINE_RETENTION_DAYS = 3650;

    /** Settings with the default timeline retention. */
    public KafkaConfig(String bootstrapServers, String topicPrefix, int partitions, short replicationFactor,
            boolean applyTopicDrift) {
        this(bootstrapServers, topicPrefix, partitions, replicationFactor, applyTopicDrift,
                Integer.parseInt(ConfigKeys.defaultOf(ConfigKeys.TIMELINE_RETENTION_DAYS)));
    }

    /** Reads the shared Kafka keys of {@code source}. */
    public static KafkaConfig from(ConfigSource source) {
        return new KafkaConfig(
                source.string(ConfigKeys.BOOTSTRAP_SERVERS),
                source.string(ConfigKeys.TOPIC_PREFIX),
                source.positive(ConfigKeys.PARTITIONS),
                (short) source.positive(ConfigKeys.REPLICATION_FACTOR),
                // apply: a topic config changed by hand is set back to the catalogue's at start-up; report: only logged.
                source.choice(ConfigKeys.TOPIC_DRIFT, "apply", "report"),
                source.between(ConfigKeys.TIMELINE_RETENTION_DAYS, 1, MAX_TIMELINE_RETENTION_DAYS));
    }

    /** Reads the given settings; absent or blank keys take their default. */
    public static KafkaConfig load(Map<String, String> settings) {
        return from(ConfigSource.of(settings));
    }
}
