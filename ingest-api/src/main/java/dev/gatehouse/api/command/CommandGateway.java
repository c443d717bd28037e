package dev.gatehouse.api.command;

import dev.gatehouse.api.config.ApiConfig;
import dev.gatehouse.contract.Command;
import dev.gatehouse.contract.CommandResult;
import dev.gatehouse.pipeline.JsonSerde;
import dev.gatehouse.pipeline.KafkaProps;
import dev.gatehouse.scim.ScimException;
import dev.gatehouse.scim.limits.Limits;
import java.time.Duration;
import java.util.function.BiConsumer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The write path: publishes a command keyed by tenant (so one processor task applies all of a
 * tenant's writes in order) and completes with the processor's result. Past the deadline, or when
 * Kafka does not take the command, it fails with a 503 {@link ScimException}: the API never guesses.
 *
 * <p>Before a command goes out it must fit the record budget (413 otherwise: Kafka would refuse it)
 * and its organization's write window ({@link TenantAdmission}): it waits for room, in order, within
 * the same deadline. A write that never went out was not applied, and says so.
 */
public final class CommandGateway implements AutoCloseable {
    private static final JsonSerde<Command> SERDE = JsonSerde.of(Command.class);

    private final KafkaProducer<String, byte[]> producer;
    private final ResultListener results;
    private final String topic;
    private final Duration timeout;
    private final TenantAdmission admission = new TenantAdmission();
    private volatile BiConsumer<Duration, Boolean> roundTrips = (took, answered) -> { };

    public CommandGateway(ApiConfig config, ResultListener results, String topic) {
        var props = KafkaProps.producer(config.kafka(), config.instanceId() + "-commands");
        // Fail fast when the broker is away, well within the request deadline.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.min(config.commandTimeout().toMillis(), 5_000));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(config.commandTimeout().toMillis(), 1_000));
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(config.commandTimeout().toMillis(), 1_000));
        this.producer = new KafkaProducer<>(props);
        this.results = results;
        this.topic = topic;
        this.timeout = config.commandTimeout();
    }

    /**
     * Sends the command once its organization's window has room; the future completes with its result,
     * or a 413 (too large for a record), 429 (too much of its organization's work waiting) or 503
     * ScimException.
     */
    public CompletableFuture<CommandResult> submit(Command command) {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] value = SERDE.toBytes(command);
        if (value.length + command.tenantId().length() > Limits.RECORD_BYTES) {
            return CompletableFuture.failedFuture(ScimException.payloadTooLarge("the write would be a "
                    + value.length + "-byte command; commands are limited to " + Limits.RECORD_BYTES + " bytes"));
        }
        CompletableFuture<TenantAdmission.Permit> admitted = admission.admit(command.tenantId(),
                WriteCost.of(command, value.length));
        return admitted.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionallyCompose(e -> CompletableFuture.failedFuture(e instanceof TimeoutException
                        ? unavailable("the write waited " + timeout.toMillis() + " ms behind this organization's "
                                + "earlier writes and was not sent, so not applied")
                        : e))
                .thenCompose(permit -> send(command, value, deadline)
                        .whenComplete((result, error) -> permit.release()));
    }

    /** Produces the command and waits, until {@code deadline}, for its result. */
    private CompletableFuture<CommandResult> send(Command command, byte[] value, long deadline) {
        long started = System.nanoTime();
        long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - started));
        CompletableFuture<CommandResult> result = results.expect(command.commandId());
        BiConsumer<Duration, Boolean> observer = roundTrips;
        result.whenComplete((r, e) -> observer.accept(Duration.ofNanos(System.nanoTime() - started), e == null));
        try {
            producer.send(new ProducerRecord<>(topic, command.tenantId(), value), (meta, error) -> {
                if (error != null) {
                    result.completeExceptionally(unavailable("Kafka did not accept the command"));
                }
            });
        } catch (RuntimeException e) {
            result.completeExceptionally(unavailable("Kafka is unavailable"));
        }
        return result.orTimeout(left, TimeUnit.MILLISECONDS)
                .exceptionallyCompose(e -> CompletableFuture.failedFuture(e instanceof TimeoutException
                        ? unavailable("the write was not confirmed within " + timeout.toMillis() + " ms")
                        : e));
    }

    /** The organizations' write windows (for tests and metrics). */
    public TenantAdmission admission() {
        return admission;
    }

    /**
     * Tells {@code observer} each command's round trip, produce to result, and whether a result came
     * (false: the deadline passed or Kafka refused the command). For metrics; called on the thread
     * that completes the write, so it must be quick.
     */
    public void observeRoundTrips(BiConsumer<Duration, Boolean> observer) {
        this.roundTrips = observer;
    }

    /** The producer, for binding its client metrics. */
    public KafkaProducer<String, byte[]> producer() {
        return producer;
    }

    private static ScimException unavailable(String detail) {
        return ScimException.unavailable(detail + "; retry later");
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
