package dev.gatehouse.pipeline;

import java.util.Map;

/**
 * One topic's name and explicit configuration, as the catalogue wants it.
 *
 * @param name        full topic name
 * @param partitions  partition count
 * @param replication replication factor
 * @param configs     topic-level configs (cleanup.policy, retention.ms, min.insync.replicas)
 */
public record TopicSpec(String name, int partitions, short replication, Map<String, String> configs) {
    public TopicSpec {
        configs = Map.copyOf(configs);
    }
}
