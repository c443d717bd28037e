package dev.gatehouse.processor;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether the processor is getting through its commands, judged by what Kafka holds rather than by
 * what the stream thread says of itself: the group's committed offsets on the commands partitions
 * this instance owns, against their ends (read_committed). A stream thread that processes a command
 * and then dies before its transaction commits — the failure this must catch — moves neither.
 *
 * <p>Sampled at most every {@link #SAMPLE_EVERY} (two Admin requests), when a readiness probe or a
 * scrape asks. {@link #backlog()} is what is not committed yet; {@link #sinceAdvance(long)} is how
 * long the committed offsets have not moved.
 */
final class CommitProgress {
    static final Duration SAMPLE_EVERY = Duration.ofSeconds(2);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final Admin admin;
    private final String groupId;
    private final Supplier<Set<TopicPartition>> owned;
    private final LongSupplier clock;
    private long sampledAt = Long.MIN_VALUE;
    private long committed = -1;
    private long advancedAt;
    private long backlog;
    private boolean known;

    CommitProgress(Admin admin, String groupId, Supplier<Set<TopicPartition>> owned, LongSupplier clock) {
        this.admin = admin;
        this.groupId = groupId;
        this.owned = owned;
        this.clock = clock;
        this.advancedAt = clock.getAsLong();
    }

    /** Commands on this instance's partitions not committed yet; 0 when unknown or none owned. */
    synchronized long backlog() {
        sample();
        return backlog;
    }

    /** Nanoseconds since the committed offsets last moved (or since start), as of {@code now}. */
    synchronized long sinceAdvance(long now) {
        sample();
        return now - advancedAt;
    }

    /** When the committed offsets last moved (or start), on {@link #clock}. */
    synchronized long advancedAt() {
        sample();
        return advancedAt;
    }

    /** Whether the last sample reached Kafka. */
    synchronized boolean known() {
        sample();
        return known;
    }

    private void sample() {
        long now = clock.getAsLong();
        if (sampledAt != Long.MIN_VALUE && now - sampledAt < SAMPLE_EVERY.toNanos()) {
            return;
        }
        sampledAt = now;
        Set<TopicPartition> partitions = owned.get();
        if (partitions.isEmpty()) {
            backlog = 0;
            known = true;
            return;
        }
        try {
            Map<TopicPartition, OffsetAndMetadata> commits = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
            var ends = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            long sum = 0;
            long behind = 0;
            for (TopicPartition p : partitions) {
                OffsetAndMetadata commit = commits.get(p);
                long at = commit == null ? 0 : commit.offset();
                sum += at;
                behind += Math.max(0, ends.get(p).offset() - at);
            }
            if (sum != committed) {
                committed = sum;
                advancedAt = now;
            }
            backlog = behind;
            known = true;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            known = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            known = false;
        }
    }
}
