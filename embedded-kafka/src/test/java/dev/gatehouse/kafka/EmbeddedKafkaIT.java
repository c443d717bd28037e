package dev.gatehouse.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaIT {
    private static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration TIMED_OUT_CHECK = Duration.ofMillis(EmbeddedKafka.TIMED_OUT_TRANSACTIONS_CHECK_MS);

    @Test
    void keepsRecordsAcrossARestart(@TempDir Path dir) throws Exception {
        Path logDir = dir.resolve("kafka");
        int port;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(logDir, 0, 0)) {
            port = kafka.port();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("durable", 1, (short) 1))).all().get();
            }
            try (KafkaProducer<String, String> producer = producer(kafka.bootstrapServers())) {
                producer.send(new ProducerRecord<>("durable", "k", "survives")).get();
            }
        }
        try (EmbeddedKafka again = EmbeddedKafka.start(logDir, port, 0)) {
            assertThat(readAll(again.bootstrapServers(), "durable")).containsExactly("survives");
        }
    }

    /**
     * A producer that dies with its transaction open holds every read_committed reader of the partition
     * (access-sync, the processor) at that transaction's first record, until the broker aborts it: after
     * its timeout, at the broker's next check for timed-out transactions. That check runs each second
     * here, not each ten seconds as Kafka's default. Two dead transactions in a row show it whatever the
     * check's phase: the second opens right after a check aborted the first, so with a ten-second
     * check readers would wait about ten seconds for it.
     */
    @Test
    void abortsTheTransactionOfAProducerThatDiedWithinASecondOfItsTimeout(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0, 0)) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("doors", 1, (short) 1))).all().get();
            }
            Map<String, Object> props = Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            try (KafkaProducer<String, String> producer = producer(kafka.bootstrapServers());
                    KafkaConsumer<String, String> reader =
                            new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
                reader.assign(List.of(new TopicPartition("doors", 0)));
                Duration first = heldByDeadTransaction(kafka, producer, reader, "revoke 1");
                Duration second = heldByDeadTransaction(kafka, producer, reader, "revoke 2");
                System.out.printf("readers held by a dead producer's transaction: %d ms, then %d ms%n",
                        first.toMillis(), second.toMillis());

                Duration bound = TRANSACTION_TIMEOUT.plus(TIMED_OUT_CHECK).plus(Duration.ofMillis(1_500));
                assertThat(first).isLessThan(bound);
                assertThat(second).isLessThan(bound);
            }
        }
    }

    /**
     * How long {@code reader} waits for {@code value}, written right behind a transaction whose producer
     * died before committing it.
     */
    private static Duration heldByDeadTransaction(EmbeddedKafka kafka, KafkaProducer<String, String> producer,
            KafkaConsumer<String, String> reader, String value) throws Exception {
        KafkaProducer<String, String> dead = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "dies-before-" + value,
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) TRANSACTION_TIMEOUT.toMillis()),
                new StringSerializer(), new StringSerializer());
        dead.initTransactions();
        dead.beginTransaction();
        dead.send(new ProducerRecord<>("doors", "k", "never committed")).get();
        long openedAt = System.nanoTime();
        dead.close(Duration.ZERO); // sends no abort: the broker has to find the transaction timed out
        producer.send(new ProducerRecord<>("doors", "k", value)).get();
        long deadline = openedAt + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : reader.poll(Duration.ofMillis(50))) {
                assertThat(record.value()).as("an aborted record is never read").isNotEqualTo("never committed");
                if (record.value().equals(value)) {
                    return Duration.ofNanos(System.nanoTime() - openedAt);
                }
            }
        }
        throw new AssertionError(value + " was not readable within 30 s");
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringSerializer(), new StringSerializer());
    }

    private static List<String> readAll(String bootstrap, String topic) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "reader",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
                if (!records.isEmpty()) {
                    List<String> values = new java.util.ArrayList<>();
                    records.records(topic).forEach(r -> values.add(r.value()));
                    return values;
                }
            }
            return List.of();
        }
    }
}
