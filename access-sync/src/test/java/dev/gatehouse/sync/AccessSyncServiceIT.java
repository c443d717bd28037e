package dev.gatehouse.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.contract.AccessChange;
import dev.gatehouse.pipeline.JsonSerde;
import dev.gatehouse.pipeline.KafkaProps;
import dev.gatehouse.pipeline.Topics;
import dev.gatehouse.pipeline.config.ConfigKeys;
import dev.gatehouse.scim.ScimJson;
import dev.gatehouse.simulator.Changes;
import dev.gatehouse.simulator.DoorSimulator;
import dev.gatehouse.simulator.SimulatorClient;
import dev.gatehouse.testkit.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Delivery from the access-changes topic of a real broker to the door simulator. Changes that must
 * arrive in a given order are produced to one partition, since order is kept per partition only.
 */
class AccessSyncServiceIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private DoorSimulator simulator;
    private SimulatorClient door;
    private SyncConfig config;
    private KafkaProducer<String, byte[]> producer;

    @BeforeEach
    void start() {
        simulator = DoorSimulator.start(0, Optional.of("s3cret"));
        door = new SimulatorClient(simulator);
        config = SyncConfig.from(TestKafka.settings(Map.of(
                ConfigKeys.WEBHOOK_URL, door.webhookUrl(),
                ConfigKeys.WEBHOOK_SECRET, "s3cret")));
        producer = new KafkaProducer<>(KafkaProps.producer(config.kafka(), "test"));
    }

    @AfterEach
    void stop() {
        producer.close();
        simulator.close();
    }

    @Test
    void retriesTransientFailuresAndPushesTheNewestStateOfEachResource() throws Exception {
        door.fault(3, 503);
        AccessSyncService sync = AccessSyncService.start(config);
        try (sync) {
            publish(0, Changes.user("t1", "u1", 1, true, "g1"));
            publish(0, Changes.user("t1", "u1", 2, false, "g1"));
            publish(0, Changes.user("t1", "u2", 1, true));
            await().atMost(WAIT).untilAsserted(() -> assertThat(eventIds("t1")).contains("c2/u1", "c1/u2"));
        }
        // While the door failed, the backlog kept only u1's newest state; had version 1 gone first,
        // it must have gone before version 2, never after it.
        List<String> events = eventIds("t1");
        assertThat(events).doesNotHaveDuplicates();
        if (events.contains("c1/u1")) {
            assertThat(events.indexOf("c1/u1")).isLessThan(events.indexOf("c2/u1"));
        }
        JsonNode persons = door.persons("t1");
        assertThat(persons.findValuesAsText("id")).containsExactly("u1", "u2");
        assertThat(persons.get(0).get("active").asBoolean()).as("the newer state wins").isFalse();
        assertThat(persons.get(0).get("version").asLong()).isEqualTo(2);
        assertThat(persons.get(0).get("metadata").get("city").asText()).isEqualTo("Berlin");
    }

    private List<String> eventIds(String tenant) throws Exception {
        List<String> ids = new ArrayList<>();
        door.events(tenant).forEach(e -> ids.add(e.asText()));
        return ids;
    }

    @Test
    void aRejectedChangeGoesToTheDeadLetterTopicAndDeliveryGoesOn() throws Exception {
        door.fault(1, 400);
        AccessSyncService sync = AccessSyncService.start(config);
        try (sync) {
            publish(0, Changes.user("t2", "bad", 1, true));
            publish(0, Changes.user("t2", "good", 1, true));
            await().atMost(WAIT).untilAsserted(() ->
                    assertThat(door.persons("t2").findValuesAsText("id")).containsExactly("good"));
        }
        List<ConsumerRecord<String, byte[]>> letters = deadLetters(1);
        assertThat(letters).hasSize(1);
        assertThat(letters.get(0).key()).isEqualTo("t2/bad");
        JsonNode letter = ScimJson.mapper().readTree(letters.get(0).value());
        assertThat(letter.get("change").get("resourceId").asText()).isEqualTo("bad");
        assertThat(letter.get("connector").asText()).isEqualTo("webhook");
        assertThat(letter.get("error").asText()).isEqualTo("webhook answered 400");
        assertThat(letter.get("attempts").asInt()).isEqualTo(1);
        assertThat(letter.hasNonNull("at")).isTrue();
    }

    @Test
    void anUnreadableRecordIsDeadLetteredInsteadOfStoppingDelivery() throws Exception {
        AccessSyncService sync = AccessSyncService.start(config);
        try (sync) {
            producer.send(new ProducerRecord<>(Topics.from(config.kafka()).accessChanges(), 0, "t4/x",
                    "not json".getBytes(StandardCharsets.UTF_8))).get();
            publish(0, Changes.user("t4", "u1", 1, true));
            await().atMost(WAIT).until(() -> door.persons("t4").size() == 1);
        }
        List<ConsumerRecord<String, byte[]>> letters = deadLetters(1);
        JsonNode letter = ScimJson.mapper().readTree(letters.get(0).value());
        assertThat(letter.get("change").asText()).isEqualTo("not json");
        assertThat(letter.get("error").asText()).isEqualTo("not an access change");
    }

    @Test
    void aRestartResumesAfterTheLastDeliveredChange() throws Exception {
        AccessSyncService sync = AccessSyncService.start(config);
        try (sync) {
            publish(0, Changes.user("t3", "u1", 1, true));
            await().atMost(WAIT).until(() -> door.persons("t3").size() == 1);
        }
        // A duplicate of the change already applied (a producer retry, a replay): the RocksDB store
        // of applied versions remembers it across the restart, so it is not pushed again.
        long duplicateAt = publish(0, Changes.user("t3", "u1", 1, true));
        AccessSyncService again = AccessSyncService.start(config);
        try (again) {
            await().atMost(WAIT).until(() -> committed(0) > duplicateAt);
            assertThat(door.received()).as("the duplicate was skipped").isEqualTo(1);
            publish(0, Changes.deleted(Changes.user("t3", "u1", 1, true), 2));
            await().atMost(WAIT).until(() -> door.persons("t3").isEmpty());
        }
        assertThat(door.received()).as("each change pushed once").isEqualTo(2);
    }

    @Test
    void aRebalanceDuringABackoffLosesNoChange() throws Exception {
        door.fault(3, 503, 1);
        AccessSyncService first = AccessSyncService.start(config);
        try (first) {
            for (int i = 1; i <= 6; i++) {
                publish(i % 2, Changes.user("t5", "u" + i, 1, true));
            }
            // A second instance of the same connector joins while the first waits out Retry-After: the
            // rebalance hands the first its partitions again, unpaused, at their committed offsets.
            await().atMost(WAIT).until(() -> door.faultsLeft() < 3);
            AccessSyncService second = AccessSyncService.start(config);
            try (second) {
                await().atMost(WAIT).untilAsserted(() ->
                        assertThat(door.persons("t5").findValuesAsText("id"))
                                .containsExactly("u1", "u2", "u3", "u4", "u5", "u6"));
            }
        }
    }

    private long publish(int partition, AccessChange change) throws Exception {
        return producer.send(new ProducerRecord<>(Topics.from(config.kafka()).accessChanges(), partition,
                AccessChange.key(change.tenantId(), change.resourceId()),
                JsonSerde.of(AccessChange.class).toBytes(change))).get().offset();
    }

    /** The webhook connector's committed offset on one access-changes partition (-1: none). */
    private long committed(int partition) throws Exception {
        try (Admin admin = Admin.create(KafkaProps.admin(config.kafka()))) {
            OffsetAndMetadata offset = admin.listConsumerGroupOffsets("gatehouse-access-sync-webhook")
                    .partitionsToOffsetAndMetadata().get()
                    .get(new TopicPartition(Topics.from(config.kafka()).accessChanges(), partition));
            return offset == null ? -1 : offset.offset();
        }
    }

    /** Reads the dead-letters topic until {@code expected} letters arrived (or 15 s passed). */
    private List<ConsumerRecord<String, byte[]>> deadLetters(int expected) {
        List<ConsumerRecord<String, byte[]>> letters = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(KafkaProps.consumer(config.kafka(), "dlq-reader", "dlq-reader"))) {
            consumer.subscribe(List.of(Topics.from(config.kafka()).deadLetters()));
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (letters.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(letters::add);
            }
        }
        return letters;
    }
}
