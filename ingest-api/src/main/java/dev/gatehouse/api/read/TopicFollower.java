package dev.gatehouse.api.read;

import dev.gatehouse.api.config.ApiConfig;
import dev.gatehouse.pipeline.KafkaProps;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a whole topic into memory on a thread of its own: no consumer group, every partition from the
 * beginning, then following it, handing each record to {@code apply}. How every API instance holds
 * a compacted topic (organizations, door receipts) in full.
 */
public final class TopicFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicFollower.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final Consumer<ConsumerRecord<String, byte[]>> apply;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;

    private TopicFollower(ApiConfig config, String topic, String name, Consumer<ConsumerRecord<String, byte[]>> apply) {
        this.topic = topic;
        this.apply = apply;
        this.consumer = new KafkaConsumer<>(KafkaProps.consumer(config.kafka(), config.instanceId() + "-" + name, null));
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    /** Starts following {@code topic}; {@code name} names the thread and the client. */
    public static TopicFollower start(ApiConfig config, String topic, String name,
                                      Consumer<ConsumerRecord<String, byte[]>> apply) {
        TopicFollower follower = new TopicFollower(config, topic, name, apply);
        follower.thread.start();
        return follower;
    }

    /** Waits until every record the topic held at start has been applied. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    apply.accept(record);
                }
                if (caughtUp.getCount() > 0 && partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p))) {
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("following {} stopped", topic, e);
        } finally {
            consumer.close();
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
