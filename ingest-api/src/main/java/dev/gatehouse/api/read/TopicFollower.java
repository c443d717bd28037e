package dev.gatehouse.api.read;

import dev.gatehouse.api.config.ApiConfig;
import dev.gatehouse.pipeline.ConsumerThread;
import dev.gatehouse.pipeline.JsonSerde;
import dev.gatehouse.pipeline.KafkaProps;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a whole topic into memory on a thread of its own: no consumer group, every partition from the
 * beginning, then following it, handing each record's key and JSON value ({@code null} for a tombstone)
 * to {@code apply}; an unreadable value is logged and skipped, so it cannot stop the records after it.
 * How every API instance holds a compacted topic (organizations, door receipts) in full.
 */
public final class TopicFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicFollower.class);

    private final String topic;
    /** Where reading starts: the beginning, or the first record written at or after this time. */
    private final Optional<Instant> from;
    private final Consumer<ConsumerRecord<String, byte[]>> apply;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private volatile ConsumerThread thread;

    private TopicFollower(String topic, Optional<Instant> from, Consumer<ConsumerRecord<String, byte[]>> apply) {
        this.topic = topic;
        this.from = from;
        this.apply = apply;
    }

    /** Starts following {@code topic}, whose values are {@code type}; {@code name} names the thread and the client. */
    public static <T> TopicFollower start(ApiConfig config, String topic, String name, Class<T> type,
                                          BiConsumer<String, T> apply) {
        return start(config, topic, name, type, Optional.empty(), apply);
    }

    /**
     * As {@link #start(ApiConfig, String, String, Class, BiConsumer)}, but from the first record written
     * at or after {@code from} (by its timestamp), when only the recent part of a long topic matters.
     */
    public static <T> TopicFollower start(ApiConfig config, String topic, String name, Class<T> type,
                                          Optional<Instant> from, BiConsumer<String, T> apply) {
        JsonSerde<T> serde = JsonSerde.of(type);
        String what = type.getSimpleName();
        TopicFollower follower = new TopicFollower(topic, from,
                record -> serde.readOrSkip(record, LOG, what, value -> apply.accept(record.key(), value)));
        KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(KafkaProps.consumer(config.kafka(), config.instanceId() + "-" + name, null));
        follower.thread = ConsumerThread.start(consumer, name, LOG, "following " + topic + " stopped", follower::run);
        return follower;
    }

    /** Waits until every record the topic held at start has been applied. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run(KafkaConsumer<String, byte[]> consumer, BooleanSupplier running) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        from.ifPresent(time -> seekTo(consumer, partitions, time));
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        while (running.getAsBoolean()) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                try {
                    apply.accept(record);
                } catch (RuntimeException e) {
                    // One record that cannot be applied must not stop the ones after it.
                    LOG.error("could not apply the record at {}-{}@{}; skipped", record.topic(), record.partition(),
                            record.offset(), e);
                }
            }
            if (caughtUp.getCount() > 0 && partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p))) {
                caughtUp.countDown();
            }
        }
    }

    /** Each partition at its first record of {@code time} or later; at its end when it has none. */
    private static void seekTo(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> partitions, Instant time) {
        Map<TopicPartition, Long> times = new HashMap<>();
        partitions.forEach(p -> times.put(p, time.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(times, Duration.ofSeconds(30));
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
        for (TopicPartition partition : partitions) {
            OffsetAndTimestamp found = offsets.get(partition);
            consumer.seek(partition, found == null ? ends.get(partition) : found.offset());
        }
    }

    @Override
    public void close() {
        thread.close();
    }
}
