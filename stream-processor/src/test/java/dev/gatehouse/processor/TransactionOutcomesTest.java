package dev.gatehouse.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.processor.TransactionOutcomes.Outcome;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.coordinator.transaction.TransactionState;
import org.apache.kafka.coordinator.transaction.generated.TransactionLogValue;
import org.junit.jupiter.api.Test;

/**
 * How a transaction's fate is read from its coordinator's log records, in the shapes Kafka writes them
 * (the sequences below are those of a broker outage's log, shortened).
 */
class TransactionOutcomesTest {
    private static final long PRODUCER = 7;
    private static final TopicPartition ACCESS = new TopicPartition("gatehouse.access-changes", 0);
    private static final TopicPartition USERS = new TopicPartition("gatehouse.users", 1);

    @Test
    void aCommitLoggedAtTheNextEpochDecidesTheTransactionOfTheEpochBefore() {
        // Transactions v2: each end moves the producer one epoch on.
        List<TransactionLogValue> log = List.of(
                record(PRODUCER, 531, TransactionState.ONGOING, USERS),
                record(PRODUCER, 531, TransactionState.ONGOING, USERS, ACCESS),
                record(PRODUCER, 532, TransactionState.PREPARE_COMMIT, USERS, ACCESS),
                record(PRODUCER, 532, TransactionState.COMPLETE_COMMIT),
                record(PRODUCER, 532, TransactionState.ONGOING, USERS),
                record(PRODUCER, 533, TransactionState.PREPARE_ABORT, USERS),
                record(PRODUCER, 533, TransactionState.COMPLETE_ABORT));

        assertThat(TransactionOutcomes.decide(log, PRODUCER, (short) 531, ACCESS)).isEqualTo(Outcome.COMMITTED);
        assertThat(TransactionOutcomes.decide(log, PRODUCER, (short) 531, USERS)).isEqualTo(Outcome.COMMITTED);
        assertThat(TransactionOutcomes.decide(log, PRODUCER, (short) 532, USERS)).isEqualTo(Outcome.ABORTED);
    }

    @Test
    void aPrepareWithoutItsCompletionAlreadyDecides() {
        List<TransactionLogValue> log = List.of(
                record(PRODUCER, 10, TransactionState.ONGOING, ACCESS),
                record(PRODUCER, 11, TransactionState.PREPARE_COMMIT, ACCESS));

        assertThat(TransactionOutcomes.decide(log, PRODUCER, (short) 10, ACCESS)).isEqualTo(Outcome.COMMITTED);
    }

    @Test
    void aFencedTransactionWasAborted() {
        List<TransactionLogValue> log = List.of(
                record(PRODUCER, 4, TransactionState.ONGOING, ACCESS),
                record(PRODUCER, 4, TransactionState.PREPARE_EPOCH_FENCE, ACCESS),
                record(PRODUCER, 5, TransactionState.PREPARE_ABORT, ACCESS));

        assertThat(TransactionOutcomes.decide(log, PRODUCER, (short) 4, ACCESS)).isEqualTo(Outcome.ABORTED);
    }

    @Test
    void withTheEpochReusedTheLastTransactionOnThePartitionDecides() {
        // Transactions v1: every transaction of a producer session runs at the same epoch.
        List<TransactionLogValue> log = List.of(
                record(PRODUCER, 3, TransactionState.ONGOING, ACCESS),
                record(PRODUCER, 3, TransactionState.PREPARE_COMMIT, ACCESS),
                record(PRODUCER, 3, TransactionState.COMPLETE_COMMIT),
                record(PRODUCER, 3, TransactionState.ONGOING, ACCESS),
                record(PRODUCER, 3, TransactionState.PREPARE_ABORT, ACCESS),
                record(PRODUCER, 3, TransactionState.COMPLETE_ABORT),
                record(PRODUCER, 3, TransactionState.ONGOING, USERS),
                record(PRODUCER, 3, TransactionState.PREPARE_COMMIT, USERS));

        assertThat(TransactionOutcomes.decide(log, PRODUCER, (short) 3, ACCESS))
                .as("a later transaction on another partition does not decide this one").isEqualTo(Outcome.ABORTED);
    }

    @Test
    void withoutARecordOfItsEndOrOfItTheOutcomeIsUnknown() {
        List<TransactionLogValue> open = List.of(record(PRODUCER, 8, TransactionState.ONGOING, ACCESS));
        List<TransactionLogValue> elsewhere = List.of(
                record(PRODUCER, 8, TransactionState.ONGOING, USERS),
                record(PRODUCER, 9, TransactionState.PREPARE_COMMIT, USERS));
        List<TransactionLogValue> anotherProducer = List.of(
                record(PRODUCER + 1, 8, TransactionState.ONGOING, ACCESS),
                record(PRODUCER + 1, 9, TransactionState.PREPARE_COMMIT, ACCESS));

        assertThat(TransactionOutcomes.decide(open, PRODUCER, (short) 8, ACCESS)).isEqualTo(Outcome.UNKNOWN);
        assertThat(TransactionOutcomes.decide(elsewhere, PRODUCER, (short) 8, ACCESS)).isEqualTo(Outcome.UNKNOWN);
        assertThat(TransactionOutcomes.decide(anotherProducer, PRODUCER, (short) 8, ACCESS)).isEqualTo(Outcome.UNKNOWN);
        assertThat(TransactionOutcomes.decide(List.of(), PRODUCER, (short) 8, ACCESS)).isEqualTo(Outcome.UNKNOWN);
        List<TransactionLogValue> reopened = List.of(
                record(PRODUCER, 3, TransactionState.ONGOING, ACCESS),
                record(PRODUCER, 3, TransactionState.PREPARE_COMMIT, ACCESS),
                record(PRODUCER, 3, TransactionState.ONGOING, ACCESS));
        assertThat(TransactionOutcomes.decide(reopened, PRODUCER, (short) 3, ACCESS))
                .as("an earlier transaction's commit does not decide a later one at the same epoch").isEqualTo(Outcome.UNKNOWN);
    }

    @Test
    void aProducerIdMovedOnAtTheEndStillDecides() {
        // An exhausted epoch gives the producer a new id as its transaction ends; the old one is kept as previous.
        List<TransactionLogValue> log = List.of(
                record(PRODUCER, 32766, TransactionState.ONGOING, ACCESS),
                record(PRODUCER + 100, 0, TransactionState.PREPARE_COMMIT, ACCESS).setPreviousProducerId(PRODUCER));

        assertThat(TransactionOutcomes.decide(log, PRODUCER, (short) 32766, ACCESS)).isEqualTo(Outcome.COMMITTED);
    }

    private static TransactionLogValue record(long producerId, int epoch, TransactionState state, TopicPartition... partitions) {
        TransactionLogValue value = new TransactionLogValue()
                .setProducerId(producerId)
                .setPreviousProducerId(producerId)
                .setProducerEpoch((short) epoch)
                .setTransactionStatus(state.id());
        for (TopicPartition partition : partitions) {
            value.transactionPartitions().add(new TransactionLogValue.PartitionsSchema()
                    .setTopic(partition.topic()).setPartitionIds(List.of(partition.partition())));
        }
        return value;
    }
}
