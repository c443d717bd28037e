package dev.gatehouse.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.contract.ChangeDeadLetter;
import dev.gatehouse.pipeline.JsonSerde;
import dev.gatehouse.pipeline.Topics;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes changes a connector refused for good to the dead-letters topic: key = the change's record
 * key, value a {@link ChangeDeadLetter} ({@code contracts/dead-letters.schema.json}). A write is acknowledged
 * (acks=all) before the change's offset may be committed, so a rejected change is never lost.
 */
final class DeadLetters {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    private static final JsonSerde<ChangeDeadLetter> SERDE = JsonSerde.of(ChangeDeadLetter.class);

    private final KafkaProducer<String, byte[]> producer;
    private final Topics topics;

    DeadLetters(KafkaProducer<String, byte[]> producer, Topics topics) {
        this.producer = producer;
        this.topics = topics;
    }

    /** True once the broker holds the letter; false (logged) when it could not be written. */
    boolean write(String key, JsonNode change, String connector, String error, int attempts) {
        byte[] value = SERDE.toBytes(new ChangeDeadLetter(change, connector, error, attempts, Instant.now()));
        try {
            producer.send(new ProducerRecord<>(topics.deadLetters(), key, value)).get(30, TimeUnit.SECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("could not write a dead letter for {} to {}: {}", key, topics.deadLetters(), e.toString());
            return false;
        }
    }
}
