package dev.gatehouse.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.pipeline.KafkaProps;
import dev.gatehouse.pipeline.config.KafkaConfig;
import dev.gatehouse.testkit.TestKafka;
import dev.gatehouse.testkit.TopicRecords;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The bench's baselines on a real broker: each answers every request, the exactly-once one in transactions. */
class KafkaRoundTripIT {
    private static final byte[] PAYLOAD = "{\"ping\":true}".getBytes(StandardCharsets.UTF_8);
    private static final int REQUESTS = 200;

    private final KafkaConfig kafka = KafkaConfig.from(TestKafka.settings());

    @Test
    void theExactlyOnceEchoRepliesToEachRequestOnceInCommittedTransactionsWithItsOffsets() throws Exception {
        try (KafkaRoundTrip roundTrip = KafkaRoundTrip.exactlyOnce(kafka, 2)) {
            assertThat(concurrently(roundTrip)).isEqualTo(REQUESTS);

            // Every request answered was replied to once, in a committed transaction (the consumer reads
            // read_committed), and the offsets it consumed were committed in the same transactions. The
            // broker writes a transaction's markers just after its commit returns: the last may lag a little.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                List<ConsumerRecord<String, byte[]>> replies = TopicRecords.all(kafka, roundTrip.replies());
                assertThat(replies).hasSize(REQUESTS);
                assertThat(replies.stream().map(ConsumerRecord::key).collect(Collectors.toSet())).hasSize(REQUESTS);
                assertThat(replies).allSatisfy(r -> assertThat(r.value()).isEqualTo(PAYLOAD));
            });
            assertThat(committed(roundTrip)).isEqualTo(REQUESTS);
            // Each transaction ends with a marker on each partition it wrote to, which takes an offset:
            // at least one marker, at most one per request.
            long ends = endOffsets(roundTrip.replies());
            assertThat(ends - REQUESTS).as("transactions committed").isPositive().isLessThanOrEqualTo(REQUESTS);
        }
    }

    @Test
    void theBrokerOfThisJvmCountsTheRequestsTheRoundTripsCostIt() throws Exception {
        assumeThat(TestKafka.inThisJvm()).as("the test broker runs in this JVM, not in a container").isTrue();
        Map<String, Long> before = BrokerRequests.read();
        assertThat(before).containsKeys(BrokerRequests.PRODUCE, BrokerRequests.FETCH);
        try (KafkaRoundTrip roundTrip = KafkaRoundTrip.exactlyOnce(kafka, 2)) {
            assertThat(concurrently(roundTrip)).isEqualTo(REQUESTS);
        }

        Map<String, Long> grew = BrokerRequests.between(before, BrokerRequests.read());
        // The 8 client threads have at most 8 requests waiting, so one produce request carries at most 8 of
        // them; the replies were read and written in transactions with their offsets.
        assertThat(grew.get(BrokerRequests.PRODUCE)).isGreaterThanOrEqualTo(REQUESTS / 8);
        assertThat(grew.get(BrokerRequests.FETCH)).isPositive();
        assertThat(grew.get(BrokerRequests.END_TRANSACTION)).isPositive();
        assertThat(grew.get("TxnOffsetCommit")).isPositive();
        // A fetch is counted once, not again as the consumer's or a follower's.
        assertThat(grew).doesNotContainKeys("FetchConsumer", "FetchFollower");
    }

    @Test
    void thePlainEchoRepliesToEachRequestWithoutTransactions() throws Exception {
        try (KafkaRoundTrip roundTrip = KafkaRoundTrip.plain(kafka, 2)) {
            assertThat(concurrently(roundTrip)).isEqualTo(REQUESTS);

            assertThat(TopicRecords.all(kafka, roundTrip.replies())).hasSize(REQUESTS);
            assertThat(endOffsets(roundTrip.replies())).as("no transaction markers").isEqualTo(REQUESTS);
        }
    }

    /** {@link #REQUESTS} round trips from 8 threads; how many were answered. */
    private static int concurrently(KafkaRoundTrip roundTrip) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> answers = IntStream.range(0, REQUESTS)
                    .mapToObj(i -> clients.submit(() -> roundTrip.roundTrip(PAYLOAD))).toList();
            int answered = 0;
            for (Future<Boolean> answer : answers) {
                answered += answer.get(60, TimeUnit.SECONDS) ? 1 : 0;
            }
            return answered;
        } finally {
            clients.shutdownNow();
        }
    }

    /** The offsets the echo's group committed on the requests topic, over its partitions. */
    private long committed(KafkaRoundTrip roundTrip) throws Exception {
        try (Admin admin = Admin.create(KafkaProps.admin(kafka))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(roundTrip.echoGroup())
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            Set<TopicPartition> requests = offsets.keySet().stream()
                    .filter(tp -> tp.topic().equals(roundTrip.requests())).collect(Collectors.toSet());
            return requests.stream().mapToLong(tp -> offsets.get(tp).offset()).sum();
        }
    }

    /** The end offsets of {@code topic}'s two partitions, added up: its records and transaction markers. */
    private long endOffsets(String topic) throws Exception {
        try (Admin admin = Admin.create(KafkaProps.admin(kafka))) {
            Map<TopicPartition, OffsetSpec> latest = IntStream.range(0, 2).boxed()
                    .collect(Collectors.toMap(p -> new TopicPartition(topic, p),
                            p -> OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream()
                    .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
        }
    }
}
