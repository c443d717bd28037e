package dev.gatehouse.pipeline;

import java.util.Map;

/**
 * One topic's name and explicit configuration.
 *
 * @param name       full topic name
 * @param partitions partition count
 * @param configs    topic-level configs (cleanup.policy, retention.ms, …)
 */
public record TopicSpec(String name, int partitions, Map<String, String> configs) {
    public TopicSpec {
        configs = Map.copyOf(configs);
    }
}
