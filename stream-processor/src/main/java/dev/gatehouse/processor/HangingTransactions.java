package dev.gatehouse.processor;

import dev.gatehouse.processor.TransactionOutcomes.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.AbortTransactionSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeProducersResult.PartitionProducerState;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.coordinator.transaction.generated.TransactionLogValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds hanging transactions on Gatehouse's partitions and ends each as its coordinator decided. A
 * transaction hangs when a partition holds its records with no end marker while its coordinator no longer
 * runs it there, so no marker will ever come: seen after a broker was killed while a commit was on its way
 * (Kafka 4.4, transactions v2: the coordinator had moved the producer two epochs on, while 18 partitions
 * kept its open transaction). Every read_committed reader of such a partition stops at that transaction
 * for good: the processor restoring a store (so it never runs again), access-sync (no revocation reaches a
 * door), the API's results. Kafka's remedy is an operator's {@code kafka-transactions.sh find-hanging} and
 * {@code abort}; this does it by itself, on Gatehouse's topics, this application's changelogs, and the
 * partition of {@code __consumer_offsets} that holds this application's group: a stream thread's
 * transaction also commits its consumed offsets there, and while one hangs there the group's committed
 * offsets stay unstable, so no stream thread can learn where to resume (seen after a broker outage: the
 * processor retried fetching them for minutes after every other partition was freed).
 *
 * <p>A transaction open on a partition is ended when no transaction its producer's coordinator is running
 * or finishing (ongoing, or preparing its commit or abort) names that partition, and either the
 * coordinator has ended that transaction ({@link #endedBy}) and the partition still holds it open when
 * looked at again (a coordinator logs an end only once its markers are written or skipped, so nothing is
 * on its way), or it has been open there, unchanged, for {@link #HANGING_AFTER}: the rule for a
 * producer its coordinator no longer knows, or one that keeps running transactions under transactions v1,
 * whose epoch does not move. The stream
 * threads time their transactions out after 10 s, the API's tenant writes after 30 s, and the broker
 * then aborts them itself within its check interval.
 *
 * <p>Aborting is not always right: the coordinator can log a commit as complete without writing a
 * partition's marker ({@link TransactionOutcomes}). A broker outage left such a transaction open on six
 * partitions, an access change among them, while its store update was committed; aborting it there lost a
 * person's deletion at the doors. So the coordinator's log decides: a transaction it committed is committed
 * on the partition ({@link CommitMarkers}); one it aborted, or no longer knows, is aborted, and no write
 * in it was answered.
 */
final class HangingTransactions {
    /** How often the processor looks. */
    static final Duration CHECK_EVERY = Duration.ofSeconds(15);
    /** How long a transaction is open, unchanged, before it may be taken for hanging. */
    static final Duration HANGING_AFTER = Duration.ofMinutes(1);
    /** How long reading a coordinator's log for one transaction, or writing its commit marker, may take. */
    static final Duration DECIDE_WITHIN = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(HangingTransactions.class);
    private static final long ADMIN_TIMEOUT_SECONDS = 10;
    /** Coordinator states in which a transaction's markers are still to come. */
    private static final Set<TransactionState> RUNNING = EnumSet.of(TransactionState.ONGOING,
            TransactionState.PREPARE_COMMIT, TransactionState.PREPARE_ABORT, TransactionState.PREPARE_EPOCH_FENCE);
    /** Coordinator states with no transaction running: every marker of the last one written or skipped. */
    private static final Set<TransactionState> ENDED = EnumSet.of(TransactionState.EMPTY,
            TransactionState.COMPLETE_COMMIT, TransactionState.COMPLETE_ABORT);

    /** A transaction left open on a partition, as the partition's leader knows it. */
    record Open(TopicPartition partition, long producerId, int producerEpoch, long startOffset) {
    }

    /** A hanging transaction ended by a look: committed there, or aborted. */
    record Ended(Open transaction, boolean committed) {
    }

    private final Admin admin;
    private final Predicate<String> ours;
    private final String groupId;
    private final Duration hangingAfter;
    private final LongSupplier nanoClock;
    private final TransactionOutcomes outcomes;
    private final CommitMarkers markers;
    private final Counter aborted;
    private final Counter committed;
    /** Each open transaction seen by the last pass, and when it was first seen (nanoClock). */
    private Map<Open, Long> firstSeen = new HashMap<>();

    /**
     * Looks at the topics whose names {@code ours} accepts and at the {@code __consumer_offsets} partition of
     * the consumer group {@code groupId}; learns each transaction's fate from {@code outcomes} and commits
     * with {@code markers}; counts its ends in {@code gatehouse_processor_hanging_transactions_aborted_total}
     * and {@code gatehouse_processor_hanging_transactions_committed_total}.
     */
    HangingTransactions(Admin admin, Predicate<String> ours, String groupId, Duration hangingAfter,
            LongSupplier nanoClock, TransactionOutcomes outcomes, CommitMarkers markers, MeterRegistry registry) {
        this.admin = admin;
        this.outcomes = outcomes;
        this.markers = markers;
        this.ours = ours;
        this.groupId = groupId;
        this.hangingAfter = hangingAfter;
        this.nanoClock = nanoClock;
        this.aborted = Counter.builder("gatehouse.processor.hanging.transactions.aborted")
                .description("transactions found hanging on Gatehouse's partitions and aborted")
                .register(registry);
        this.committed = Counter.builder("gatehouse.processor.hanging.transactions.committed")
                .description("transactions found hanging on Gatehouse's partitions that their coordinator had committed, "
                        + "committed there")
                .register(registry);
    }

    /** One look: ends the transactions found hanging, each as its coordinator decided, and returns them. */
    List<Ended> sweep() throws InterruptedException, ExecutionException, TimeoutException, IOException {
        Look look = look();
        long now = nanoClock.getAsLong();
        Map<Open, Long> seen = new HashMap<>();
        for (Open transaction : look.open().keySet()) {
            seen.put(transaction, firstSeen.getOrDefault(transaction, now));
        }
        firstSeen = seen;
        if (seen.isEmpty()) {
            return List.of();
        }
        Map<Long, String> transactionalIds = transactionalIds(seen.keySet());
        Map<String, TransactionDescription> coordinators = describe(transactionalIds.values());
        List<Open> hanging = new ArrayList<>();
        boolean early = false;
        for (Open transaction : seen.keySet()) {
            String transactionalId = transactionalIds.get(transaction.producerId());
            TransactionDescription coordinator = transactionalId == null ? null : coordinators.get(transactionalId);
            boolean held = coordinator != null && RUNNING.contains(coordinator.state())
                    && coordinator.topicPartitions().contains(transaction.partition());
            if (held) {
                continue;
            }
            if (now - seen.get(transaction) >= hangingAfter.toNanos()) {
                hanging.add(transaction);
            } else if (coordinator != null && endedBy(coordinator, transaction)) {
                hanging.add(transaction);
                early = true;
            }
        }
        if (early) {
            // Its coordinator has ended that transaction, and it logs an end only once the markers are
            // written (or skipped): one still open after this look is hanging.
            Set<Open> stillOpen = look().open().keySet();
            hanging.removeIf(transaction -> !stillOpen.contains(transaction));
        }
        Map<String, List<TransactionLogValue>> histories = new HashMap<>();
        List<Ended> ended = new ArrayList<>();
        for (Open transaction : hanging) {
            String transactionalId = transactionalIds.get(transaction.producerId());
            Outcome outcome = Outcome.UNKNOWN;
            if (transactionalId != null) {
                if (!histories.containsKey(transactionalId)) {
                    histories.put(transactionalId, outcomes.history(transactionalId));
                }
                outcome = TransactionOutcomes.decide(histories.get(transactionalId), transaction.producerId(),
                        (short) transaction.producerEpoch(), transaction.partition());
            }
            // A leader with no coordinator epoch for the producer takes any marker; 0 is what Kafka's tool sends then.
            int coordinatorEpoch = look.open().get(transaction).orElse(0);
            if (outcome == Outcome.COMMITTED) {
                markers.commit(look.leaders().get(transaction.partition()), transaction.partition(),
                        transaction.producerId(), (short) transaction.producerEpoch(), coordinatorEpoch);
                LOG.warn("committed a hanging transaction on {}: producer {} epoch {}, open since offset {}; its "
                        + "coordinator had committed it, but its commit marker never reached the partition",
                        transaction.partition(), transaction.producerId(), transaction.producerEpoch(),
                        transaction.startOffset());
                committed.increment();
            } else {
                admin.abortTransaction(new AbortTransactionSpec(transaction.partition(), transaction.producerId(),
                        (short) transaction.producerEpoch(), coordinatorEpoch)).all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                LOG.warn("aborted a hanging transaction on {}: producer {} epoch {}, open since offset {}; its coordinator "
                        + "{}, and read_committed readers of the partition were stopped at it",
                        transaction.partition(), transaction.producerId(), transaction.producerEpoch(),
                        transaction.startOffset(), outcome == Outcome.ABORTED ? "had aborted it" : "no longer knows it");
                aborted.increment();
            }
            firstSeen.remove(transaction);
            ended.add(new Ended(transaction, outcome == Outcome.COMMITTED));
        }
        return ended;
    }

    /**
     * Whether the coordinator, as described, has ended {@code transaction}: it runs no transaction (every
     * marker of the last one written or skipped), or has moved on to another producer id, or to a later
     * transaction (transactions v2 log a transaction's end at the next epoch, and the next transaction
     * runs at that epoch; transactions v1 keep one epoch, so for them only a coordinator running nothing tells).
     */
    static boolean endedBy(TransactionDescription coordinator, Open transaction) {
        if (ENDED.contains(coordinator.state()) || coordinator.producerId() != transaction.producerId()) {
            return true;
        }
        int next = transaction.producerEpoch() + 1;
        return coordinator.producerEpoch() > next
                || coordinator.producerEpoch() == next && coordinator.state() == TransactionState.ONGOING;
    }

    /** The transactions open on the partitions looked at, and those partitions' leaders. */
    private record Look(Map<Open, OptionalInt> open, Map<TopicPartition, Node> leaders) {
    }

    /**
     * The transactions open on the partitions looked at, with the coordinator epoch their leader knows,
     * and the partitions' leaders.
     */
    private Look look() throws InterruptedException, ExecutionException, TimeoutException {
        List<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true)).names()
                .get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS).stream()
                .filter(name -> ours.test(name) || name.equals(Topic.GROUP_METADATA_TOPIC_NAME)).toList();
        Map<Open, OptionalInt> open = new HashMap<>();
        Map<TopicPartition, Node> leaders = new HashMap<>();
        if (topics.isEmpty()) {
            return new Look(open, leaders);
        }
        for (TopicDescription topic : admin.describeTopics(topics).allTopicNames()
                .get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS).values()) {
            if (topic.name().equals(Topic.GROUP_METADATA_TOPIC_NAME)) {
                // The group's partition, as Kafka's group coordinator places it.
                TopicPartitionInfo group = topic.partitions().get(Utils.abs(groupId.hashCode()) % topic.partitions().size());
                leaders.put(new TopicPartition(topic.name(), group.partition()), group.leader());
                continue;
            }
            for (TopicPartitionInfo partition : topic.partitions()) {
                leaders.put(new TopicPartition(topic.name(), partition.partition()), partition.leader());
            }
        }
        Map<TopicPartition, PartitionProducerState> states =
                admin.describeProducers(leaders.keySet()).all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        states.forEach((partition, state) -> {
            for (ProducerState producer : state.activeProducers()) {
                producer.currentTransactionStartOffset().ifPresent(start -> open.put(
                        new Open(partition, producer.producerId(), producer.producerEpoch(), start),
                        producer.coordinatorEpoch()));
            }
        });
        return new Look(open, leaders);
    }

    /** The transactional ids the coordinators know for these transactions' producers. */
    private Map<Long, String> transactionalIds(Collection<Open> transactions)
            throws InterruptedException, ExecutionException, TimeoutException {
        Set<Long> producerIds = new HashSet<>();
        transactions.forEach(t -> producerIds.add(t.producerId()));
        Map<Long, String> ids = new HashMap<>();
        admin.listTransactions(new ListTransactionsOptions().filterProducerIds(producerIds))
                .all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .forEach(listing -> ids.put(listing.producerId(), listing.transactionalId()));
        return ids;
    }

    /** How the coordinators of these transactional ids stand now. */
    private Map<String, TransactionDescription> describe(Collection<String> transactionalIds)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (transactionalIds.isEmpty()) {
            return Map.of();
        }
        return admin.describeTransactions(transactionalIds).all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
}
