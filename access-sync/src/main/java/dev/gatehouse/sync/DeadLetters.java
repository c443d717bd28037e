package dev.gatehouse.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.pipeline.Topics;
import dev.gatehouse.scim.ScimJson;
import java.nio.charset.StandardCharsets;
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
 * key, value {@code {"change", "connector", "error", "attempts", "at"}}. A write is acknowledged
 * (acks=all) before the change's offset may be committed, so a rejected change is never lost.
 */
final class DeadLetters {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    private final KafkaProducer<String, byte[]> producer;
    private final Topics topics;

    DeadLetters(KafkaProducer<String, byte[]> producer, Topics topics) {
        this.producer = producer;
        this.topics = topics;
    }

    /** True once the broker holds the letter; false (logged) when it could not be written. */
    boolean write(String key, JsonNode change, String connector, String error, int attempts) {
        ObjectNode letter = ScimJson.mapper().createObjectNode();
        letter.set("change", change);
        letter.put("connector", connector).put("error", error).put("attempts", attempts)
                .put("at", Instant.now().toString());
        byte[] value = letter.toString().getBytes(StandardCharsets.UTF_8);
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
