package dev.gatehouse.sync;

import dev.gatehouse.contract.AccessChange;
import dev.gatehouse.pipeline.JsonSerde;
import dev.gatehouse.pipeline.KafkaProps;
import dev.gatehouse.pipeline.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * {@code replay --since}: pushes one organization's access changes since a time to one connector
 * again (a door system restored from a backup, a connector bug fixed). The changes are re-published
 * on access-changes addressed to that connector (header {@value Delivery#TARGET_HEADER}): it pushes
 * each resource's newest state again even at a version it already applied, never an older one;
 * other connectors skip them. Records are found by their timestamps (retention: 7 days).
 */
public final class Replay {
    private static final JsonSerde<AccessChange> SERDE = JsonSerde.of(AccessChange.class);

    private Replay() {
    }

    /** Returns the number of changes re-published. */
    public static int replay(SyncConfig config, String tenantId, String connector, Instant since) {
        Topics topics = Topics.from(config.kafka());
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KafkaProps.producer(config.kafka(), "gatehouse-replay"))) {
            TopicReader.read(config, topics.accessChanges(), since, record -> {
                if (record.headers().lastHeader(Delivery.TARGET_HEADER) != null) {
                    return; // an earlier replay or redrive: its original is replayed already
                }
                AccessChange change;
                try {
                    change = SERDE.fromBytes(record.value());
                } catch (RuntimeException e) {
                    return;
                }
                if (change != null && change.tenantId().equals(tenantId)) {
                    ProducerRecord<String, byte[]> copy = new ProducerRecord<>(topics.accessChanges(), record.key(), record.value());
                    copy.headers().add(Delivery.TARGET_HEADER, connector.getBytes(StandardCharsets.UTF_8));
                    sent.add(producer.send(copy));
                }
            });
            producer.flush();
            for (Future<RecordMetadata> f : sent) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during replay", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("replay could not write to " + topics.accessChanges(), e);
        }
        return sent.size();
    }
}
