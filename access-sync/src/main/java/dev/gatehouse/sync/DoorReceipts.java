package dev.gatehouse.sync;

import dev.gatehouse.contract.AccessChange;
import dev.gatehouse.contract.DoorReceipt;
import dev.gatehouse.pipeline.JsonSerde;
import dev.gatehouse.pipeline.Topics;
import java.time.Instant;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes what a door system confirmed to the compacted door-status topic, so the console can show
 * per user whether the door systems are up to date. A receipt is information, not a guarantee: it is
 * sent without waiting, and a lost one is replaced by the next change of that user (the applied
 * versions in RocksDB remain the record delivery relies on).
 */
final class DoorReceipts {
    private static final Logger LOG = LoggerFactory.getLogger(DoorReceipts.class);
    private static final JsonSerde<DoorReceipt> SERDE = JsonSerde.of(DoorReceipt.class);

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;

    DoorReceipts(KafkaProducer<String, byte[]> producer, Topics topics) {
        this.producer = producer;
        this.topic = topics.doorStatus();
    }

    void record(AccessChange change, String connector, boolean applied) {
        DoorReceipt receipt = new DoorReceipt(change.tenantId(), change.resourceType(), change.resourceId(), connector,
                change.version(), applied, Instant.now());
        producer.send(new ProducerRecord<>(topic, DoorReceipt.key(change.tenantId(), change.resourceId(), connector),
                SERDE.toBytes(receipt)), (metadata, error) -> {
                    if (error != null) {
                        LOG.debug("door receipt for {} not written: {}", change.eventId(), error.toString());
                    }
                });
    }
}
