package dev.gatehouse.launcher;

import dev.gatehouse.launcher.events.Event;
import dev.gatehouse.launcher.events.EventTopic;
import dev.gatehouse.launcher.events.TopicTail;
import dev.gatehouse.pipeline.config.ConfigKeys;
import dev.gatehouse.pipeline.config.KafkaConfig;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.WakeupException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gatehouse events}: Gatehouse's Kafka topics as JSON lines, for operators and for authors of
 * consumers, against any cluster the services' {@code GATEHOUSE_*} Kafka settings name.
 */
@Command(name = "events", mixinStandardHelpOptions = true,
        description = "Look at Gatehouse's Kafka topics.",
        subcommands = EventsCommand.Tail.class)
final class EventsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The catalogue's topic names, for the help's list of {@code --topic} values. */
    static final class TopicNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return EventTopic.names().iterator();
        }
    }

    /**
     * {@code events tail --topic <name> [--from-beginning] [--limit N] [--tenant T] [--follow]}: a topic's
     * records as JSON lines on stdout, diagnostics on stderr. A plain consumer with partitions assigned by
     * hand: no consumer group, nothing committed, no topic created.
     */
    @Command(name = "tail", mixinStandardHelpOptions = true, sortOptions = false,
            description = {
                "Print a topic's records as JSON lines on stdout, one per record:",
                "  {\"topic\", \"partition\", \"offset\", \"timestamp\", \"key\", \"value\"}",
                "topic is the full name (with GATEHOUSE_TOPIC_PREFIX), timestamp the record's time as an ISO-8601 "
                        + "UTC string (null if it has none), key a string, value the record value parsed as JSON "
                        + "(null for a tombstone). Diagnostics go to stderr only, so the output can be piped to jq.",
                "",
                "Without --from-beginning: the last --limit records (default 10): the last N of each partition, "
                        + "merged by timestamp (then partition, offset), of which the last N, oldest first.",
                "With --from-beginning: from the earliest offsets, merged the same way, at most --limit records "
                        + "(default: all).",
                "Either way the history ends at the end offsets taken at start: without --follow the command ends.",
                "With --follow: then every new record as it arrives (each partition in offset order) until "
                        + "Ctrl-C/SIGTERM (exit code 0) or until --limit records were printed in all.",
                "",
                "Secrets: every attribute named password (any case, URN-qualified or dotted, or the value of a PATCH "
                        + "operation whose path names it) is printed as \"[redacted]\": the ingest API blanks a user's "
                        + "SCIM password before publishing a write; this also hides other fields so named (e.g. "
                        + "metadata.password) and older records. Tokens never reach a topic; the tenants topic "
                        + "holds only their SHA-256 hashes.",
                "",
                "Connects to GATEHOUSE_BOOTSTRAP_SERVERS with the services' topic prefix (GATEHOUSE_TOPIC_PREFIX); "
                        + "reads only committed records (read_committed). A record whose value is not JSON is "
                        + "named on stderr and not printed.",
            })
    static final class Tail implements Callable<Integer> {
        /** The records printed when neither --limit nor --from-beginning is given. */
        static final int DEFAULT_LAST = 10;

        @Option(names = "--topic", required = true, paramLabel = "<name>", completionCandidates = TopicNames.class,
                description = "The topic's name without the prefix: ${COMPLETION-CANDIDATES}.")
        String topic;

        @Option(names = "--from-beginning", description = "Start at the earliest offsets instead of the last records.")
        boolean fromBeginning;

        @Option(names = "--limit", paramLabel = "N",
                description = "Print at most N records in all (without --from-beginning: the last N; default 10).")
        Integer limit;

        @Option(names = "--tenant", paramLabel = "T",
                description = "Only records of organization T: by key (tenant id, or tenant/…), on results by the "
                        + "value's tenantId.")
        String tenant;

        @Option(names = "--follow", description = "Keep printing new records until Ctrl-C/SIGTERM or --limit.")
        boolean follow;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        /** Set by tests; otherwise the process's. */
        Map<String, String> environment = System.getenv();
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out)), false,
                StandardCharsets.UTF_8);
        PrintStream err = System.err;
        /** Whether Ctrl-C/SIGTERM stop a --follow (off in tests, which call {@link #stop}). */
        boolean handleSignals = true;

        /** Set once the history is printed and new records are being followed (tests wait for it). */
        volatile boolean following;
        private volatile TopicTail running;
        private volatile boolean stopRequested;

        @Override
        public Integer call() {
            if (limit != null && limit < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be at least 1, was " + limit);
            }
            if (!EventTopic.names().contains(topic)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "Unknown topic '" + topic
                        + "'; the topics are: " + String.join(", ", EventTopic.names())
                        + " (names without the prefix, which GATEHOUSE_TOPIC_PREFIX sets)");
            }
            if (tenant != null && tenant.isBlank()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--tenant must name an organization");
            }
            KafkaConfig kafka;
            try {
                kafka = KafkaConfig.from(Settings.load(environment, null, null));
            } catch (IllegalArgumentException e) { // an unknown key or a value that is not valid
                err.println(e.getMessage());
                return 1;
            }
            EventTopic resolved = EventTopic.find(topic, kafka.topicPrefix()).orElseThrow();
            Printer printer = new Printer(out, Optional.ofNullable(limit));
            try (TopicTail tail = new TopicTail(kafka, resolved.fullName(), keep(resolved),
                    event -> err.println("not printed: " + event.topic() + " partition " + event.partition()
                            + " offset " + event.offset() + " holds a value that is not JSON"),
                    Duration.ofSeconds(30))) {
                running = tail;
                if (stopRequested) {
                    return 0;
                }
                if (follow && handleSignals) {
                    for (String signal : List.of("TERM", "INT")) {
                        try {
                            Running.handle(signal, tail::stop);
                        } catch (IllegalArgumentException e) {
                            // not on this platform: the JVM's default ends the process
                        }
                    }
                }
                tail.open();
                boolean more = fromBeginning ? tail.fromBeginning(printer) : printLast(tail, printer);
                out.flush();
                if (follow && more) {
                    printer.live = true;
                    following = true;
                    tail.follow(printer);
                }
                return 0;
            } catch (TopicTail.NoSuchTopicException e) {
                err.println(e.getMessage() + " at " + kafka.bootstrapServers() + " (is " + ConfigKeys.TOPIC_PREFIX
                        + " '" + kafka.topicPrefix() + "' the services' prefix?)");
                return 1;
            } catch (WakeupException e) {
                return 0; // stopped while starting
            } catch (KafkaException e) {
                err.println("Kafka at " + kafka.bootstrapServers() + " (" + ConfigKeys.BOOTSTRAP_SERVERS + "): " + e);
                return 1;
            } finally {
                running = null;
                out.flush();
            }
        }

        private boolean printLast(TopicTail tail, Printer printer) {
            for (Event event : tail.last(limit != null ? limit : DEFAULT_LAST)) {
                if (!printer.accept(event)) {
                    return false;
                }
            }
            return true;
        }

        /** Which events are printed: {@code --tenant}'s, by the topic's key format, or all. */
        Predicate<Event> keep(EventTopic resolved) {
            if (tenant == null) {
                return event -> true;
            }
            return event -> resolved.owner().owns(tenant, event.key(), event.value());
        }

        /** Ends a run in progress (or the next one) as Ctrl-C does; safe from any thread. */
        void stop() {
            stopRequested = true;
            TopicTail tail = running;
            if (tail != null) {
                tail.stop();
            }
        }
    }

    /** Prints events as JSON lines, at most {@code limit}; stops when stdout is gone (e.g. {@code | head}). */
    static final class Printer implements TopicTail.Sink {
        private final PrintStream out;
        private final Optional<Integer> limit;
        private int printed;
        /** Following: each line is flushed as it is printed. */
        volatile boolean live;

        Printer(PrintStream out, Optional<Integer> limit) {
            this.out = out;
            this.limit = limit;
        }

        @Override
        public boolean accept(Event event) {
            out.println(event.line());
            printed++;
            // checkError flushes: at every line when following, else now and then.
            if ((live || printed % 256 == 0) && out.checkError()) {
                return false;
            }
            return limit.isEmpty() || printed < limit.get();
        }
    }
}
