package dev.gatehouse.sync;

import dev.gatehouse.contract.AccessChange;
import dev.gatehouse.contract.DoorReceipt;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.contract.TimelineEvent;
import dev.gatehouse.pipeline.JsonSerde;
import dev.gatehouse.pipeline.KafkaProps;
import dev.gatehouse.pipeline.Topics;
import dev.gatehouse.pipeline.config.KafkaConfig;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes what a door system answered. What it confirmed goes to the compacted door-status topic, so
 * the console can show per user whether the door systems are up to date; and every answer about a user
 * (applied, retrying, dead-lettered, with the door system's reason) goes to that person's timeline
 * (topic timeline, key tenant id), so an administrator sees why someone still cannot open a door. Both
 * are information, not a guarantee: they are sent without waiting and at least once (a push retried
 * after a crash is told again), and a lost one is replaced by the next change of that user (the applied
 * versions in RocksDB remain the record delivery relies on). Neither carries the user's state: ids, the
 * version, the connector and the outcome only.
 */
final class DoorReceipts {
    private static final Logger LOG = LoggerFactory.getLogger(DoorReceipts.class);
    private static final JsonSerde<DoorReceipt> SERDE = JsonSerde.of(DoorReceipt.class);
    private static final JsonSerde<TimelineEvent> TIMELINE = JsonSerde.of(TimelineEvent.class);
    /** A door system's reason is kept to this many characters on the timeline. */
    private static final int DETAIL_CHARS = 500;
    /**
     * How long receipts wait to travel together. Nobody waits on one, so a few dozen in one produce
     * request, rather than one request each, cost the broker a fraction; the console sees them this much later.
     */
    static final int LINGER_MS = 50;

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final String timeline;

    /** The settings of the producer receipts go out with: {@link #LINGER_MS}, larger batches. */
    static Map<String, Object> producer(KafkaConfig kafka) {
        Map<String, Object> props = KafkaProps.producer(kafka, "access-sync-receipts");
        props.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        return props;
    }

    DoorReceipts(KafkaProducer<String, byte[]> producer, Topics topics) {
        this.producer = producer;
        this.topic = topics.doorStatus();
        this.timeline = topics.timeline();
    }

    /** The door system applied the change, or refused it for good ({@code detail}: why) and it was dead-lettered. */
    void record(AccessChange change, String connector, boolean applied, String detail) {
        Instant now = Instant.now();
        DoorReceipt receipt = new DoorReceipt(change.tenantId(), change.resourceType(), change.resourceId(), connector,
                change.version(), applied, now);
        producer.send(new ProducerRecord<>(topic, DoorReceipt.key(change.tenantId(), change.resourceId(), connector),
                SERDE.toBytes(receipt)), (metadata, error) -> {
                    if (error != null) {
                        LOG.debug("door receipt for {} not written: {}", change.eventId(), error.toString());
                    }
                });
        tell(change, connector, now, applied ? TimelineEvent.APPLIED : TimelineEvent.DEAD_LETTERED,
                applied ? null : detail);
    }

    /** The door system could not take the change now ({@code reason}); it is pushed again later. */
    void retrying(AccessChange change, String connector, String reason) {
        tell(change, connector, Instant.now(), TimelineEvent.RETRYING, reason);
    }

    /** The person's timeline event; groups have none (their members' events say what reached the doors). */
    private void tell(AccessChange change, String connector, Instant at, String outcome, String detail) {
        if (change.resourceType() != ResourceType.USER) {
            return;
        }
        String shortDetail = detail == null || detail.length() <= DETAIL_CHARS ? detail
                : detail.substring(0, DETAIL_CHARS) + "…";
        TimelineEvent event = TimelineEvent.door(change.tenantId(), change.resourceType(), change.resourceId(), at,
                connector, change.version(), outcome, shortDetail);
        producer.send(new ProducerRecord<>(timeline, TimelineEvent.key(change.tenantId()), TIMELINE.toBytes(event)),
                (metadata, error) -> {
                    if (error != null) {
                        LOG.debug("timeline event for {} not written: {}", change.eventId(), error.toString());
                    }
                });
    }
}
