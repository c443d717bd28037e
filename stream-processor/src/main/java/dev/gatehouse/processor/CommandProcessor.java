package dev.gatehouse.processor;

import static dev.gatehouse.pipeline.observe.LogKeys.COMMAND_ID;
import static dev.gatehouse.pipeline.observe.LogKeys.REQUEST_ID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.contract.Command;
import dev.gatehouse.contract.CommandDeadLetter;
import dev.gatehouse.contract.CommandResult;
import dev.gatehouse.pipeline.JsonSerde;
import dev.gatehouse.pipeline.LocalAnswers;
import dev.gatehouse.processor.apply.CommandHandler;
import dev.gatehouse.processor.apply.Plan;
import dev.gatehouse.processor.apply.Sink;
import dev.gatehouse.processor.store.Directory;
import dev.gatehouse.processor.store.StoreNames;
import dev.gatehouse.processor.store.StoredResource;
import dev.gatehouse.scim.ScimException;
import dev.gatehouse.scim.ScimJson;
import dev.gatehouse.scim.limits.JsonLimits;
import dev.gatehouse.scim.limits.Limits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Applies each command: decide (reads only), encode every output (while rebuilding, only measure it), then
 * write the stores and forward.
 * Under exactly_once_v2 the store changelogs, the result, the state records and the events of one
 * command commit in the same transaction (docs/architecture.md, "Exactly-once").
 *
 * <p>No command can stop the stream thread (docs/architecture.md, "No request, organization or failure can stop
 * provisioning for others"): a record that is not a command, a command whose processing throws, and a
 * command that would produce a record past {@link Limits#RECORD_BYTES} are each answered (400, 500,
 * 413) without changing anything, written to the command-dead-letters topic with the reason, counted,
 * and processing goes on with the next command, in order. Outputs are encoded here, before anything is
 * written, so Kafka never sees a record it would refuse: a refused send would abort the transaction
 * and the same command would fail again after every restart.
 */
final class CommandProcessor implements Processor<String, byte[], String, byte[]> {
    private static final Logger LOG = LoggerFactory.getLogger(CommandProcessor.class);
    private static final JsonSerde<Command> COMMANDS = JsonSerde.of(Command.class);
    private static final JsonSerde<Object> JSON = JsonSerde.of(Object.class);
    /**
     * How long after its thread's last commit the processor asks for the next: a transaction begun right
     * behind the last one waits for that one's markers to be written (the broker answers the producer
     * "concurrent transactions" and it backs off), and meanwhile more commands join the next commit.
     */
    static final long COMMIT_SPACING_MS = 5;
    /**
     * How much longer than its spacing a commit waits for the writers the thread's last commit answered to be
     * back with their next commands: under a steady load, one commit then answers them all, instead of every
     * other commit answering those that were back in time (docs/architecture.md, "Latency").
     */
    static final long GATHER_MS = 10;
    /** How often a command that waits for its commit looks whether the time for it has come. */
    static final Duration REMINDER = Duration.ofMillis(1);
    /** A command that reached the processor within this long of being written found it keeping up. */
    static final long FRESH_MS = 20;
    /**
     * A waited-for command that queued longer found the processor behind: its commit comes this long after
     * the thread's last at the soonest, so that while it catches up its commits stay few and each answers
     * many writers (a commit blocks the stream thread for a flush and the broker's answer).
     */
    static final long BEHIND_SPACING_MS = 20;
    /**
     * While rebuilding, how often the processor looks whether its thread has run out of commands: the first
     * look that finds none read since the last asks for a commit of what was read before, so a rebuild's last
     * commands are committed once applied rather than at the next commit interval.
     */
    static final Duration CAUGHT_UP_CHECK = Duration.ofMillis(20);
    /** {@link #spacing} while no command waits for a commit. */
    private static final long NONE_WAITS = Long.MAX_VALUE;
    /** A dead letter copies the command only when this small, leaving room for the rest of the record. */
    private static final int COPY_LIMIT = Limits.RECORD_BYTES - 64 * 1024;

    private final boolean forward;
    /** How long a writer waits for its answer: the API's {@code GATEHOUSE_COMMAND_TIMEOUT_MS}. */
    private final long answerWaitMs;
    private final CommandMetrics metrics;
    private final LocalAnswers answers;
    private ProcessorContext<String, byte[]> context;
    private Map<String, KeyValueStore<String, Object>> stores;
    private CommandHandler handler;
    /**
     * How long after the thread's last commit the commands applied since this processor last asked for
     * one need the next: the least of theirs; {@link #NONE_WAITS} while none has a writer waiting.
     */
    private long spacing = NONE_WAITS;
    /** The punctuation that asks for a commit that a waited-for command had to wait for; null while none waits. */
    private Cancellable reminder;
    /**
     * While rebuilding: records read since the last {@link #CAUGHT_UP_CHECK}, and whether any was read
     * before it and since the last commit asked for.
     */
    private long readSinceCheck;
    private boolean uncommitted;

    /**
     * {@code forward}: send results, state records and events on (false while rebuilding);
     * {@code answerWait}: how long a writer waits for its answer; {@code answers}: the API instances of
     * this JVM, answered when the transaction commits rather than through the results topic.
     */
    CommandProcessor(boolean forward, Duration answerWait, CommandMetrics metrics, LocalAnswers answers) {
        this.forward = forward;
        this.answerWaitMs = answerWait.toMillis();
        this.metrics = metrics;
        this.answers = answers;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        KeyValueStore<String, StoredResource> users = context.getStateStore(StoreNames.USERS);
        KeyValueStore<String, StoredResource> groups = context.getStateStore(StoreNames.GROUPS);
        KeyValueStore<String, String> memberships = context.getStateStore(StoreNames.MEMBERSHIPS);
        KeyValueStore<String, String> indexes = context.getStateStore(StoreNames.INDEXES);
        this.stores = Map.of(
                StoreNames.USERS, untyped(users),
                StoreNames.GROUPS, untyped(groups),
                StoreNames.MEMBERSHIPS, untyped(memberships),
                StoreNames.INDEXES, untyped(indexes));
        this.handler = new CommandHandler(new Directory(users, groups, memberships, indexes));
        if (!forward) {
            context.schedule(CAUGHT_UP_CHECK, PunctuationType.WALL_CLOCK_TIME, now -> commitOnceCaughtUp());
        }
    }

    @Override
    public void process(Record<String, byte[]> record) {
        readSinceCheck++;
        if (record.value() == null) {
            return; // a tombstone on the commands topic carries no write
        }
        Command command;
        try {
            command = COMMANDS.fromBytes(record.value());
        } catch (RuntimeException e) {
            unreadable(record, e);
            return;
        }
        // Every line logged while applying carries the request and command ids (the API's, from the command).
        if (command.requestId() != null) {
            MDC.put(REQUEST_ID, command.requestId());
        }
        MDC.put(COMMAND_ID, command.commandId());
        try {
            apply(record, command);
        } finally {
            MDC.remove(REQUEST_ID);
            MDC.remove(COMMAND_ID);
        }
        commitIfAwaited(record, command.replyTo());
    }

    /**
     * While rebuilding: asks for a commit once a whole {@link #CAUGHT_UP_CHECK} passed without a record,
     * if any was read since the last one asked for. A rebuild is done when its commits reach the end of
     * the commands topic; the commit interval alone would leave its last commands uncommitted for up to
     * a whole interval after they were applied.
     */
    private void commitOnceCaughtUp() {
        if (readSinceCheck > 0) {
            uncommitted = true; // still reading: the commit interval commits meanwhile
        } else if (uncommitted) {
            context.commit();
            uncommitted = false;
        }
        readSinceCheck = 0;
    }

    /**
     * Notes a command whose writer still waits for its answer (it has a reply address and was written
     * less than {@link #answerWaitMs} ago) and asks for a commit, once {@link #COMMIT_SPACING_MS} have
     * passed since the thread's last one ({@link LastCommit}), or {@link #BEHIND_SPACING_MS} when the
     * command queued past {@link #FRESH_MS}, and once as many such commands were applied since as that
     * commit answered, or {@link #GATHER_MS} more have passed. Streams commits once the current pass over
     * the polled commands ends, without waiting for the commit interval, and a punctuation, scheduled only
     * then, asks for one that had to wait. Under load, commits then follow one another closely, each
     * answering every writer that the last one answered and that came back. Commands nobody waits for (a
     * replay, a backlog older than any writer's patience) commit at the interval, many to a transaction.
     * Nothing is answered before its transaction commits: this changes when, never what.
     */
    private void commitIfAwaited(Record<String, byte[]> record, String replyTo) {
        long now = context.currentSystemTimeMs();
        long age = now - record.timestamp();
        if (forward && replyTo != null && age < answerWaitMs) {
            spacing = Math.min(spacing, age < FRESH_MS ? COMMIT_SPACING_MS : BEHIND_SPACING_MS);
            LastCommit.awaited();
            askForCommit(now);
        }
    }

    private void askForCommit(long now) {
        if (spacing == NONE_WAITS) {
            return;
        }
        long since = now - LastCommit.at();
        if (since >= spacing && (LastCommit.writersBack() || since >= spacing + GATHER_MS)) {
            context.commit();
            spacing = NONE_WAITS;
            if (reminder != null) {
                reminder.cancel();
                reminder = null;
            }
        } else if (reminder == null) {
            // Scheduled only while a command waits: a punctuation makes Streams commit the task, so one
            // that ran all the time would commit an empty transaction every interval.
            reminder = context.schedule(REMINDER, PunctuationType.WALL_CLOCK_TIME,
                    this::askForCommit);
        }
    }

    private void apply(Record<String, byte[]> record, Command command) {
        long started = System.nanoTime();
        Plan plan;
        try {
            plan = handler.decide(command);
        } catch (RuntimeException | StackOverflowError e) {
            // A poison command must not stop its tenant's partition: answer 500 and move on.
            // Log the ids only: the body may hold personal data.
            LOG.error("command {} (tenant {}, {} {}) failed; answered 500 and dead-lettered", command.commandId(),
                    command.tenantId(), command.operation(), command.resourceType(), e);
            plan = Plan.refused(command, 500, error(500, null,
                    "internal error while applying command " + command.commandId()));
            plan.deadLetter(letter(record, command, CommandDeadLetter.FAILED, e, 500));
        }
        List<Encoded> outputs = encode(plan);
        if (outputs == null) {
            LOG.error("command {} (tenant {}, {} {}) would produce a record over {} bytes; answered 413 and "
                    + "dead-lettered", command.commandId(), command.tenantId(), command.operation(),
                    command.resourceType(), Limits.RECORD_BYTES);
            plan = Plan.refused(command, 413, error(413, null, "The change would produce a record larger than "
                    + Limits.RECORD_BYTES + " bytes; nothing was changed"));
            plan.deadLetter(letter(record, command, CommandDeadLetter.TOO_LARGE,
                    new IllegalStateException("an output exceeds the record budget"), 413));
            outputs = encode(plan);
        }
        for (Plan.Write write : plan.writes()) {
            KeyValueStore<String, Object> store = stores.get(write.store());
            if (write.value() == null) {
                store.delete(write.key());
            } else {
                store.put(write.key(), write.value());
            }
        }
        metrics.processed(command, plan.status(), System.nanoTime() - started, record.timestamp(),
                System.currentTimeMillis());
        LOG.debug("applied {} {} {} tenant={}: {} writes, {} outputs", command.operation(), command.resourceType(),
                command.resourceId(), command.tenantId(), plan.writes().size(), outputs.size());
        send(record, outputs);
    }

    /** A record that is not a command: answered 400 when it names whom to answer, and dead-lettered. */
    private void unreadable(Record<String, byte[]> record, RuntimeException e) {
        Map<String, String> ids = Salvage.ids(record.value());
        String commandId = ids.get("commandId");
        String tenantId = ids.get("tenantId");
        String replyTo = ids.get("replyTo");
        LOG.error("record {} of the commands topic is not a command (command {}, tenant {}); dead-lettered",
                position(), commandId, tenantId, e);
        List<Encoded> outputs = new ArrayList<>();
        int status = 0;
        if (commandId != null && replyTo != null) {
            status = 400;
            outputs.add(Encoded.of(Sink.RESULTS, replyTo, new CommandResult(commandId, tenantId, status,
                    error(400, "invalidSyntax", "The command could not be read; nothing was changed"))));
        }
        CommandDeadLetter letter = new CommandDeadLetter(commandId, tenantId, CommandDeadLetter.UNREADABLE,
                describe(e), status, partition(), offset(), Instant.ofEpochMilli(record.timestamp()),
                copyable(record.value()));
        outputs.add(Encoded.of(Sink.COMMAND_DEAD_LETTERS,
                tenantId == null ? "-" : tenantId, letter));
        metrics.deadLettered(CommandDeadLetter.UNREADABLE);
        send(record, outputs);
        if (status != 0) {
            commitIfAwaited(record, replyTo);
        }
    }

    private CommandDeadLetter letter(Record<String, byte[]> record, Command command, String reason, Throwable e,
            int status) {
        metrics.deadLettered(reason);
        JsonNode copy = record.value().length <= COPY_LIMIT ? ScimJson.mapper().valueToTree(command) : null;
        return new CommandDeadLetter(command.commandId(), command.tenantId(), reason, describe(e), status,
                partition(), offset(), command.receivedAt(), copy);
    }

    /**
     * Every output encoded, or null when one is past the record budget. A result for an API instance of
     * this JVM is not encoded: it is handed over in memory at commit ({@link LocalAnswers}). It is held to
     * the same budget all the same, measured without keeping its bytes: whether a command is refused must
     * not depend on where its writer runs, since a rebuild or a replay decides it again without the writer.
     * While rebuilding, nothing is sent, so every output is measured that way and none is encoded.
     */
    private List<Encoded> encode(Plan plan) {
        List<Plan.Output> outputs = plan.outputs();
        List<Encoded> encoded = new ArrayList<>(outputs.size());
        for (Plan.Output output : outputs) {
            Encoded e = encode(output);
            if (e.bytes() > Limits.RECORD_BYTES) {
                return null;
            }
            encoded.add(e);
        }
        return encoded;
    }

    private Encoded encode(Plan.Output output) {
        if (!forward) {
            return Encoded.measured(output.sink(), output.key(), output.value());
        }
        if (output.sink() == Sink.RESULTS && output.value() instanceof CommandResult result
                && answers.serves(output.key())) {
            return Encoded.local(output.key(), result);
        }
        return Encoded.of(output.sink(), output.key(), output.value());
    }

    private void send(Record<String, byte[]> record, List<Encoded> outputs) {
        if (!forward) {
            return;
        }
        for (Encoded output : outputs) {
            byte[] value = output.value();
            if (output.local() != null) {
                if (answers.hold(output.key(), output.local())) {
                    continue;
                }
                value = JSON.toBytes(output.local()); // the instance stopped meanwhile: answered through the topic
            }
            context.forward(record.withKey(output.key()).withValue(value), GatehouseTopology.sinkName(output.sink()));
        }
    }

    /**
     * One output as the bytes that go to Kafka, or a result to hand over in memory ({@code local});
     * {@code bytes}: the size of its key and value as Kafka would get them, which a result in memory and a
     * rebuild's output, never encoded, are measured for all the same.
     */
    private record Encoded(Sink sink, String key, byte[] value, CommandResult local, long bytes) {
        static Encoded of(Sink sink, String key, Object value) {
            byte[] bytes = JSON.toBytes(value);
            return new Encoded(sink, key, bytes, null, keyBytes(key) + (bytes == null ? 0 : bytes.length));
        }

        static Encoded local(String key, CommandResult result) {
            return new Encoded(Sink.RESULTS, key, null, result, keyBytes(key) + JsonLimits.serializedBytes(result));
        }

        /** Measured only, for a rebuild that sends nothing: a null value is a tombstone, as {@link #of} encodes it. */
        static Encoded measured(Sink sink, String key, Object value) {
            return new Encoded(sink, key, null, null,
                    keyBytes(key) + (value == null ? 0 : JsonLimits.serializedBytes(value)));
        }

        private static long keyBytes(String key) {
            return key == null ? 0 : key.getBytes(StandardCharsets.UTF_8).length;
        }
    }

    private static ObjectNode error(int status, String scimType, String detail) {
        ObjectNode body = ScimJson.mapper().createObjectNode();
        body.putArray("schemas").add(ScimException.ERROR_SCHEMA);
        body.put("status", Integer.toString(status));
        if (scimType != null) {
            body.put("scimType", scimType);
        }
        body.put("detail", detail);
        return body;
    }

    /**
     * The exception's class and message and those of its causes, cut short. Jackson's messages quote at
     * most a few characters of the input; nothing else of the request is kept.
     */
    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null && text.length() < 500; t = t.getCause()) {
            text.append(text.length() == 0 ? "" : "; caused by ").append(t.getClass().getName());
            if (t.getMessage() != null) {
                text.append(": ").append(t.getMessage());
            }
        }
        return text.length() > 500 ? text.substring(0, 500) + "…" : text.toString();
    }

    /** The record as JSON when it is JSON and small enough to copy into a dead letter; else null. */
    private static JsonNode copyable(byte[] value) {
        if (value.length > COPY_LIMIT) {
            return null;
        }
        try {
            return ScimJson.mapper().readTree(value);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private int partition() {
        return context.recordMetadata().map(RecordMetadata::partition).orElse(-1);
    }

    private long offset() {
        return context.recordMetadata().map(RecordMetadata::offset).orElse(-1L);
    }

    private String position() {
        return partition() + "@" + offset();
    }

    @SuppressWarnings("unchecked")
    private static KeyValueStore<String, Object> untyped(KeyValueStore<String, ?> store) {
        // Plan writes carry values of the store's own type (StoredResource or String).
        return (KeyValueStore<String, Object>) store;
    }
}
