package dev.gatehouse.pipeline;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;

/**
 * A Kafka consumer read by a daemon thread of its own until {@link #close}: the thread runs its
 * {@link Work} (assign, seek, then poll while {@code running}), a failure is logged, and the consumer is
 * closed on the thread when the work ends. Closing wakes the consumer and waits up to five seconds for
 * the thread.
 */
public final class ConsumerThread implements AutoCloseable {
    /** What the thread does with the consumer; it polls while {@code running} answers true. */
    public interface Work {
        void run(KafkaConsumer<String, byte[]> consumer, BooleanSupplier running);
    }

    private static final Duration JOIN = Duration.ofSeconds(5);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private volatile boolean running = true;

    private ConsumerThread(KafkaConsumer<String, byte[]> consumer, String name, Logger log, String failure, Work work) {
        this.consumer = consumer;
        this.thread = new Thread(() -> run(work, log, failure), name);
        this.thread.setDaemon(true);
    }

    /**
     * Starts a thread named {@code name} doing {@code work} with {@code consumer}; if the work fails,
     * {@code log} reports {@code failure} with the exception.
     */
    public static ConsumerThread start(KafkaConsumer<String, byte[]> consumer, String name, Logger log,
            String failure, Work work) {
        ConsumerThread thread = new ConsumerThread(consumer, name, log, failure, work);
        thread.thread.start();
        return thread;
    }

    private void run(Work work, Logger log, String failure) {
        try {
            work.run(consumer, () -> running);
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            log.error(failure, e);
        } finally {
            consumer.close();
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(JOIN.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
