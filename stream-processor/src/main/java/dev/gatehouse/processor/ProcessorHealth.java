package dev.gatehouse.processor;

import dev.gatehouse.pipeline.observe.Health;
import dev.gatehouse.pipeline.observe.KafkaProbe;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * The processor's readiness and lag. Ready means Kafka answers, Kafka Streams is RUNNING and no
 * store is being restored from its changelog: before that, reads would answer 503 and writes wait.
 *
 * <p>Gauges: {@code gatehouse_processor_commands_lag} — records on the commands topic not yet read
 * by this instance's stream threads, summed over its partitions (the Streams consumer's own
 * {@code records-lag}); {@code gatehouse_processor_restoring_stores} — store partitions being
 * restored now.
 */
final class ProcessorHealth implements StateRestoreListener {
    private final Set<String> restoring = ConcurrentHashMap.newKeySet();

    /** Registers the gauges and returns the readiness checks; {@code streams} is not started yet. */
    Health register(KafkaStreams streams, String commandsTopic, KafkaProbe kafka, MeterRegistry registry) {
        streams.setGlobalStateRestoreListener(this);
        Gauge.builder("gatehouse.processor.commands.lag", streams, s -> commandsLag(s, commandsTopic))
                .description("records of the commands topic this processor has not read yet")
                .register(registry);
        Gauge.builder("gatehouse.processor.restoring.stores", restoring, Set::size)
                .description("store partitions being restored from their changelogs")
                .register(registry);
        return new Health()
                .check("kafka", kafka::reachable)
                .check("streamsRunning", () -> streams.state() == KafkaStreams.State.RUNNING)
                .check("storesRestored", restoring::isEmpty);
    }

    /** The sum of the Streams consumers' {@code records-lag} over the commands topic's partitions. */
    static double commandsLag(KafkaStreams streams, String topic) {
        // Some client versions report topic names with '.' replaced by '_' in metric tags.
        String escaped = topic.replace('.', '_');
        double lag = 0;
        for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
            MetricName name = e.getKey();
            String tagged = name.tags().get("topic");
            if (name.name().equals("records-lag") && name.group().equals("consumer-fetch-manager-metrics")
                    && (topic.equals(tagged) || escaped.equals(tagged))
                    && e.getValue().metricValue() instanceof Double value && !value.isNaN()) {
                lag += value;
            }
        }
        return lag;
    }

    private static String key(TopicPartition partition, String store) {
        return store + "@" + partition;
    }

    @Override
    public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
        restoring.add(key(partition, store));
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
        restoring.remove(key(partition, store));
    }

    @Override
    public void onRestoreSuspended(TopicPartition partition, String store, long totalRestored) {
        restoring.remove(key(partition, store)); // the task moved to another instance
    }
}
