package dev.gatehouse.api.doors;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.api.config.ApiConfig;
import dev.gatehouse.api.read.TopicFollower;
import dev.gatehouse.contract.ChangeDeadLetter;
import dev.gatehouse.contract.DoorReceipt;
import dev.gatehouse.pipeline.KafkaProps;
import dev.gatehouse.pipeline.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

/**
 * Each organization's dead letters (changes a door system refused for good), read from the
 * dead-letters topic, and their redrive by the organization's owners. A letter is <em>open</em> while
 * the door system's receipt for that resource is still the refusal of the letter's version: once a
 * redrive or a later change is applied there, it is settled and no longer shown. Redriving puts each
 * open letter's change back on access-changes addressed to its connector
 * ({@link Topics#TARGET_CONNECTOR_HEADER}), exactly as {@code gatehouse dlq redrive} does.
 */
public final class DeadLetterView implements AutoCloseable {
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);

    /** tenant → resource id + "/" + connector → the newest letter. */
    private final Map<String, Map<String, Letter>> letters = new ConcurrentHashMap<>();
    private final DoorStatusView receipts;
    private final KafkaProducer<String, byte[]> producer;
    private final String accessChanges;
    private TopicFollower follower;

    private DeadLetterView(DoorStatusView receipts, KafkaProducer<String, byte[]> producer, String accessChanges) {
        this.receipts = receipts;
        this.producer = producer;
        this.accessChanges = accessChanges;
    }

    /** One dead letter as the admin API shows it; {@code key} and {@code change} are for the redrive. */
    public record Letter(String tenantId, String resourceId, String connector, long version, String error, int attempts,
                         java.time.Instant at, String key, JsonNode change) {
    }

    public static DeadLetterView start(ApiConfig config, Topics topics, DoorStatusView receipts) {
        DeadLetterView view = new DeadLetterView(receipts, new KafkaProducer<>(KafkaProps.boundedProducer(config.kafka(),
                config.instanceId() + "-redrive", WRITE_TIMEOUT)), topics.accessChanges());
        view.follower = TopicFollower.start(config, topics.deadLetters(), "dead-letters", ChangeDeadLetter.class,
                view::apply);
        return view;
    }

    void apply(String key, ChangeDeadLetter letter) {
        JsonNode change = letter == null ? null : letter.change();
        if (change == null || !change.isObject() || !change.hasNonNull("tenantId") || !change.hasNonNull("resourceId")) {
            return; // an unreadable record kept as text: only an operator's dlq commands can handle it
        }
        Letter read = new Letter(change.get("tenantId").asText(), change.get("resourceId").asText(), letter.connector(),
                change.path("version").asLong(), letter.error(), letter.attempts(), letter.at(), key, change);
        letters.computeIfAbsent(read.tenantId(), t -> new ConcurrentHashMap<>())
                .merge(read.resourceId() + "/" + read.connector(), read,
                        (held, next) -> next.version() >= held.version() ? next : held);
    }

    /** The organization's open letters, newest first, optionally of one connector. */
    public List<Letter> open(String tenantId, Optional<String> connector) {
        List<Letter> open = new ArrayList<>();
        for (Letter letter : letters.getOrDefault(tenantId, Map.of()).values()) {
            if (connector.isPresent() && !connector.get().equals(letter.connector())) {
                continue;
            }
            DoorReceipt receipt = receipts.of(tenantId, letter.resourceId(), letter.connector());
            boolean settled = receipt != null && (receipt.version() > letter.version()
                    || receipt.version() == letter.version() && receipt.applied());
            if (!settled) {
                open.add(letter);
            }
        }
        open.sort(Comparator.comparing(Letter::at, Comparator.nullsLast(Comparator.naturalOrder())).reversed());
        return open;
    }

    /** Thrown when the changes could not be put back on access-changes; some may have been. */
    public static final class Unavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Puts the organization's open letters of {@code connector} back on access-changes; returns them. */
    public List<Letter> redrive(String tenantId, String connector) {
        List<Letter> open = open(tenantId, Optional.of(connector));
        List<Future<?>> sends = new ArrayList<>();
        try {
            for (Letter letter : open) {
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(accessChanges, letter.key(),
                        letter.change().toString().getBytes(StandardCharsets.UTF_8));
                record.headers().add(Topics.TARGET_CONNECTOR_HEADER, connector.getBytes(StandardCharsets.UTF_8));
                sends.add(producer.send(record));
            }
            for (Future<?> send : sends) {
                send.get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted during the redrive", e);
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            throw new Unavailable("the changes could not be put back: Kafka is unavailable", e);
        }
        return open;
    }

    @Override
    public void close() {
        follower.close();
        producer.close(Duration.ofSeconds(5));
    }
}
