package dev.gatehouse.api.tenant;

import dev.gatehouse.api.config.ApiConfig;
import dev.gatehouse.contract.AuditRecord;
import dev.gatehouse.pipeline.JsonSerde;
import dev.gatehouse.pipeline.KafkaProps;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads the audit topic on demand: the latest entries, newest first, straight from Kafka, so every API
 * instance shows the same log and nothing but the topic has to be kept. Only committed entries are
 * read (a change whose transaction failed left no entry), and at most the last {@value #SCAN} records
 * are scanned per request.
 */
public final class AuditLog implements AutoCloseable {
    static final int SCAN = 20_000;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    private static final JsonSerde<AuditRecord> SERDE = JsonSerde.of(AuditRecord.class);

    private final Map<String, Object> props;
    private final String topic;
    private KafkaConsumer<String, byte[]> consumer;

    public AuditLog(ApiConfig config, String topic) {
        this.props = KafkaProps.consumer(config.kafka(), config.instanceId() + "-audit-reader", null);
        this.topic = topic;
    }

    /**
     * The latest {@code limit} entries, newest first, of one organization or of all.
     *
     * @throws TenantAdmin.Unavailable when Kafka cannot be read
     */
    public synchronized List<AuditRecord> latest(Optional<String> tenantId, int limit) {
        try {
            return read(tenantId, limit);
        } catch (KafkaException e) {
            if (consumer != null) {
                consumer.close(CloseOptions.timeout(Duration.ZERO));
                consumer = null;
            }
            throw new TenantAdmin.Unavailable("could not read the audit log: Kafka is unavailable", e);
        }
    }

    private List<AuditRecord> read(Optional<String> tenantId, int limit) {
        if (consumer == null) {
            consumer = new KafkaConsumer<>(props);
        }
        List<TopicPartition> partitions = consumer.partitionsFor(topic, READ_TIMEOUT).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, READ_TIMEOUT);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, READ_TIMEOUT);
        for (TopicPartition p : partitions) {
            consumer.seek(p, Math.max(begin.get(p), end.get(p) - SCAN));
        }
        List<AuditRecord> found = new ArrayList<>();
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
            if (System.nanoTime() > deadline) {
                throw new KafkaException("the audit log was not read within " + READ_TIMEOUT);
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.value() == null) {
                    continue;
                }
                AuditRecord entry;
                try {
                    entry = SERDE.fromBytes(record.value());
                } catch (RuntimeException e) {
                    continue; // an unreadable entry must not hide the others
                }
                if (tenantId.isEmpty() || tenantId.get().equals(entry.tenantId())) {
                    found.add(entry);
                }
            }
        }
        found.sort((a, b) -> b.at().compareTo(a.at()));
        return Collections.unmodifiableList(found.subList(0, Math.min(limit, found.size())));
    }

    @Override
    public synchronized void close() {
        if (consumer != null) {
            consumer.close();
            consumer = null;
        }
    }
}
