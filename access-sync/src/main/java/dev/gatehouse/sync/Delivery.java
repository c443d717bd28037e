package dev.gatehouse.sync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.contract.AccessChange;
import dev.gatehouse.pipeline.GatehouseConfig;
import dev.gatehouse.pipeline.JsonSerde;
import dev.gatehouse.pipeline.KafkaProps;
import dev.gatehouse.pipeline.Topics;
import dev.gatehouse.scim.ScimJson;
import dev.gatehouse.sync.connector.DoorConnector;
import dev.gatehouse.sync.connector.PushOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers access changes to one connector, with a consumer group of its own (so one door system's
 * outage never delays another). Per partition, changes are pushed strictly in order; an offset is
 * committed only once its change was applied or dead-lettered. A change to retry stops its
 * consumer: the partitions are paused and rewound to it, and polling goes on so the consumer keeps
 * its group membership while it waits out the backoff.
 */
final class Delivery implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);
    private static final JsonSerde<AccessChange> SERDE = JsonSerde.of(AccessChange.class);

    private final DoorConnector connector;
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> deadLetters;
    private final Topics topics;
    /** Last version applied per resource; to be kept in a RocksDB store of the connector's own. */
    private final Map<String, Long> applied = new HashMap<>();
    private final Map<TopicPartition, Integer> attempts = new HashMap<>();
    private volatile boolean running = true;
    private Instant blockedUntil;

    Delivery(GatehouseConfig config, DoorConnector connector, KafkaProducer<String, byte[]> deadLetters) {
        this.connector = connector;
        this.deadLetters = deadLetters;
        this.topics = Topics.from(config);
        Map<String, Object> props = KafkaProps.consumer(config, "access-sync-" + connector.name(),
                "gatehouse-access-sync-" + connector.name());
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200);
        this.consumer = new KafkaConsumer<>(props);
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topics.accessChanges()));
            while (running) {
                if (blockedUntil != null) {
                    waitOutBackoff();
                    continue;
                }
                deliver(consumer.poll(Duration.ofMillis(200)));
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("delivery to {} stopped", connector.name(), e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void waitOutBackoff() {
        long left = Duration.between(Instant.now(), blockedUntil).toMillis();
        if (left > 0) {
            consumer.poll(Duration.ofMillis(Math.min(left, 200)));
        } else {
            blockedUntil = null;
            consumer.resume(consumer.paused());
        }
    }

    private void deliver(ConsumerRecords<String, byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> batch = records.records(partition);
            for (int i = 0; i < batch.size(); i++) {
                ConsumerRecord<String, byte[]> record = batch.get(i);
                if (!running || !handle(partition, record)) {
                    rewind(records, partition, record.offset());
                    return;
                }
                consumer.commitSync(Map.of(partition, new OffsetAndMetadata(record.offset() + 1)));
            }
        }
    }

    /** True when the record is done with (applied, skipped or dead-lettered); false to retry it. */
    private boolean handle(TopicPartition partition, ConsumerRecord<String, byte[]> record) {
        AccessChange change = SERDE.fromBytes(record.value());
        if (change == null) {
            return true;
        }
        String resource = change.tenantId() + "/" + change.resourceType() + "/" + change.resourceId();
        Long last = applied.get(resource);
        if (last != null && change.version() <= last) {
            return true; // a duplicate or an older state: the door system already has newer
        }
        PushOutcome outcome = connector.push(change);
        int attempt = attempts.merge(partition, 1, Integer::sum);
        if (outcome instanceof PushOutcome.Applied) {
            LOG.debug("push {} event={} version={} attempt={} applied", connector.name(), change.eventId(),
                    change.version(), attempt);
        } else {
            LOG.warn("push {} event={} tenant={} {}={} version={} attempt={} outcome={}", connector.name(),
                    change.eventId(), change.tenantId(), change.resourceType(), change.resourceId(), change.version(),
                    attempt, outcome);
        }
        if (outcome instanceof PushOutcome.RetryLater retry) {
            blockedUntil = Instant.now().plus(Backoff.delay(attempt, retry.after()));
            return false;
        }
        if (outcome instanceof PushOutcome.Rejected rejected) {
            deadLetter(record, change, rejected.reason(), attempt);
        }
        attempts.remove(partition);
        applied.put(resource, change.version());
        return true;
    }

    /** Puts the partitions back to their first record not done, and pauses them for the backoff. */
    private void rewind(ConsumerRecords<String, byte[]> records, TopicPartition failed, long offset) {
        consumer.seek(failed, offset);
        boolean after = false;
        for (TopicPartition partition : records.partitions()) {
            if (partition.equals(failed)) {
                after = true;
            } else if (after) {
                consumer.seek(partition, records.records(partition).get(0).offset());
            }
        }
        consumer.pause(consumer.assignment());
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, AccessChange change, String error, int attempts) {
        ObjectNode letter = ScimJson.mapper().createObjectNode();
        letter.set("change", ScimJson.mapper().valueToTree(change));
        letter.put("connector", connector.name()).put("error", error).put("attempts", attempts)
                .put("at", Instant.now().toString());
        try {
            deadLetters.send(new ProducerRecord<>(topics.deadLetters(), record.key(),
                    letter.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing a dead letter", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not write a dead letter", e);
        }
    }

    void stop() {
        running = false;
        consumer.wakeup();
    }
}
