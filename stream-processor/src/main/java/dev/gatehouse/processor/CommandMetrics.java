package dev.gatehouse.processor;

import dev.gatehouse.contract.Command;
import dev.gatehouse.contract.CommandDeadLetter;
import dev.gatehouse.contract.Operation;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.pipeline.observe.Meters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What the processor did with each command:
 * <ul>
 *   <li>{@code gatehouse_processor_commands_total} — commands processed, tagged type (user, group),
 *       operation (create, replace, patch, delete) and outcome: applied (2xx), rejected (4xx: the
 *       command was refused, e.g. a conflict or a bad PATCH) or failed (5xx);</li>
 *   <li>{@code gatehouse_processor_command_processing_seconds} — the time deciding and applying one
 *       command takes on the stream thread (store reads and writes; not the commit);</li>
 *   <li>{@code gatehouse_processor_command_delay_seconds} — from the command's record timestamp (the
 *       API produced it) to the processor applying it: how far behind the commands topic the processor
 *       runs, in time.</li>
 * </ul>
 * {@link #NONE} records nothing (rebuilds, topology tests that do not look).
 */
public class CommandMetrics {
    public static final CommandMetrics NONE = new CommandMetrics();
    /** The timer of deciding and applying each command on the stream thread. */
    public static final String PROCESSING = "gatehouse.processor.command.processing";
    /** The timer from each command's record timestamp to the end of its applying. */
    public static final String DELAY = "gatehouse.processor.command.delay";
    private static final String DEAD_LETTERS = "gatehouse.processor.dead.letters";
    private static final String DEAD_LETTERS_DESCRIPTION =
            "commands answered without being applied, written to the command-dead-letters topic";

    private final MeterRegistry registry;
    private final Timer processing;
    private final Timer delay;
    // Each command's counter, registered on first use and then taken from here by its tags rather than
    // built and looked up in the registry for every command.
    private final Map<CommandTags, Counter> commands = new ConcurrentHashMap<>();

    private CommandMetrics() {
        this.registry = null;
        this.processing = null;
        this.delay = null;
    }

    public CommandMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.processing = Meters.histogram(registry, PROCESSING,
                "time to decide and apply one command on the stream thread", Duration.ofNanos(10_000), Duration.ofSeconds(1));
        this.delay = Meters.histogram(registry, DELAY,
                "from the command's record timestamp to the processor applying it", Duration.ofMillis(1), Duration.ofMinutes(10));
        // Every reason from the start, at 0: an alert on the counter's increase needs the series.
        Meters.counters(registry, DEAD_LETTERS, DEAD_LETTERS_DESCRIPTION, "reason", CommandDeadLetter.UNREADABLE,
                CommandDeadLetter.FAILED, CommandDeadLetter.TOO_LARGE, RefusedOutputHandler.REFUSED);
    }

    /**
     * One command answered without being applied and written to the command-dead-letters topic:
     * {@code gatehouse_processor_dead_letters_total}, tagged {@code reason} (unreadable, failed, too-large).
     */
    void deadLettered(String reason) {
        if (registry != null) {
            deadLetters(reason).increment();
        }
    }

    private Counter deadLetters(String reason) {
        return Meters.counter(registry, DEAD_LETTERS, DEAD_LETTERS_DESCRIPTION, "reason", reason);
    }

    /** One command applied (or answered) with {@code status}, after {@code nanos} of processing. */
    void processed(Command command, int status, long nanos, long recordTimestamp, long nowMillis) {
        if (registry == null) {
            return;
        }
        CommandTags tags = new CommandTags(command.resourceType(), command.operation(),
                status >= 500 ? "failed" : status >= 400 ? "rejected" : "applied");
        commands.computeIfAbsent(tags, this::commandCounter).increment();
        processing.record(nanos, TimeUnit.NANOSECONDS);
        if (recordTimestamp > 0) {
            delay.record(Math.max(0, nowMillis - recordTimestamp), TimeUnit.MILLISECONDS);
        }
    }

    /** A command's tags: its type and operation (an unreadable command may lack either), and its outcome. */
    private record CommandTags(ResourceType type, Operation operation, String outcome) {
    }

    private Counter commandCounter(CommandTags tags) {
        return Counter.builder("gatehouse.processor.commands")
                .description("commands processed by type, operation and outcome")
                .tag("type", String.valueOf(tags.type()).toLowerCase(Locale.ROOT))
                .tag("operation", String.valueOf(tags.operation()).toLowerCase(Locale.ROOT))
                .tag("outcome", tags.outcome())
                .register(registry);
    }
}
