package dev.gatehouse.api.oauth;

import dev.gatehouse.contract.AccessGrant;
import dev.gatehouse.contract.TenantRecord;
import dev.gatehouse.launcher.TestStack;
import dev.gatehouse.pipeline.JsonSerde;
import dev.gatehouse.pipeline.KafkaProps;
import dev.gatehouse.pipeline.Topics;
import dev.gatehouse.pipeline.config.KafkaConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The tenants and access-tokens topics of a test stack, read and written as the API does: how a test
 * puts a secret or a token past its expiry without waiting hours (the record a later clock would make).
 */
final class OAuthTopics {
    private final KafkaConfig kafka;
    private final Topics topics;

    OAuthTopics(TestStack stack) {
        this.kafka = KafkaConfig.from(stack.config());
        this.topics = Topics.from(kafka);
    }

    /** The organization's latest record on the tenants topic. */
    TenantRecord tenant(String id) {
        JsonSerde<TenantRecord> serde = JsonSerde.of(TenantRecord.class);
        TopicPartition partition = new TopicPartition(topics.tenants(), 0);
        TenantRecord latest = null;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(KafkaProps.consumer(kafka, "test-tenants", null))) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (id.equals(record.key()) && record.value() != null) {
                        latest = serde.fromBytes(record.value());
                    }
                }
            }
        }
        if (latest == null) {
            throw new AssertionError("no record of organization " + id + " on " + topics.tenants());
        }
        return latest;
    }

    /** Writes an organization's record as the admin API would. */
    void write(TenantRecord tenant) {
        send(topics.tenants(), tenant.id(), JsonSerde.of(TenantRecord.class).toBytes(tenant));
    }

    /** Writes a grant for a token whose hash is {@code tokenHash}, as the token endpoint would. */
    void write(String tokenHash, AccessGrant grant) {
        send(topics.accessTokens(), tokenHash, JsonSerde.of(AccessGrant.class).toBytes(grant));
    }

    private void send(String topic, String key, byte[] value) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KafkaProps.producer(kafka, "test-oauth-topics"))) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException e) {
            throw new AssertionError("could not write to " + topic, e);
        }
    }
}
