package dev.gatehouse.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.pipeline.KafkaProps;
import dev.gatehouse.pipeline.Topics;
import dev.gatehouse.scim.ScimJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code dlq list} and {@code dlq redrive}: the dead-letters topic for operators. Redrive puts each
 * letter's change back on access-changes, addressed (header {@value Delivery#TARGET_HEADER}) to the
 * connector that refused it, which pushes it again even at the version it already dead-lettered;
 * every other connector skips it. Letters already redriven are remembered by the consumer group
 * {@value #REDRIVE_GROUP}, so a second redrive does not repeat them.
 */
public final class DeadLetterAdmin {
    static final String REDRIVE_GROUP = "gatehouse-dlq-redrive";

    private DeadLetterAdmin() {
    }

    /** One dead letter: where it sits, its key, the connector, error and attempts, and the change. */
    public record Letter(int partition, long offset, String key, String connector, String error, int attempts,
                         String at, JsonNode change) {
        static Letter of(ConsumerRecord<String, byte[]> record) {
            JsonNode value;
            try {
                value = ScimJson.mapper().readTree(record.value());
            } catch (IOException e) {
                value = ScimJson.mapper().createObjectNode();
            }
            return new Letter(record.partition(), record.offset(), record.key(), value.path("connector").asText(""),
                    value.path("error").asText(""), value.path("attempts").asInt(), value.path("at").asText(""),
                    value.path("change"));
        }

        /** Whether the letter holds an access change (not an unreadable record kept as text). */
        boolean redrivable() {
            return change.isObject() && change.hasNonNull("resourceId");
        }
    }

    /** Every letter still on the topic (retention: 30 days), optionally of one connector. */
    public static List<Letter> list(SyncConfig config, Optional<String> connector) {
        List<Letter> letters = new ArrayList<>();
        TopicReader.read(config, Topics.from(config.kafka()).deadLetters(), null, record -> {
            Letter letter = Letter.of(record);
            if (connector.isEmpty() || connector.get().equals(letter.connector())) {
                letters.add(letter);
            }
        });
        return letters;
    }

    /** Redrives the letters not redriven before (optionally of one connector); returns those sent. */
    public static List<Letter> redrive(SyncConfig config, Optional<String> connector) {
        Topics topics = Topics.from(config.kafka());
        List<Letter> sent = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(KafkaProps.consumer(config.kafka(), "gatehouse-dlq-redrive", REDRIVE_GROUP));
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KafkaProps.producer(config.kafka(), "gatehouse-dlq-redrive"))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topics.deadLetters(), Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topics.deadLetters(), p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            Map<TopicPartition, OffsetAndMetadata> done = new java.util.HashMap<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() >= end.get(partition)) {
                        continue;
                    }
                    Letter letter = Letter.of(record);
                    if (letter.redrivable() && (connector.isEmpty() || connector.get().equals(letter.connector()))) {
                        ProducerRecord<String, byte[]> change = new ProducerRecord<>(topics.accessChanges(), letter.key(),
                                letter.change().toString().getBytes(StandardCharsets.UTF_8));
                        change.headers().add(Delivery.TARGET_HEADER, letter.connector().getBytes(StandardCharsets.UTF_8));
                        producer.send(change).get(30, TimeUnit.SECONDS);
                        sent.add(letter);
                    }
                    done.put(partition, new OffsetAndMetadata(record.offset() + 1));
                }
            }
            if (!done.isEmpty()) {
                consumer.commitSync(done);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during redrive", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("redrive could not write to " + topics.accessChanges(), e);
        }
        return sent;
    }
}
