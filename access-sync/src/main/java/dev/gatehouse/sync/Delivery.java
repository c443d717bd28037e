package dev.gatehouse.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.gatehouse.contract.AccessChange;
import dev.gatehouse.pipeline.GatehouseConfig;
import dev.gatehouse.pipeline.JsonSerde;
import dev.gatehouse.pipeline.KafkaProps;
import dev.gatehouse.pipeline.Topics;
import dev.gatehouse.scim.ScimJson;
import dev.gatehouse.sync.connector.DoorConnector;
import dev.gatehouse.sync.connector.PushOutcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers access changes (topic access-changes, key tenant/id, value {@link AccessChange}) to one
 * connector, with a consumer group of its own, {@code gatehouse-access-sync-<connector name>}, so one
 * door system's outage never delays another.
 *
 * <p>Per partition, changes are pushed strictly in order (per-resource order is what keeps a
 * suspend from overtaking the upsert before it). An offset is committed, once per polled batch, only
 * up to the last change that was applied, skipped as stale or dead-lettered. A change to retry
 * blocks the whole consumer: every partition is paused and the unfinished ones are rewound, and
 * polling goes on, so the consumer keeps its group membership while it waits out the backoff.
 */
final class Delivery implements Runnable, ConsumerRebalanceListener {
    private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);
    private static final JsonSerde<AccessChange> SERDE = JsonSerde.of(AccessChange.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final DoorConnector connector;
    private final KafkaConsumer<String, byte[]> consumer;
    private final DeadLetters deadLetters;
    private final Topics topics;
    private final AppliedVersions versions = new AppliedVersions();
    private volatile boolean running = true;
    /** While set, every assigned partition stays paused: a change is waiting to be retried. */
    private Instant blockedUntil;
    /** Attempts at the record {@code retrying} names (partition@offset). */
    private String retrying;
    private int attempts;

    Delivery(GatehouseConfig config, DoorConnector connector, DeadLetters deadLetters) {
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
            consumer.subscribe(List.of(topics.accessChanges()), this);
            while (running) {
                if (blockedUntil != null) {
                    waitOutBackoff();
                } else {
                    deliver(consumer.poll(POLL));
                }
            }
        } catch (WakeupException e) {
            // close() was called
        } catch (RuntimeException e) {
            LOG.error("delivery to {} stopped", connector.name(), e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void waitOutBackoff() {
        long left = Duration.between(Instant.now(), blockedUntil).toMillis();
        if (left > 0) {
            // Every partition is paused, so this returns nothing; should it ever return records, they
            // are put back rather than dropped, or the next batch would commit past them.
            ConsumerRecords<String, byte[]> stray = consumer.poll(Duration.ofMillis(Math.min(left, POLL.toMillis())));
            stray.partitions().forEach(p -> consumer.seek(p, stray.records(p).get(0).offset()));
            consumer.pause(consumer.assignment());
        } else {
            blockedUntil = null;
            consumer.resume(consumer.paused());
        }
    }

    private void deliver(ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        try {
            for (TopicPartition partition : records.partitions()) {
                for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                    if (!running) {
                        return;
                    }
                    if (!handle(record)) {
                        rewind(records, partition, record.offset());
                        return;
                    }
                    done.put(partition, new OffsetAndMetadata(record.offset() + 1));
                }
            }
        } finally {
            if (!done.isEmpty()) {
                consumer.commitSync(done);
            }
        }
    }

    /** True when the record is done with (applied, skipped or dead-lettered); false to retry it. */
    private boolean handle(ConsumerRecord<String, byte[]> record) {
        String id = record.topic() + "-" + record.partition() + "@" + record.offset();
        attempts = id.equals(retrying) ? attempts + 1 : 1;
        retrying = id;
        AccessChange change;
        try {
            change = SERDE.fromBytes(record.value());
        } catch (SerializationException e) {
            // A record no connector can read would block its partition for ever: dead-letter it as is.
            return finish(null, deadLetter(record, raw(record.value()), "not an access change"), Optional.empty());
        }
        if (change == null || versions.isStale(change)) {
            return finish(change, true, Optional.empty()); // a tombstone, a duplicate or an older state
        }
        PushOutcome outcome = push(change);
        log(change, outcome);
        if (outcome instanceof PushOutcome.RetryLater retry) {
            return finish(change, false, retry.after());
        }
        if (outcome instanceof PushOutcome.Rejected rejected) {
            JsonNode body = ScimJson.mapper().valueToTree(change);
            return finish(change, deadLetter(record, body, rejected.reason()), Optional.empty());
        }
        return finish(change, true, Optional.empty());
    }

    /** Records a finished change, or blocks the consumer until the next attempt. */
    private boolean finish(AccessChange change, boolean done, Optional<Duration> requested) {
        if (!done) {
            blockedUntil = Instant.now().plus(Backoff.delay(attempts, requested));
            return false;
        }
        if (change != null) {
            versions.record(change);
        }
        retrying = null;
        return true;
    }

    private PushOutcome push(AccessChange change) {
        try {
            return connector.push(change);
        } catch (RuntimeException e) {
            // Outcomes are values; a connector that throws anyway has a bug or an unforeseen failure,
            // and neither is a reason to drop the change.
            return new PushOutcome.RetryLater(Optional.empty(), "connector failed: " + e);
        }
    }

    private boolean deadLetter(ConsumerRecord<String, byte[]> record, JsonNode change, String error) {
        return deadLetters.write(record.key(), change, connector.name(), error, attempts);
    }

    private void log(AccessChange change, PushOutcome outcome) {
        // Ids, version and outcome only: never the state (personal data) nor anything secret.
        if (outcome instanceof PushOutcome.Applied) {
            LOG.debug("push {} event={} tenant={} {}={} version={} attempt={} applied", connector.name(),
                    change.eventId(), change.tenantId(), change.resourceType(), change.resourceId(),
                    change.version(), attempts);
        } else {
            LOG.warn("push {} event={} tenant={} {}={} version={} attempt={} outcome={}", connector.name(),
                    change.eventId(), change.tenantId(), change.resourceType(), change.resourceId(),
                    change.version(), attempts, outcome);
        }
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

    private static JsonNode raw(byte[] value) {
        if (value == null) {
            return TextNode.valueOf("");
        }
        try {
            return ScimJson.mapper().readTree(value);
        } catch (IOException e) {
            return TextNode.valueOf(new String(value, StandardCharsets.UTF_8));
        }
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        // A rebalance during a backoff hands out partitions unpaused (and, under the eager protocol,
        // re-hands the blocked one at its committed offset); they must wait like the rest, or the
        // poll in waitOutBackoff would fetch from them.
        if (blockedUntil != null) {
            consumer.pause(partitions);
        }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        // Nothing to do: every batch commits what it finished before the next poll, and a rebalance
        // happens only inside poll.
    }

    void stop() {
        running = false;
        consumer.wakeup();
    }
}
