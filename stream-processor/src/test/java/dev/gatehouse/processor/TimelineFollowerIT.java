package dev.gatehouse.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.contract.TimelineEvent;
import dev.gatehouse.pipeline.JsonSerde;
import dev.gatehouse.pipeline.KafkaProps;
import dev.gatehouse.pipeline.TopicReview;
import dev.gatehouse.pipeline.TopicSpec;
import dev.gatehouse.pipeline.Topics;
import dev.gatehouse.pipeline.config.KafkaConfig;
import dev.gatehouse.processor.store.TimelineStore;
import dev.gatehouse.testkit.TestKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The timeline store kept from the timeline topic on a real broker: committed events only, every
 * partition, resumed after a restart exactly where the stored events end, partitions added later, and
 * no answer while the topic cannot be read, reading again once it can.
 */
class TimelineFollowerIT {
    private static final JsonSerde<TimelineEvent> EVENTS = JsonSerde.of(TimelineEvent.class);
    private static final Instant T0 = Instant.now().minusSeconds(600);

    @TempDir
    Path dir;
    private KafkaConfig kafka;
    private String topic;
    private KafkaProducer<String, byte[]> producer;
    private TimelineFollower follower;

    @BeforeEach
    void topics() {
        kafka = KafkaConfig.from(TestKafka.settings());
        topic = Topics.from(kafka).timeline();
        producer = new KafkaProducer<>(KafkaProps.producer(kafka, "timeline-test"));
    }

    @AfterEach
    void close() {
        producer.close();
        if (follower != null) {
            follower.close();
        }
    }

    @Test
    void keepsEveryCommittedEventOnceAcrossARestart() throws Exception {
        for (int i = 0; i < 3; i++) {
            send("acme", "u1", i);
        }
        send("globex", "u1", 3);
        aborted("acme", "u1", 99);

        follower = start(Duration.ofMinutes(1));
        await().atMost(Duration.ofSeconds(30)).until(follower::ready);

        assertThat(seconds(follower.newest("acme", "u1", 10))).containsExactly(2L, 1L, 0L);
        assertThat(seconds(follower.newest("globex", "u1", 10))).containsExactly(3L);

        follower.close();
        await().atMost(Duration.ofSeconds(10)).until(follower::storeClosed);
        send("acme", "u1", 4);
        send("acme", "u1", 5);

        follower = start(Duration.ofMinutes(1));
        await().atMost(Duration.ofSeconds(30)).until(follower::ready);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> seconds(follower.newest("acme", "u1", 10)).size() == 5);

        assertThat(seconds(follower.newest("acme", "u1", 10))).containsExactly(5L, 4L, 2L, 1L, 0L);
    }

    @Test
    void readsPartitionsAddedToTheTopicFromTheirStart() throws Exception {
        follower = start(Duration.ofMillis(200));
        await().atMost(Duration.ofSeconds(30)).until(follower::ready);
        try (Admin admin = Admin.create(KafkaProps.admin(kafka))) {
            admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(3))).all().get();
        }

        producer.send(new ProducerRecord<>(topic, 2, "acme", event("acme", "u7", 7))).get();

        await().atMost(Duration.ofSeconds(30)).until(() -> seconds(follower.newest("acme", "u7", 10)).equals(List.of(7L)));
    }

    @Test
    void answersNothingWhileItCannotReadAndReadsOnceItCan() throws Exception {
        String later = "created-later-" + topic;
        follower = TimelineFollower.start(consumer(), later, store(), Duration.ofMinutes(1), Duration.ofMillis(200));

        await().atMost(Duration.ofSeconds(30)).until(() -> follower.failures() >= 2);
        assertThat(follower.ready()).isFalse();
        assertThatThrownBy(() -> follower.newest("acme", "u1", 10)).isInstanceOf(InvalidStateStoreException.class);
        assertThat(follower.storeClosed()).as("kept open to read again").isFalse();

        try (Admin admin = Admin.create(KafkaProps.admin(kafka))) {
            TopicReview.createMissing(admin, List.of(new TopicSpec(later, 1, (short) 1, Map.of())), Duration.ofSeconds(30));
        }
        producer.send(new ProducerRecord<>(later, "acme", event("acme", "u1", 1))).get();

        await().atMost(Duration.ofSeconds(30)).until(follower::ready);
        await().atMost(Duration.ofSeconds(30)).until(() -> seconds(follower.newest("acme", "u1", 10)).equals(List.of(1L)));
    }

    @Test
    void stopsAnsweringWhenItsTopicGoes() throws Exception {
        String going = "going-" + topic;
        try (Admin admin = Admin.create(KafkaProps.admin(kafka))) {
            TopicReview.createMissing(admin, List.of(new TopicSpec(going, 1, (short) 1, Map.of())), Duration.ofSeconds(30));
            producer.send(new ProducerRecord<>(going, "acme", event("acme", "u1", 1))).get();
            follower = TimelineFollower.start(consumer(), going, store(), Duration.ofMillis(200), Duration.ofMillis(200));
            await().atMost(Duration.ofSeconds(30)).until(follower::ready);
            assertThat(follower.failures()).isZero();

            admin.deleteTopics(List.of(going)).all().get();
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> follower.failures() >= 1);
        assertThat(follower.ready()).isFalse();
        assertThatThrownBy(() -> follower.newest("acme", "u1", 10)).isInstanceOf(InvalidStateStoreException.class);
    }

    private TimelineFollower start(Duration lookForPartitions) {
        return TimelineFollower.start(consumer(), topic, store(), lookForPartitions, TimelineFollower.RETRY_AFTER);
    }

    private TimelineStore store() {
        return TimelineStore.open(dir.resolve("store"), null, Duration.ofDays(30), System::currentTimeMillis);
    }

    private KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(KafkaProps.consumer(kafka, "timeline-follower-test", null));
    }

    private void send(String tenantId, String userId, int second) throws Exception {
        producer.send(new ProducerRecord<>(topic, tenantId, event(tenantId, userId, second))).get();
    }

    /** An event written in a transaction that is then aborted: never committed, so never on a timeline. */
    private void aborted(String tenantId, String userId, int second) {
        Map<String, Object> props = KafkaProps.producer(kafka, "timeline-test-aborts");
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "timeline-test-" + topic);
        try (KafkaProducer<String, byte[]> transactional = new KafkaProducer<>(props)) {
            transactional.initTransactions();
            transactional.beginTransaction();
            transactional.send(new ProducerRecord<>(topic, tenantId, event(tenantId, userId, second)));
            transactional.flush();
            transactional.abortTransaction();
        }
    }

    private static byte[] event(String tenantId, String userId, int second) {
        return EVENTS.toBytes(TimelineEvent.door(tenantId, ResourceType.USER, userId, T0.plusSeconds(second), "kisi",
                second, TimelineEvent.APPLIED, null));
    }

    private static List<Long> seconds(List<byte[]> events) {
        return events.stream().map(v -> EVENTS.fromBytes(v).at().getEpochSecond() - T0.getEpochSecond()).toList();
    }
}
