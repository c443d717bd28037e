package dev.gatehouse.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.gatehouse.kafka.EmbeddedKafka;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.record.internal.FileLogInputStream;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hanging transaction made on a real broker the way it happens: a producer's transaction is open on a
 * partition, and its coordinator no longer knows it (here its transaction log is lost while the broker is
 * down). The read_committed end of the partition then stays at that transaction for good, until the
 * processor's look aborts it; a transaction its coordinator still runs, and a topic not Gatehouse's, are
 * left alone.
 */
class HangingTransactionsIT {
    private static final TopicPartition HANGING = new TopicPartition("gh.users", 0);
    private static final TopicPartition LIVE = new TopicPartition("gh.access-changes", 0);
    private static final TopicPartition OTHERS = new TopicPartition("someone-else", 0);
    private static final String GROUP = "gh-processor";

    @Test
    void abortsOnlyAnOldTransactionItsCoordinatorNoLongerRunsOnGatehousesTopics(@TempDir Path dir) throws Exception {
        Path logDir = dir.resolve("kafka");
        int port;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(logDir, 0, 0)) {
            port = kafka.port();
            try (Admin admin = admin(kafka)) {
                admin.createTopics(List.of(new NewTopic(HANGING.topic(), 1, (short) 1),
                        new NewTopic(OTHERS.topic(), 1, (short) 1))).all().get();
            }
            KafkaProducer<String, String> dies = transactional(kafka, "dies-mid-transaction");
            dies.beginTransaction();
            dies.send(new ProducerRecord<>(HANGING.topic(), "k", "never committed")).get();
            dies.send(new ProducerRecord<>(OTHERS.topic(), "k", "never committed")).get();
            // As a stream thread's transaction does: its consumed offsets, for the application's group.
            try (KafkaConsumer<String, String> member = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG, GROUP),
                    new StringDeserializer(), new StringDeserializer())) {
                dies.sendOffsetsToTransaction(Map.of(HANGING, new OffsetAndMetadata(1)), member.groupMetadata());
            }
            dies.flush();
            dies.close(Duration.ZERO); // no abort sent
        }
        forgetTransactions(logDir);

        try (EmbeddedKafka kafka = EmbeddedKafka.start(logDir, port, 0); Admin admin = admin(kafka);
                KafkaProducer<String, String> live = transactional(kafka, "live")) {
            admin.createTopics(List.of(new NewTopic(LIVE.topic(), 1, (short) 1))).all().get();
            AtomicLong clock = new AtomicLong();
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            HangingTransactions look = look(kafka, admin, clock, registry);
            assertThat(look.sweep()).as("a transaction no coordinator knows is not aborted before it has been open "
                    + "for a while").isEmpty();

            live.beginTransaction();
            live.send(new ProducerRecord<>(LIVE.topic(), "k", "committed later")).get();
            assertThat(stuck(admin, HANGING)).as("the transaction hangs").isTrue();
            TopicPartition offsets = offsetsPartition(admin);
            assertThat(stuck(admin, offsets)).as("and its offset commit hangs with it").isTrue();

            assertThat(look.sweep()).as("nor beside one its coordinator runs").isEmpty();
            clock.addAndGet(HangingTransactions.HANGING_AFTER.minusSeconds(1).toNanos());
            assertThat(look.sweep()).isEmpty();
            clock.addAndGet(Duration.ofSeconds(1).toNanos());
            List<HangingTransactions.Ended> aborted = look.sweep();

            assertThat(aborted).extracting(ended -> ended.transaction().partition())
                    .containsExactlyInAnyOrder(HANGING, offsets);
            assertThat(aborted).extracting(HangingTransactions.Ended::committed).containsOnly(false);
            assertThat(stuck(admin, HANGING)).as("readers get past it").isFalse();
            assertThat(stuck(admin, offsets)).as("the group's offsets are stable again").isFalse();
            assertThat(admin.listConsumerGroupOffsets(Map.of(GROUP, new ListConsumerGroupOffsetsSpec()),
                    new ListConsumerGroupOffsetsOptions().requireStable(true)).partitionsToOffsetAndMetadata(GROUP)
                    .get(10, TimeUnit.SECONDS)).as("an aborted offset commit is not committed").isEmpty();
            assertThat(stuck(admin, OTHERS)).as("another application's partition is not touched").isTrue();
            assertThat(registry.get("gatehouse.processor.hanging.transactions.aborted").counter().count()).isEqualTo(2);
            assertThat(registry.get("gatehouse.processor.hanging.transactions.committed").counter().count()).isZero();
            live.commitTransaction(); // the coordinator's own transaction was left alone and commits
            awaitUnstuck(admin, LIVE);
            assertThat(look.sweep()).isEmpty();
        }
    }

    /**
     * A coordinator that logged its decision and never wrote a partition's marker: the transaction is
     * committed on the partitions the marker reached, and must be on the rest; one it aborted is aborted.
     */
    @Test
    void endsATransactionWhoseMarkerNeverCameAsItsCoordinatorDecided(@TempDir Path dir) throws Exception {
        TopicPartition reached = new TopicPartition("gh.users", 0);
        TopicPartition missed = new TopicPartition("gh.access-changes", 0);
        TopicPartition abortedHere = new TopicPartition("gh.groups", 0);
        Path logDir = dir.resolve("kafka");
        int port;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(logDir, 0, 0)) {
            port = kafka.port();
            try (Admin admin = admin(kafka)) {
                admin.createTopics(List.of(new NewTopic(reached.topic(), 1, (short) 1),
                        new NewTopic(missed.topic(), 1, (short) 1), new NewTopic(abortedHere.topic(), 1, (short) 1)))
                        .all().get();
                try (KafkaProducer<String, String> committer = transactional(kafka, "committer");
                        KafkaProducer<String, String> aborter = transactional(kafka, "aborter")) {
                    committer.beginTransaction();
                    committer.send(new ProducerRecord<>(reached.topic(), "person", "deleted")).get();
                    committer.send(new ProducerRecord<>(missed.topic(), "person", "revoked")).get();
                    committer.commitTransaction();
                    aborter.beginTransaction();
                    aborter.send(new ProducerRecord<>(abortedHere.topic(), "group", "never committed")).get();
                    aborter.abortTransaction();
                    for (TopicPartition partition : List.of(reached, missed, abortedHere)) {
                        awaitUnstuck(admin, partition); // markers are written after commit and abort return
                    }
                }
            }
        }
        removeLastMarker(logDir, missed);
        removeLastMarker(logDir, abortedHere);

        try (EmbeddedKafka kafka = EmbeddedKafka.start(logDir, port, 0); Admin admin = admin(kafka)) {
            assertThat(stuck(admin, missed)).as("the commit's marker is missing there").isTrue();
            assertThat(stuck(admin, abortedHere)).as("the abort's marker is missing there").isTrue();
            assertThat(stuck(admin, reached)).isFalse();
            AtomicLong clock = new AtomicLong();
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            HangingTransactions look = look(kafka, admin, clock, registry);

            // Their coordinators ended both long ago (their producers are gone): no minute's wait.
            List<HangingTransactions.Ended> ended = look.sweep();

            assertThat(ended).extracting(e -> e.transaction().partition(), HangingTransactions.Ended::committed)
                    .containsExactlyInAnyOrder(tuple(missed, true), tuple(abortedHere, false));
            assertThat(stuck(admin, missed)).isFalse();
            assertThat(stuck(admin, abortedHere)).isFalse();
            assertThat(readCommitted(kafka, missed)).as("the committed revocation reaches its readers")
                    .containsExactly("revoked");
            assertThat(readCommitted(kafka, abortedHere)).as("an aborted write stays unread").isEmpty();
            assertThat(registry.get("gatehouse.processor.hanging.transactions.committed").counter().count()).isEqualTo(1);
            assertThat(registry.get("gatehouse.processor.hanging.transactions.aborted").counter().count()).isEqualTo(1);
            clock.addAndGet(HangingTransactions.HANGING_AFTER.toNanos());
            assertThat(look.sweep()).isEmpty();
        }
    }

    private static HangingTransactions look(EmbeddedKafka kafka, Admin admin, AtomicLong clock, SimpleMeterRegistry registry) {
        Map<String, Object> reader = TransactionOutcomes.consumerSettings(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
        Duration within = HangingTransactions.DECIDE_WITHIN;
        return new HangingTransactions(admin, name -> name.startsWith("gh."), GROUP, HangingTransactions.HANGING_AFTER,
                clock::get, new TransactionOutcomes(admin, () -> new KafkaConsumer<>(reader), within),
                new CommitMarkers(Map.of("bootstrap.servers", kafka.bootstrapServers()), within), registry);
    }

    /**
     * Takes the last batch, an end marker, off the partition's log (the broker is down), with the indexes
     * and producer snapshots that knew it, as if the marker had never been written.
     */
    private static void removeLastMarker(Path logDir, TopicPartition partition) throws IOException {
        Path dir = logDir.resolve(partition.topic() + "-" + partition.partition());
        try (FileRecords records = FileRecords.open(dir.resolve("00000000000000000000.log").toFile())) {
            FileLogInputStream.FileChannelRecordBatch last = null;
            for (FileLogInputStream.FileChannelRecordBatch batch : records.batches()) {
                last = batch;
            }
            assertThat(last).isNotNull();
            assertThat(last.isControlBatch()).as("the partition's last batch is its marker").isTrue();
            records.truncateTo(last.position());
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith("index") || name.endsWith(".snapshot")) {
                    Files.delete(file);
                }
            }
        }
    }

    /** Waits for read_committed readers of {@code partition} to reach its end: markers come after commit returns. */
    private static void awaitUnstuck(Admin admin, TopicPartition partition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (stuck(admin, partition) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(stuck(admin, partition)).isFalse();
    }

    /** What a read_committed reader of {@code partition} reads. */
    private static List<String> readCommitted(EmbeddedKafka kafka, TopicPartition partition) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(record -> values.add(record.value()));
            }
            return values;
        }
    }

    private static Admin admin(EmbeddedKafka kafka) {
        return Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
    }

    private static KafkaProducer<String, String> transactional(EmbeddedKafka kafka, String id) {
        KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, id), new StringSerializer(), new StringSerializer());
        producer.initTransactions();
        return producer;
    }

    /** Empties the transaction coordinator's log (the broker is down): it no longer knows any transaction. */
    private static void forgetTransactions(Path logDir) throws IOException {
        try (DirectoryStream<Path> partitions = Files.newDirectoryStream(logDir, "__transaction_state-*")) {
            for (Path partition : partitions) {
                try (Stream<Path> files = Files.list(partition)) {
                    for (Path file : files.toList()) {
                        String name = file.getFileName().toString();
                        if (name.endsWith(".log") || name.endsWith("index") || name.endsWith(".snapshot")) {
                            Files.delete(file);
                        }
                    }
                }
            }
        }
    }

    /** The partition of {@code __consumer_offsets} holding {@link #GROUP}, as Kafka's group coordinator places it. */
    private static TopicPartition offsetsPartition(Admin admin) throws Exception {
        int partitions = admin.describeTopics(List.of(Topic.GROUP_METADATA_TOPIC_NAME)).allTopicNames().get()
                .get(Topic.GROUP_METADATA_TOPIC_NAME).partitions().size();
        return new TopicPartition(Topic.GROUP_METADATA_TOPIC_NAME, Utils.abs(GROUP.hashCode()) % partitions);
    }

    /** Whether read_committed readers of {@code partition} stop short of its end. */
    private static boolean stuck(Admin admin, TopicPartition partition) throws Exception {
        long end = admin.listOffsets(Map.of(partition, OffsetSpec.latest())).all().get().get(partition).offset();
        long committed = admin.listOffsets(Map.of(partition, OffsetSpec.latest()),
                new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get().get(partition).offset();
        return committed < end;
    }
}
