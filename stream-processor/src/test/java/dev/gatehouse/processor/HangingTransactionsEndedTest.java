package dev.gatehouse.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * When a transaction open on a partition is already over for its coordinator, so the sweep need not wait
 * a minute to call it hanging: the coordinator states of transactions v2, where a transaction's end is
 * logged at the next epoch and the next transaction runs at that epoch.
 */
class HangingTransactionsEndedTest {
    private static final TopicPartition ACCESS = new TopicPartition("gatehouse.access-changes", 0);
    private static final HangingTransactions.Open OPEN_AT_531 = new HangingTransactions.Open(ACCESS, 7, 531, 3960);

    @Test
    void overWhenTheCoordinatorRunsNothingOrALaterTransaction() {
        assertThat(HangingTransactions.endedBy(coordinator(TransactionState.COMPLETE_COMMIT, 7, 532), OPEN_AT_531)).isTrue();
        assertThat(HangingTransactions.endedBy(coordinator(TransactionState.COMPLETE_ABORT, 7, 532), OPEN_AT_531)).isTrue();
        assertThat(HangingTransactions.endedBy(coordinator(TransactionState.EMPTY, 7, 540), OPEN_AT_531)).isTrue();
        assertThat(HangingTransactions.endedBy(coordinator(TransactionState.ONGOING, 7, 532), OPEN_AT_531))
                .as("the next transaction runs at the epoch this one ended at").isTrue();
        assertThat(HangingTransactions.endedBy(coordinator(TransactionState.PREPARE_COMMIT, 7, 540), OPEN_AT_531)).isTrue();
        assertThat(HangingTransactions.endedBy(coordinator(TransactionState.ONGOING, 8, 0), OPEN_AT_531))
                .as("the transactional id moved on to another producer id").isTrue();
    }

    @Test
    void notOverWhileItRunsOrItsEndIsBeingWritten() {
        assertThat(HangingTransactions.endedBy(coordinator(TransactionState.ONGOING, 7, 531), OPEN_AT_531)).isFalse();
        assertThat(HangingTransactions.endedBy(coordinator(TransactionState.PREPARE_COMMIT, 7, 532), OPEN_AT_531))
                .as("its commit logged at the next epoch, markers on their way").isFalse();
        assertThat(HangingTransactions.endedBy(coordinator(TransactionState.PREPARE_ABORT, 7, 532), OPEN_AT_531)).isFalse();
        assertThat(HangingTransactions.endedBy(coordinator(TransactionState.PREPARE_EPOCH_FENCE, 7, 531), OPEN_AT_531))
                .isFalse();
    }

    private static TransactionDescription coordinator(TransactionState state, long producerId, int epoch) {
        return new TransactionDescription(1, state, producerId, epoch, 10_000, OptionalLong.empty(), Set.of(ACCESS));
    }
}
