package dev.gatehouse.api.tenant;

import dev.gatehouse.contract.TenantRecord;
import dev.gatehouse.pipeline.GatehouseConfig;
import dev.gatehouse.pipeline.JsonSerde;
import dev.gatehouse.pipeline.KafkaProps;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

/**
 * Changes organizations: each change is a new {@link TenantRecord} on the compacted tenants topic,
 * acknowledged by the broker before it is applied to this instance's {@link TenantDirectory}. A SCIM
 * token is returned once by {@link #generateToken} and then exists only as its SHA-256 hash.
 */
public final class TenantAdmin implements AutoCloseable {
    private static final JsonSerde<TenantRecord> SERDE = JsonSerde.of(TenantRecord.class);
    private static final int WRITE_TIMEOUT_MS = 10_000;

    private final TenantDirectory directory;
    private final KafkaProducer<String, byte[]> producer;
    private final String topic;

    public TenantAdmin(GatehouseConfig config, TenantDirectory directory, String topic) {
        this.directory = directory;
        this.topic = topic;
        Map<String, Object> props = KafkaProps.producer(config, config.instanceId() + "-tenant-admin");
        // An admin call with the broker away fails within seconds instead of blocking for a minute.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, WRITE_TIMEOUT_MS);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, WRITE_TIMEOUT_MS);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, WRITE_TIMEOUT_MS);
        this.producer = new KafkaProducer<>(props);
    }

    /** Thrown when the change could not be written to Kafka; nothing was applied. */
    public static final class Unavailable extends RuntimeException {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Thrown when a change is not allowed in the organization's current state. */
    public static final class Conflict extends RuntimeException {
        Conflict(String message) {
            super(message, null, false, false);
        }
    }

    public synchronized TenantRecord create(String name) {
        Instant now = Instant.now();
        return write(new TenantRecord(UUID.randomUUID().toString(), name, false, List.of(), now, now));
    }

    public List<TenantRecord> list() {
        return directory.all();
    }

    public Optional<TenantRecord> get(String id) {
        return directory.get(id);
    }

    /** Turns SCIM on or off; turning it off revokes every token of the organization. */
    public synchronized Optional<TenantRecord> setScimEnabled(String id, boolean enabled) {
        return directory.get(id).map(t -> write(new TenantRecord(t.id(), t.name(), enabled,
                enabled ? t.tokenHashes() : List.of(), t.createdAt(), next(t))));
    }

    /**
     * A new SCIM token for the organization, replacing (revoking) the previous one. Returned this
     * once; only its hash is written.
     *
     * @throws Conflict when SCIM is not enabled
     */
    public synchronized Optional<String> generateToken(String id) {
        Optional<TenantRecord> tenant = directory.get(id);
        if (tenant.isEmpty()) {
            return Optional.empty();
        }
        TenantRecord t = tenant.get();
        if (!t.scimEnabled()) {
            throw new Conflict("SCIM is not enabled for this organization; enable it first");
        }
        String token = Tokens.generate();
        write(new TenantRecord(t.id(), t.name(), true, List.of(Tokens.hash(token)), t.createdAt(), next(t)));
        return Optional.of(token);
    }

    /** A timestamp strictly after the record's last change, so the directory orders the writes. */
    private static Instant next(TenantRecord t) {
        Instant now = Instant.now();
        return now.isAfter(t.updatedAt()) ? now : t.updatedAt().plusNanos(1_000);
    }

    private TenantRecord write(TenantRecord tenant) {
        try {
            producer.send(new ProducerRecord<>(topic, tenant.id(), SERDE.toBytes(tenant)))
                    .get(WRITE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while saving the organization", e);
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            throw new Unavailable("could not save the organization: Kafka is unavailable", e);
        }
        directory.apply(tenant.id(), tenant);
        return tenant;
    }

    @Override
    public void close() {
        producer.close();
    }
}
