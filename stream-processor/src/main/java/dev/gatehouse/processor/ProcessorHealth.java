package dev.gatehouse.processor;

import dev.gatehouse.pipeline.observe.Health;
import dev.gatehouse.pipeline.observe.KafkaProbe;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * The processor's readiness and lag. Ready means Kafka answers, Kafka Streams is RUNNING, no store is
 * being restored from its changelog, and the processor is getting through its commands: its stream
 * thread has not failed since it last committed progress (a thread that dies on a command and is
 * replaced keeps failing on it), and when commands wait, their committed offsets moved within
 * {@link #STALL} ({@link CommitProgress}: Kafka's view, not the thread's own).
 *
 * <p>Gauges: {@code gatehouse_processor_commands_lag} — records on the commands topic not yet read
 * by this instance's stream threads (the Streams consumer's own {@code records-lag});
 * {@code gatehouse_processor_restoring_stores} — store partitions being restored now;
 * {@code gatehouse_processor_commit_backlog} — commands on this instance's partitions not committed
 * yet; {@code gatehouse_processor_seconds_since_progress} — since those committed offsets last moved.
 * Counter: {@code gatehouse_processor_stream_thread_failures_total} — stream threads that died (and
 * were replaced).
 */
final class ProcessorHealth implements StateRestoreListener {
    /** How long commands may wait without a commit moving before the processor is not ready. */
    static final Duration STALL = Duration.ofSeconds(30);

    private final Set<String> restoring = ConcurrentHashMap.newKeySet();
    private final AtomicLong failures = new AtomicLong();
    private final LongSupplier clock;
    private volatile long lastFailureAt = Long.MIN_VALUE;

    ProcessorHealth() {
        this(System::nanoTime);
    }

    ProcessorHealth(LongSupplier clock) {
        this.clock = clock;
    }

    /** A stream thread died (its replacement starts from the last commit). */
    void threadFailed() {
        failures.incrementAndGet();
        lastFailureAt = clock.getAsLong();
    }

    /** Registers the gauges and returns the readiness checks; {@code streams} is not started yet. */
    Health register(KafkaStreams streams, String commandsTopic, KafkaProbe kafka, CommitProgress progress,
            MeterRegistry registry) {
        streams.setGlobalStateRestoreListener(this);
        Gauge.builder("gatehouse.processor.commands.lag", streams, s -> commandsLag(s, commandsTopic))
                .description("records of the commands topic this processor has not read yet")
                .register(registry);
        Gauge.builder("gatehouse.processor.restoring.stores", restoring, Set::size)
                .description("store partitions being restored from their changelogs")
                .register(registry);
        Gauge.builder("gatehouse.processor.commit.backlog", progress, CommitProgress::backlog)
                .description("commands on this processor's partitions not committed yet")
                .register(registry);
        Gauge.builder("gatehouse.processor.seconds.since.progress", progress,
                        p -> p.sinceAdvance(clock.getAsLong()) / 1e9)
                .description("seconds since the committed offsets of this processor's commands moved")
                .register(registry);
        FunctionCounter.builder("gatehouse.processor.stream.thread.failures", failures, AtomicLong::get)
                .description("stream threads that died and were replaced")
                .register(registry);
        return new Health()
                .check("kafka", kafka::reachable)
                .check("streamsRunning", () -> streams.state() == KafkaStreams.State.RUNNING)
                .check("storesRestored", restoring::isEmpty)
                .check("streamThreadsStable", () -> threadsStable(progress))
                .check("makingProgress", () -> progressing(progress));
    }

    /** No stream thread failed since the committed offsets last moved, unless nothing waits. */
    boolean threadsStable(CommitProgress progress) {
        long failed = lastFailureAt;
        return failed == Long.MIN_VALUE || progress.advancedAt() - failed > 0 || progress.backlog() == 0;
    }

    /** Nothing waits, or the committed offsets moved within {@link #STALL}. */
    boolean progressing(CommitProgress progress) {
        return progress.known() && (progress.backlog() == 0
                || progress.sinceAdvance(clock.getAsLong()) < STALL.toNanos());
    }

    /** The sum of the Streams consumers' {@code records-lag} over the commands topic's partitions. */
    static double commandsLag(KafkaStreams streams, String topic) {
        // Some client versions report topic names with '.' replaced by '_' in metric tags.
        String escaped = topic.replace('.', '_');
        double lag = 0;
        for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
            MetricName name = e.getKey();
            String tagged = name.tags().get("topic");
            if (name.name().equals("records-lag") && name.group().equals("consumer-fetch-manager-metrics")
                    && (topic.equals(tagged) || escaped.equals(tagged))
                    && e.getValue().metricValue() instanceof Double value && !value.isNaN()) {
                lag += value;
            }
        }
        return lag;
    }

    private static String key(TopicPartition partition, String store) {
        return store + "@" + partition;
    }

    @Override
    public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
        restoring.add(key(partition, store));
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
        restoring.remove(key(partition, store));
    }

    @Override
    public void onRestoreSuspended(TopicPartition partition, String store, long totalRestored) {
        restoring.remove(key(partition, store)); // the task moved to another instance
    }
}
