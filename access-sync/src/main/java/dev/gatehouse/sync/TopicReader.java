package dev.gatehouse.sync;

import dev.gatehouse.pipeline.KafkaProps;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a topic once, from a start point up to the end offsets it had when the read began (so a
 * read of a live topic ends), without a consumer group: the admin operations' way to read the
 * state topics, the dead letters and the access changes.
 */
final class TopicReader {
    private TopicReader() {
    }

    /** Every record of {@code topic} from its beginning (or from {@code since}) to its current end. */
    static void read(SyncConfig config, String topic, Instant since, Consumer<ConsumerRecord<String, byte[]>> each) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(KafkaProps.consumer(config.kafka(), "gatehouse-admin", null))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            if (since == null) {
                consumer.seekToBeginning(partitions);
            } else {
                Map<TopicPartition, Long> query = new java.util.HashMap<>();
                partitions.forEach(p -> query.put(p, since.toEpochMilli()));
                Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, Duration.ofSeconds(30));
                partitions.forEach(p -> consumer.seek(p, found.get(p) == null ? end.get(p) : found.get(p).offset()));
            }
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                        each.accept(record);
                    }
                }
            }
        }
    }
}
