package dev.gatehouse.processor;

import dev.gatehouse.pipeline.ConsumerThread;
import dev.gatehouse.processor.query.QueryBackend;
import dev.gatehouse.processor.store.TimelineStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the timeline topic into a {@link TimelineStore}: every partition, on a consumer and thread of its
 * own, read_committed, from where the store's events end (the start, for a new store). Each instance keeps
 * the whole timeline, so any answers a person's timeline from its own store.
 *
 * <p>Kafka Streams would keep such a store with a changelog that repeats the topic record for record, and
 * read it on the stream threads that apply SCIM writes; the topic is written twice per write (the
 * processor's event and access-sync's), so that cost a third of the records the broker appended per write
 * and a share of the stream threads. Here the topic itself is the store's log.
 *
 * <p>A timeline is answered only once the store has caught up with the topic as it stood when reading
 * began, and not while reading fails: until then and meanwhile, a read throws as a restoring Kafka
 * Streams store does, and the query API answers 503. A failed reading (the store refused a write, say on
 * a full disk, or the topic is gone) is counted, logged, and begun again {@link #RETRY_AFTER} later from
 * where the stored events end; the SCIM writes and door deliveries go on meanwhile, untouched.
 */
public final class TimelineFollower implements QueryBackend.Timelines, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TimelineFollower.class);
    private static final Duration POLL = Duration.ofMillis(500);
    /** How often events past the retention are deleted. */
    static final Duration EXPIRE_EVERY = Duration.ofMinutes(10);
    /** How often the topic is looked at for partitions added since ({@code gatehouse topics --increase-partitions}). */
    static final Duration LOOK_FOR_PARTITIONS = Duration.ofMinutes(1);
    /** How long after a failed reading (a store write refused, the topic gone) it is tried again. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(30);

    private final TimelineStore store;
    private final String topic;
    private final Duration lookForPartitions;
    private final Duration retryAfter;
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean caughtUp;
    /**
     * The last reading failed and none has succeeded since: timelines answer 503, and a run of failures is
     * logged once as an error, then as warnings.
     */
    private volatile boolean failed;
    private ConsumerThread thread;

    private TimelineFollower(TimelineStore store, String topic, Duration lookForPartitions, Duration retryAfter) {
        this.store = store;
        this.topic = topic;
        this.lookForPartitions = lookForPartitions;
        this.retryAfter = retryAfter;
    }

    /**
     * Starts reading {@code topic} with {@code consumer} (read_committed, no group) into {@code store}; the
     * store is closed by the reading thread when it ends, and by {@link #close} at the latest.
     */
    public static TimelineFollower start(KafkaConsumer<String, byte[]> consumer, String topic, TimelineStore store) {
        return start(consumer, topic, store, LOOK_FOR_PARTITIONS, RETRY_AFTER);
    }

    /**
     * As {@link #start(KafkaConsumer, String, TimelineStore)}, looking for new partitions every
     * {@code lookForPartitions}, and reading again {@code retryAfter} after a failure.
     */
    static TimelineFollower start(KafkaConsumer<String, byte[]> consumer, String topic, TimelineStore store,
            Duration lookForPartitions, Duration retryAfter) {
        TimelineFollower follower = new TimelineFollower(store, topic, lookForPartitions, retryAfter);
        follower.thread = ConsumerThread.start(consumer, "timeline-follower", LOG,
                "the timeline stopped following its topic; timelines are answered 503",
                follower::follow);
        return follower;
    }

    /** Whether timelines are answered: caught up once, and reading now. */
    public boolean ready() {
        return caughtUp && !failed;
    }

    /** Readings of the topic that failed (each tried again {@link #RETRY_AFTER} later). */
    public long failures() {
        return failures.get();
    }

    /** A person's events, newest first, as {@link TimelineStore#newest}; throws while not {@link #ready}. */
    @Override
    public List<byte[]> newest(String tenantId, String resourceId, int limit) {
        if (!ready()) {
            throw new InvalidStateStoreException("the timeline is " + (failed ? "not being read" : "catching up"));
        }
        return store.newest(tenantId, resourceId, limit);
    }

    private void follow(KafkaConsumer<String, byte[]> consumer, BooleanSupplier running) {
        try {
            while (running.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
                try {
                    read(consumer, running);
                } catch (WakeupException e) {
                    throw e; // closing
                } catch (RuntimeException e) {
                    failures.incrementAndGet();
                    if (!failed) {
                        LOG.error("the timeline stopped reading its topic; timelines are answered 503 meanwhile; "
                                + "trying again every {} ms", retryAfter.toMillis(), e);
                    } else {
                        LOG.warn("the timeline still cannot read its topic; trying again in {} ms: {}",
                                retryAfter.toMillis(), e.toString());
                    }
                    failed = true;
                    pause(retryAfter, running);
                }
            }
        } finally {
            store.close();
        }
    }

    /**
     * Reads the topic into the store until stopped or failed: each partition from where the store's
     * events end there (its start, for a new store), so a reading begun again after a failure goes on
     * exactly where the stored events end, whatever the consumer had fetched meanwhile.
     */
    private void read(KafkaConsumer<String, byte[]> consumer, BooleanSupplier running) {
        List<TopicPartition> partitions = List.of();
        Map<TopicPartition, Long> end = null;
        while (end == null && running.getAsBoolean()) {
            try {
                partitions = assign(consumer, List.of());
                // read_committed: the end is the last stable offset, which every committed event lies before.
                end = caughtUp ? Map.of() : consumer.endOffsets(partitions);
            } catch (TimeoutException e) {
                LOG.warn("the timeline cannot reach Kafka yet; trying again: {}", e.toString());
            }
        }
        long nextExpiry = System.nanoTime();
        long nextLook = System.nanoTime() + lookForPartitions.toNanos();
        while (running.getAsBoolean()) {
            ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
            if (!records.isEmpty()) {
                store.append(entries(records));
            }
            if (failed) {
                failed = false;
                LOG.info("the timeline reads its topic again");
            }
            if (!caughtUp && reached(consumer, end)) {
                caughtUp = true;
                LOG.info("the timeline has caught up with its topic ({} partitions)", partitions.size());
            }
            if (System.nanoTime() - nextExpiry >= 0) {
                int expired = store.expire();
                if (expired > 0) {
                    LOG.info("deleted {} timeline events past the retention", expired);
                }
                nextExpiry = System.nanoTime() + EXPIRE_EVERY.toNanos();
            }
            if (System.nanoTime() - nextLook >= 0) {
                nextLook = System.nanoTime() + lookForPartitions.toNanos();
                try {
                    partitions = assign(consumer, partitions);
                } catch (TimeoutException e) {
                    LOG.warn("could not look for new timeline partitions; looking again later: {}", e.toString());
                }
            }
        }
    }

    /** Waits {@code pause}, or less if stopped meanwhile. */
    private static void pause(Duration pause, BooleanSupplier running) {
        long until = System.nanoTime() + pause.toNanos();
        while (running.getAsBoolean() && until - System.nanoTime() > 0) {
            try {
                Thread.sleep(Math.min(100, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Whether the consumer has read up to {@code end} on every partition of it. */
    private static boolean reached(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
            if (consumer.position(partition.getKey()) < partition.getValue()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Assigns the topic's partitions to {@code consumer}: those in {@code assigned} go on where they are, the
     * others from where the store's events end there, or from their start. Answers the partitions assigned.
     */
    private List<TopicPartition> assign(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> assigned) {
        // listTopics asks the broker each time; partitionsFor would answer from metadata up to 5 minutes old.
        List<TopicPartition> partitions = consumer.listTopics().getOrDefault(topic, List.of()).stream()
                .map(info -> new TopicPartition(topic, info.partition())).sorted(
                        Comparator.comparingInt(TopicPartition::partition)).toList();
        if (partitions.isEmpty()) {
            throw new IllegalStateException("the timeline topic " + topic + " does not exist");
        }
        if (partitions.equals(assigned)) {
            return assigned;
        }
        consumer.assign(partitions);
        Map<Integer, Long> positions = store.positions();
        for (TopicPartition partition : partitions) {
            if (assigned.contains(partition)) {
                continue;
            }
            Long next = positions.get(partition.partition());
            if (next == null) {
                consumer.seekToBeginning(List.of(partition));
            } else {
                consumer.seek(partition, next);
            }
        }
        if (!assigned.isEmpty()) {
            LOG.info("the timeline topic has {} partitions now; reading the new ones from their start", partitions.size());
        }
        return partitions;
    }

    private static List<TimelineStore.Entry> entries(ConsumerRecords<String, byte[]> records) {
        List<TimelineStore.Entry> entries = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> record : records) {
            entries.add(new TimelineStore.Entry(record.partition(), record.offset(), record.timestamp(), record.value()));
        }
        return entries;
    }

    /** Stops reading; the store is closed as the reading thread ends (see {@link #storeClosed}). */
    @Override
    public void close() {
        thread.close();
    }

    /** Whether the store is closed, so the memory it was given may be freed. */
    public boolean storeClosed() {
        return store.closed();
    }
}
