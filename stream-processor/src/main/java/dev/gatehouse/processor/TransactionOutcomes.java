package dev.gatehouse.processor;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.coordinator.transaction.TransactionState;
import org.apache.kafka.coordinator.transaction.generated.TransactionLogKey;
import org.apache.kafka.coordinator.transaction.generated.TransactionLogValue;

/**
 * What a transaction's coordinator decided for it, read from the coordinator's own log
 * ({@code __transaction_state}). Kafka 4.4's coordinator can log a commit as complete while a partition of
 * the transaction never got its commit marker: its marker sender skips a partition whose leader it does
 * not know, taking it for deleted, which a broker that is still starting can see. Observed after a broker
 * was killed mid-commit: the log held the commit (prepared before the kill, completed after the restart),
 * the store update of that transaction was committed, and its access change stayed open on its partition
 * with no marker. Aborting it there loses a committed write; it must be committed there too.
 */
final class TransactionOutcomes {
    /** The decision the coordinator logged for one transaction. */
    enum Outcome {
        COMMITTED, ABORTED,
        /** Its log holds no decision for it: it no longer knows the transaction, or never knew it. */
        UNKNOWN
    }

    private static final long ADMIN_TIMEOUT_SECONDS = 10;
    private final Admin admin;
    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final Duration readFor;

    /**
     * Reads the log with consumers from {@code consumers} (byte arrays, no group), each read bounded by
     * {@code readFor}.
     */
    TransactionOutcomes(Admin admin, Supplier<Consumer<byte[], byte[]>> consumers, Duration readFor) {
        this.admin = admin;
        this.consumers = consumers;
        this.readFor = readFor;
    }

    /**
     * The records the coordinators' log holds for {@code transactionalId}, in order. Throws when the log
     * could not be read to its end in time, rather than judge from part of it.
     */
    List<TransactionLogValue> history(String transactionalId)
            throws InterruptedException, ExecutionException, TimeoutException {
        TopicPartition logPartition = logPartitionOf(transactionalId);
        List<TransactionLogValue> history = new ArrayList<>();
        try (Consumer<byte[], byte[]> consumer = consumers.get()) {
            consumer.assign(List.of(logPartition));
            consumer.seekToBeginning(List.of(logPartition));
            long end = consumer.endOffsets(List.of(logPartition), readFor).get(logPartition);
            long deadline = System.nanoTime() + readFor.toNanos();
            while (consumer.position(logPartition, readFor) < end) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("reading " + logPartition + " to offset " + end + " took over " + readFor);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() != null && transactionalId.equals(transactionalIdOf(record.key()))) {
                        history.add(value(record.value()));
                    }
                }
            }
        }
        return history;
    }

    /**
     * The decision {@code history} (one transactional id's log records, in order) holds for the last
     * transaction that producer {@code producerId} ran at {@code producerEpoch} on {@code partition}: the
     * first end state logged after its last ongoing state naming the partition. Transactions v2 logs that
     * end at the next epoch; transactions v1 at the same epoch, which later transactions reuse.
     */
    static Outcome decide(List<TransactionLogValue> history, long producerId, short producerEpoch, TopicPartition partition) {
        Outcome outcome = Outcome.UNKNOWN;
        boolean open = false;
        for (TransactionLogValue value : history) {
            if (value.producerId() != producerId && value.previousProducerId() != producerId) {
                continue;
            }
            TransactionState state = TransactionState.fromId(value.transactionStatus());
            if (state == TransactionState.ONGOING) {
                if (value.producerEpoch() == producerEpoch && names(value, partition)) {
                    open = true;
                    outcome = Outcome.UNKNOWN;
                }
            } else if (open && (state == TransactionState.PREPARE_COMMIT || state == TransactionState.COMPLETE_COMMIT)) {
                outcome = Outcome.COMMITTED;
                open = false;
            } else if (open && (state == TransactionState.PREPARE_ABORT || state == TransactionState.COMPLETE_ABORT
                    || state == TransactionState.PREPARE_EPOCH_FENCE)) {
                outcome = Outcome.ABORTED;
                open = false;
            }
        }
        return outcome;
    }

    /** The partition of the coordinators' log that holds {@code transactionalId}, as Kafka places it. */
    private TopicPartition logPartitionOf(String transactionalId)
            throws InterruptedException, ExecutionException, TimeoutException {
        int partitions = admin.describeTopics(List.of(Topic.TRANSACTION_STATE_TOPIC_NAME)).allTopicNames()
                .get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS).get(Topic.TRANSACTION_STATE_TOPIC_NAME).partitions().size();
        return new TopicPartition(Topic.TRANSACTION_STATE_TOPIC_NAME, Utils.abs(transactionalId.hashCode()) % partitions);
    }

    private static boolean names(TransactionLogValue value, TopicPartition partition) {
        return value.transactionPartitions() != null && value.transactionPartitions().stream().anyMatch(
                p -> p.topic().equals(partition.topic()) && p.partitionIds().contains(partition.partition()));
    }

    /** The transactional id a record of the log is about; null for a record of another kind. */
    static String transactionalIdOf(byte[] key) {
        ByteBuffer buffer = ByteBuffer.wrap(key);
        short version = buffer.getShort();
        if (version < TransactionLogKey.LOWEST_SUPPORTED_VERSION || version > TransactionLogKey.HIGHEST_SUPPORTED_VERSION) {
            return null;
        }
        return new TransactionLogKey(new ByteBufferAccessor(buffer), version).transactionalId();
    }

    static TransactionLogValue value(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        short version = buffer.getShort();
        return new TransactionLogValue(new ByteBufferAccessor(buffer), version);
    }

    /** Consumer settings for reading the log: raw records, no group, nothing committed. */
    static Map<String, Object> consumerSettings(Map<String, Object> consumer) {
        Map<String, Object> settings = new HashMap<>(consumer);
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return settings;
    }
}
