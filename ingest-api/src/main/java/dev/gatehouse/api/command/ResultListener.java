package dev.gatehouse.api.command;

import dev.gatehouse.api.config.ApiConfig;
import dev.gatehouse.contract.CommandResult;
import dev.gatehouse.pipeline.ConsumerThread;
import dev.gatehouse.pipeline.JsonSerde;
import dev.gatehouse.pipeline.KafkaProps;
import dev.gatehouse.pipeline.LocalAnswers;
import dev.gatehouse.pipeline.ResultPartitions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completes the futures of commands this API instance is waiting for. Results are keyed by instance
 * id, so this instance reads exactly one partition of the results topic (read_committed: a result is
 * visible once the processor's transaction, which also holds the state change, has committed). It
 * starts at the partition's end: results of commands sent before this instance existed are no one's.
 * A processor in the same JVM answers in memory instead, when its transaction commits ({@link LocalAnswers}).
 */
public final class ResultListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ResultListener.class);
    private static final JsonSerde<CommandResult> SERDE = JsonSerde.of(CommandResult.class);

    private final Map<String, CompletableFuture<CommandResult>> pending = new ConcurrentHashMap<>();
    private final String topic;
    private final String instanceId;
    private final CountDownLatch assigned = new CountDownLatch(1);
    private final LocalAnswers answers;
    /**
     * Completes the requests answered in memory. Completing one runs the request's continuation (its
     * response is written), which must not happen on the processor's stream thread that hands the answer
     * over: every organization's writes wait on that thread.
     */
    private final ExecutorService answering;
    private volatile ConsumerThread thread;

    private ResultListener(ApiConfig config, String topic, LocalAnswers answers) {
        this.topic = topic;
        this.instanceId = config.instanceId();
        this.answers = answers;
        this.answering = answers == LocalAnswers.NONE ? null : Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "local-answers");
            t.setDaemon(true);
            return t;
        });
    }

    public static ResultListener start(ApiConfig config, String topic) {
        return start(config, topic, LocalAnswers.NONE);
    }

    /** Reads this instance's results from {@code topic} and, when a processor runs in this JVM, from {@code answers}. */
    public static ResultListener start(ApiConfig config, String topic, LocalAnswers answers) {
        ResultListener listener = new ResultListener(config, topic, answers);
        if (answers != LocalAnswers.NONE) {
            answers.register(listener.instanceId, result -> listener.answering.execute(() -> listener.complete(result)));
        }
        KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(KafkaProps.consumer(config.kafka(), listener.instanceId + "-results", null));
        listener.thread = ConsumerThread.start(consumer, "result-listener", LOG, "result listener stopped", listener::run);
        return listener;
    }

    /** Waits until the listener reads its partition, so no result of a later command can be missed. */
    public boolean awaitAssigned(Duration timeout) throws InterruptedException {
        return assigned.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Registers interest in a command's result; call before the command is sent. */
    public CompletableFuture<CommandResult> expect(String commandId) {
        CompletableFuture<CommandResult> future = new CompletableFuture<>();
        pending.put(commandId, future);
        future.whenComplete((r, e) -> pending.remove(commandId));
        return future;
    }

    private void run(KafkaConsumer<String, byte[]> consumer, BooleanSupplier running) {
        int partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).size();
        TopicPartition mine = new TopicPartition(topic, ResultPartitions.partitionFor(instanceId, partitions));
        consumer.assign(List.of(mine));
        consumer.seekToEnd(List.of(mine));
        consumer.position(mine);
        assigned.countDown();
        while (running.getAsBoolean()) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                if (!instanceId.equals(record.key())) {
                    continue;
                }
                // One unreadable result costs one request its answer (it gets its 503), not every later one.
                SERDE.readOrSkip(record, LOG, "result", this::complete);
            }
        }
    }

    private void complete(CommandResult result) {
        CompletableFuture<CommandResult> future = result == null ? null : pending.get(result.commandId());
        if (future != null) {
            future.complete(result);
        }
    }

    @Override
    public void close() {
        answers.unregister(instanceId);
        if (answering != null) {
            answering.shutdown();
        }
        thread.close();
    }
}
