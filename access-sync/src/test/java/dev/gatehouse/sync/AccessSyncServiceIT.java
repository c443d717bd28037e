package dev.gatehouse.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.contract.TimelineEvent;
import dev.gatehouse.pipeline.JsonSerde;
import dev.gatehouse.pipeline.KafkaProps;
import dev.gatehouse.scim.ScimJson;
import dev.gatehouse.simulator.Changes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Delivery from the access-changes topic of a real broker to the door simulator. Changes that must
 * arrive in a given order are produced to one partition, since order is kept per partition only.
 */
class AccessSyncServiceIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    @RegisterExtension
    final AccessChangesFixture fx = AccessChangesFixture.withWebhookDoor("s3cret");

    @Test
    void retriesTransientFailuresAndPushesTheNewestStateOfEachResource() throws Exception {
        fx.door().fault(3, 503);
        AccessSyncService sync = AccessSyncService.start(fx.config());
        try (sync) {
            fx.publish(0, Changes.user("t1", "u1", 1, true, "g1"));
            fx.publish(0, Changes.user("t1", "u1", 2, false, "g1"));
            fx.publish(0, Changes.user("t1", "u2", 1, true));
            await().atMost(WAIT).untilAsserted(() -> assertThat(eventIds("t1")).contains("c2/u1", "c1/u2"));
        }
        // While the door failed, the backlog kept only u1's newest state; had version 1 gone first,
        // it must have gone before version 2, never after it.
        List<String> events = eventIds("t1");
        assertThat(events).doesNotHaveDuplicates();
        if (events.contains("c1/u1")) {
            assertThat(events.indexOf("c1/u1")).isLessThan(events.indexOf("c2/u1"));
        }
        JsonNode persons = fx.door().persons("t1");
        assertThat(persons.findValuesAsText("id")).containsExactly("u1", "u2");
        assertThat(persons.get(0).get("active").asBoolean()).as("the newer state wins").isFalse();
        assertThat(persons.get(0).get("version").asLong()).isEqualTo(2);
        assertThat(persons.get(0).get("metadata").get("city").asText()).isEqualTo("Berlin");
    }

    private List<String> eventIds(String tenant) throws Exception {
        List<String> ids = new ArrayList<>();
        fx.door().events(tenant).forEach(e -> ids.add(e.asText()));
        return ids;
    }

    @Test
    void aRejectedChangeGoesToTheDeadLetterTopicAndDeliveryGoesOn() throws Exception {
        fx.door().fault(1, 400);
        AccessSyncService sync = AccessSyncService.start(fx.config());
        try (sync) {
            fx.publish(0, Changes.user("t2", "bad", 1, true));
            fx.publish(0, Changes.user("t2", "good", 1, true));
            await().atMost(WAIT).untilAsserted(() ->
                    assertThat(fx.door().persons("t2").findValuesAsText("id")).containsExactly("good"));
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
    void eachPushOfAUserIsToldOnItsTimelineWithTheDoorSystemsReason() throws Exception {
        fx.door().fault(1, 503);
        AccessSyncService sync = AccessSyncService.start(fx.config());
        try (sync) {
            fx.publish(0, Changes.user("t5", "slow", 1, true));
            await().atMost(WAIT).until(() -> fx.door().persons("t5").size() == 1);
            fx.door().fault(1, 400);
            fx.publish(0, Changes.user("t5", "bad", 1, true));
            List<TimelineEvent> events = new ArrayList<>();
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                    KafkaProps.consumer(fx.config().kafka(), "timeline-reader", "timeline-reader"))) {
                consumer.subscribe(List.of(fx.topics().timeline()));
                await().atMost(WAIT).until(() -> {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                        assertThat(r.key()).isEqualTo("t5");
                        events.add(JsonSerde.of(TimelineEvent.class).fromBytes(r.value()));
                    });
                    return events.stream().anyMatch(e -> TimelineEvent.DEAD_LETTERED.equals(e.outcome()));
                });
            }
            assertThat(events).allSatisfy(e -> {
                assertThat(e.kind()).isEqualTo(TimelineEvent.DOOR);
                assertThat(e.connector()).isEqualTo("webhook");
                assertThat(e.version()).isEqualTo(1L);
                assertThat(e.operation()).isNull();
                assertThat(e.changed()).isNull();
            });
            assertThat(events).extracting(TimelineEvent::resourceId, TimelineEvent::outcome).containsExactly(
                    tuple("slow", TimelineEvent.RETRYING), tuple("slow", TimelineEvent.APPLIED),
                    tuple("bad", TimelineEvent.DEAD_LETTERED));
            assertThat(events.get(0).detail()).isEqualTo("webhook answered 503");
            assertThat(events.get(1).detail()).isNull();
            assertThat(events.get(2).detail()).isEqualTo("webhook answered 400");
        }
    }

    @Test
    void anUnreadableRecordIsDeadLetteredInsteadOfStoppingDelivery() throws Exception {
        AccessSyncService sync = AccessSyncService.start(fx.config());
        try (sync) {
            fx.producer().send(new ProducerRecord<>(fx.topics().accessChanges(), 0, "t4/x",
                    "not json".getBytes(StandardCharsets.UTF_8))).get();
            fx.publish(0, Changes.user("t4", "u1", 1, true));
            await().atMost(WAIT).until(() -> fx.door().persons("t4").size() == 1);
        }
        List<ConsumerRecord<String, byte[]>> letters = deadLetters(1);
        JsonNode letter = ScimJson.mapper().readTree(letters.get(0).value());
        assertThat(letter.get("change").asText()).isEqualTo("not json");
        assertThat(letter.get("error").asText()).isEqualTo("not an access change");
    }

    @Test
    void aRestartResumesAfterTheLastDeliveredChange() throws Exception {
        AccessSyncService sync = AccessSyncService.start(fx.config());
        try (sync) {
            fx.publish(0, Changes.user("t3", "u1", 1, true));
            await().atMost(WAIT).until(() -> fx.door().persons("t3").size() == 1);
        }
        // A duplicate of the change already applied (a producer retry, a replay): the RocksDB store
        // of applied versions remembers it across the restart, so it is not pushed again.
        long duplicateAt = fx.publish(0, Changes.user("t3", "u1", 1, true));
        AccessSyncService again = AccessSyncService.start(fx.config());
        try (again) {
            await().atMost(WAIT).until(() -> committed(0) > duplicateAt);
            assertThat(fx.door().received()).as("the duplicate was skipped").isEqualTo(1);
            fx.publish(0, Changes.deleted(Changes.user("t3", "u1", 1, true), 2));
            await().atMost(WAIT).until(() -> fx.door().persons("t3").isEmpty());
        }
        assertThat(fx.door().received()).as("each change pushed once").isEqualTo(2);
    }

    @Test
    void aRebalanceDuringABackoffLosesNoChange() throws Exception {
        fx.door().fault(3, 503, 1);
        AccessSyncService first = AccessSyncService.start(fx.config());
        try (first) {
            for (int i = 1; i <= 6; i++) {
                fx.publish(i % 2, Changes.user("t5", "u" + i, 1, true));
            }
            // A second instance of the same connector joins while the first waits out Retry-After: the
            // rebalance hands the first its partitions again, unpaused, at their committed offsets.
            await().atMost(WAIT).until(() -> fx.door().faultsLeft() < 3);
            AccessSyncService second = AccessSyncService.start(fx.config());
            try (second) {
                await().atMost(WAIT).untilAsserted(() ->
                        assertThat(fx.door().persons("t5").findValuesAsText("id"))
                                .containsExactly("u1", "u2", "u3", "u4", "u5", "u6"));
            }
        }
    }

    /** The webhook connector's committed offset on one access-changes partition (-1: none). */
    private long committed(int partition) throws Exception {
        try (Admin admin = Admin.create(KafkaProps.admin(fx.config().kafka()))) {
            OffsetAndMetadata offset = admin.listConsumerGroupOffsets("gatehouse-access-sync-webhook")
                    .partitionsToOffsetAndMetadata().get()
                    .get(new TopicPartition(fx.topics().accessChanges(), partition));
            return offset == null ? -1 : offset.offset();
        }
    }

    /** Reads the dead-letters topic until {@code expected} letters arrived (or 15 s passed). */
    private List<ConsumerRecord<String, byte[]>> deadLetters(int expected) {
        List<ConsumerRecord<String, byte[]>> letters = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(KafkaProps.consumer(fx.config().kafka(), "dlq-reader", "dlq-reader"))) {
            consumer.subscribe(List.of(fx.topics().deadLetters()));
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (letters.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(letters::add);
            }
        }
        return letters;
    }
}
