package dev.gatehouse.launcher.bench;

import dev.gatehouse.pipeline.KafkaProps;
import dev.gatehouse.pipeline.TopicReview;
import dev.gatehouse.pipeline.TopicSpec;
import dev.gatehouse.pipeline.config.KafkaConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;

/**
 * The baselines every SCIM write is compared with, on the same broker: a client produces a request
 * (acks=all, idempotent, linger 0, as the API does), an echo consumes it and produces a reply.
 * <ul>
 *   <li>{@link #plain}: the plainest request/reply Kafka allows. The client's consumer receives the
 *       reply. No processing, no transactions: what is left of a SCIM write's latency above this is
 *       Gatehouse's own, exactly-once included.</li>
 *   <li>{@link #exactlyOnce}: the least a write answered only once durable and applied exactly once
 *       costs. The echo writes the replies and its consumed offsets in one transaction, committed as
 *       Gatehouse's processor commits (once records wait, at least {@link #COMMIT_SPACING_MS} after the
 *       last commit), and answers the client in-process once the transaction has committed, as the
 *       API is answered when it shares the processor's JVM. No processing and one record per request:
 *       what is left above this is Gatehouse's own work.</li>
 * </ul>
 */
public final class KafkaRoundTrip implements AutoCloseable {
    /** The exactly-once echo commits no sooner than this after its last commit, as the processor does. */
    static final long COMMIT_SPACING_MS = 5;

    private final String requests;
    private final String replies;
    private final String echoGroup;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> replyConsumer;
    private final Map<String, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();
    private final Thread echo;
    private final Thread receiver;
    private volatile boolean running = true;

    /** The plain round trip: no transactions; the client's consumer receives the reply. */
    public static KafkaRoundTrip plain(KafkaConfig config, int partitions) throws Exception {
        return new KafkaRoundTrip(config, partitions, false);
    }

    /** The exactly-once round trip: a transactional echo, the client answered once its transaction commits. */
    public static KafkaRoundTrip exactlyOnce(KafkaConfig config, int partitions) throws Exception {
        return new KafkaRoundTrip(config, partitions, true);
    }

    private KafkaRoundTrip(KafkaConfig config, int partitions, boolean exactlyOnce) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        requests = "bench." + run + ".requests";
        replies = "bench." + run + ".replies";
        try (Admin admin = Admin.create(KafkaProps.admin(config))) {
            TopicReview.createMissing(admin, List.of(new TopicSpec(requests, partitions, (short) 1, Map.of()),
                    new TopicSpec(replies, partitions, (short) 1, Map.of())), Duration.ofSeconds(30));
        }
        String mode = exactlyOnce ? "-eos" : "";
        echoGroup = "bench-echo" + mode + "-" + requests;
        producer = new KafkaProducer<>(KafkaProps.producer(config, "bench-client" + mode));
        if (exactlyOnce) {
            replyConsumer = null;
            receiver = null;
            echo = new Thread(() -> echoInTransactions(config, "bench-echo" + mode), "bench-echo" + mode);
        } else {
            replyConsumer = new KafkaConsumer<>(KafkaProps.consumer(config, "bench-replies", null));
            List<TopicPartition> replyPartitions = partitions(replies, partitions);
            replyConsumer.assign(replyPartitions);
            replyConsumer.seekToEnd(replyPartitions);
            replyPartitions.forEach(replyConsumer::position);
            echo = new Thread(() -> echo(config), "bench-echo");
            receiver = new Thread(this::receive, "bench-receiver");
            receiver.start();
        }
        echo.start();
    }

    /** The topic requests go to. */
    String requests() {
        return requests;
    }

    /** The topic the echo replies on. */
    String replies() {
        return replies;
    }

    /** The echo's consumer group. */
    String echoGroup() {
        return echoGroup;
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
                KafkaProps.consumer(config, "bench-echo", echoGroup));
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

    /**
     * The exactly-once echo: a transaction holds the replies to what each poll brought and the offsets
     * consumed; it commits once {@link #COMMIT_SPACING_MS} have passed since the last commit, polling
     * no longer than that meanwhile; then the requests it held are answered.
     */
    private void echoInTransactions(KafkaConfig config, String clientId) {
        Map<String, Object> props = KafkaProps.producer(config, clientId);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, clientId + "-" + requests);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                KafkaProps.consumer(config, clientId, echoGroup));
             KafkaProducer<String, byte[]> replier = new KafkaProducer<>(props)) {
            replier.initTransactions();
            consumer.subscribe(List.of(requests));
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            List<String> held = new ArrayList<>();
            long spacing = TimeUnit.MILLISECONDS.toNanos(COMMIT_SPACING_MS);
            long lastCommit = System.nanoTime() - spacing;
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(COMMIT_SPACING_MS))) {
                    if (offsets.isEmpty()) {
                        replier.beginTransaction();
                    }
                    replier.send(new ProducerRecord<>(replies, record.key(), record.value()));
                    offsets.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
                    held.add(record.key());
                }
                long now = System.nanoTime();
                if (!offsets.isEmpty() && now - lastCommit >= spacing) {
                    replier.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
                    replier.commitTransaction();
                    lastCommit = System.nanoTime();
                    offsets.clear();
                    held.forEach(this::answer);
                    held.clear();
                }
            }
        } catch (WakeupException | InterruptException e) {
            // closing
        }
    }

    private void answer(String id) {
        CompletableFuture<Void> reply = waiting.remove(id);
        if (reply != null) {
            reply.complete(null);
        }
    }

    private void receive() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : replyConsumer.poll(Duration.ofMillis(100))) {
                    answer(record.key());
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
        if (receiver == null) {
            Threads.join(5_000, echo);
        } else {
            replyConsumer.wakeup();
            Threads.join(5_000, echo, receiver);
            if (!receiver.isAlive()) {
                replyConsumer.close(); // a consumer is closed only once its polling thread is done with it
            }
        }
        producer.close();
    }
}
