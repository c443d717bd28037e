package dev.gatehouse.processor;

import dev.gatehouse.pipeline.LocalAnswers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaClientSupplier;

/**
 * Kafka Streams' clients, as its default supplier makes them, except that each stream thread's producer
 * tells {@link LocalAnswers} when its transaction has committed or was dropped: the results held for
 * API instances of this JVM are answered exactly then (docs/architecture.md, "The write path"); and it
 * notes each commit ({@link LastCommit}), from which the processor times the next.
 */
final class AnsweringClients implements KafkaClientSupplier {
    private final LocalAnswers answers;

    AnsweringClients(LocalAnswers answers) {
        this.answers = answers;
    }

    @Override
    public Admin getAdmin(Map<String, Object> config) {
        return Admin.create(config);
    }

    @Override
    public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
        return new CommitTelling(new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer()), answers);
    }

    @Override
    public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
        return consumer(config);
    }

    @Override
    public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
        return consumer(config);
    }

    @Override
    public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
        return consumer(config);
    }

    private static Consumer<byte[], byte[]> consumer(Map<String, Object> config) {
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * A producer that releases its thread's held answers after {@code commitTransaction} returns and drops
     * them on abort, on a failed commit and on close (Kafka Streams replaces a fenced producer by closing
     * it, and the commands of its open transaction are processed again).
     */
    static final class CommitTelling implements Producer<byte[], byte[]> {
        private final Producer<byte[], byte[]> producer;
        private final LocalAnswers answers;

        CommitTelling(Producer<byte[], byte[]> producer, LocalAnswers answers) {
            this.producer = producer;
            this.answers = answers;
        }

        @Override
        public void commitTransaction() {
            try {
                producer.commitTransaction();
            } catch (RuntimeException e) {
                answers.aborted();
                throw e;
            }
            LastCommit.committed(System.currentTimeMillis());
            answers.committed();
        }

        @Override
        public void abortTransaction() {
            answers.aborted();
            producer.abortTransaction();
        }

        @Override
        public void close() {
            answers.aborted();
            producer.close();
        }

        @Override
        public void close(Duration timeout) {
            answers.aborted();
            producer.close(timeout);
        }

        @Override
        public void initTransactions() {
            LastCommit.started();
            producer.initTransactions();
        }

        @Override
        public void beginTransaction() {
            producer.beginTransaction();
        }

        @Override
        public void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets,
                ConsumerGroupMetadata groupMetadata) {
            producer.sendOffsetsToTransaction(offsets, groupMetadata);
        }

        @Override
        public void registerMetricForSubscription(KafkaMetric metric) {
            producer.registerMetricForSubscription(metric);
        }

        @Override
        public void unregisterMetricFromSubscription(KafkaMetric metric) {
            producer.unregisterMetricFromSubscription(metric);
        }

        @Override
        public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
            return producer.send(record);
        }

        @Override
        public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
            return producer.send(record, callback);
        }

        @Override
        public void flush() {
            producer.flush();
        }

        @Override
        public List<PartitionInfo> partitionsFor(String topic) {
            return producer.partitionsFor(topic);
        }

        @Override
        public Map<MetricName, ? extends Metric> metrics() {
            return producer.metrics();
        }

        @Override
        public Uuid clientInstanceId(Duration timeout) {
            return producer.clientInstanceId(timeout);
        }
    }
}
