package dev.gatehouse.launcher.bench;

import dev.gatehouse.pipeline.KafkaProps;
import dev.gatehouse.pipeline.config.KafkaConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * The baseline every SCIM write is compared with: the plainest request/reply Kafka allows on the same
 * broker — a client produces a request (acks=all, idempotent, linger 0, as the API does), an echo
 * consumes it and produces a reply, the client's consumer receives it. No processing, no
 * transactions: what is left of a SCIM write's latency above this is Gatehouse's own.
 */
public final class KafkaRoundTrip implements AutoCloseable {
    private final String requests;
    private final String replies;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> replyConsumer;
    private final Map<String, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();
    private final Thread echo;
    private final Thread receiver;
    private volatile boolean running = true;

    public KafkaRoundTrip(KafkaConfig config, int partitions) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        requests = "bench." + run + ".requests";
        replies = "bench." + run + ".replies";
        try (Admin admin = Admin.create(KafkaProps.admin(config))) {
            admin.createTopics(List.of(new NewTopic(requests, partitions, (short) 1),
                    new NewTopic(replies, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        producer = new KafkaProducer<>(KafkaProps.producer(config, "bench-client"));
        replyConsumer = new KafkaConsumer<>(KafkaProps.consumer(config, "bench-replies", null));
        List<TopicPartition> replyPartitions = partitions(replies, partitions);
        replyConsumer.assign(replyPartitions);
        replyConsumer.seekToEnd(replyPartitions);
        replyPartitions.forEach(replyConsumer::position);
        echo = new Thread(() -> echo(config), "bench-echo");
        receiver = new Thread(this::receive, "bench-receiver");
        echo.start();
        receiver.start();
    }

    /** One request/reply round trip; returns when the reply has arrived. */
    public boolean roundTrip(byte[] payload) throws Exception {
        String id = UUID.randomUUID().toString();
        CompletableFuture<Void> reply = new CompletableFuture<>();
        waiting.put(id, reply);
        producer.send(new ProducerRecord<>(requests, id, payload)).get(30, TimeUnit.SECONDS);
        reply.get(30, TimeUnit.SECONDS);
        return true;
    }

    private void echo(KafkaConfig config) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                KafkaProps.consumer(config, "bench-echo", "bench-echo-" + requests));
             KafkaProducer<String, byte[]> replier = new KafkaProducer<>(KafkaProps.producer(config, "bench-echo"))) {
            consumer.subscribe(List.of(requests));
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    replier.send(new ProducerRecord<>(replies, record.key(), record.value()));
                }
            }
        } catch (WakeupException e) {
            // closing
        }
    }

    private void receive() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : replyConsumer.poll(Duration.ofMillis(100))) {
                    CompletableFuture<Void> reply = waiting.remove(record.key());
                    if (reply != null) {
                        reply.complete(null);
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        }
    }

    private static List<TopicPartition> partitions(String topic, int count) {
        return IntStream.range(0, count).mapToObj(p -> new TopicPartition(topic, p)).toList();
    }

    @Override
    public void close() {
        running = false;
        replyConsumer.wakeup();
        Threads.join(5_000, echo, receiver);
        if (!receiver.isAlive()) {
            replyConsumer.close(); // a consumer is closed only once its polling thread is done with it
        }
        producer.close();
    }
}
