package dev.gatehouse.launcher;

import dev.gatehouse.sync.Connectors;
import dev.gatehouse.sync.DeadLetterAdmin;
import dev.gatehouse.sync.Replay;
import dev.gatehouse.sync.Resync;
import dev.gatehouse.sync.SyncConfig;
import dev.gatehouse.sync.connector.DoorAccessConnector;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Operator commands for door-access delivery: the dead letters ({@code dlq list|redrive}), a
 * reconcile of one organization at one door system ({@code resync}) and a re-push of access
 * changes since a time ({@code replay}). They talk to Kafka (and, for resync, the door system)
 * directly, so they run beside a running access-sync.
 */
final class DoorCommands {
    private DoorCommands() {
    }

    /** Options every door command takes. */
    abstract static class DoorCommand implements Callable<Integer> {
        @Option(names = "--data-dir", description = "Data directory (default: GATEHOUSE_DATA_DIR or ./data).")
        Path dataDir;

        PrintStream out = System.out;
        /** Set by tests; otherwise the settings of the environment and data directory. */
        SyncConfig config;

        SyncConfig config() {
            return config != null ? config : SyncConfig.from(Settings.load(dataDir, null));
        }
    }

    /** A command on the dead letters, of every connector or of one. */
    abstract static class LetterCommand extends DoorCommand {
        @Option(names = "--connector", description = "Only this connector's letters.")
        String connector;

        Optional<String> connector() {
            return Optional.ofNullable(connector);
        }
    }

    /** A command on one organization's access at one door system. */
    abstract static class TenantCommand extends DoorCommand {
        @Option(names = "--tenant", required = true, description = "Organization (tenant id).")
        String tenant;
    }

    @Command(name = "dlq", mixinStandardHelpOptions = true,
            description = "Changes a door system refused for good (the dead-letters topic).",
            subcommands = {DlqList.class, DlqRedrive.class})
    static final class Dlq implements Runnable {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(System.out);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the dead letters.")
    static final class DlqList extends LetterCommand {
        @Override
        public Integer call() {
            List<DeadLetterAdmin.Letter> letters = DeadLetterAdmin.list(config(), connector());
            for (DeadLetterAdmin.Letter l : letters) {
                // Ids, error and attempts only: the change itself holds personal data.
                out.printf("%s  %-16s %-40s attempts=%d  %s%n", l.at(), l.connector(), l.key(), l.attempts(), l.error());
            }
            out.println(letters.size() + " dead letter(s)");
            return 0;
        }
    }

    @Command(name = "redrive", mixinStandardHelpOptions = true,
            description = "Push the dead letters not redriven yet again, each to the connector that refused it.")
    static final class DlqRedrive extends LetterCommand {
        @Override
        public Integer call() {
            List<DeadLetterAdmin.Letter> sent = DeadLetterAdmin.redrive(config(), connector());
            sent.forEach(l -> out.println("redriven " + l.connector() + " " + l.key()));
            out.println(sent.size() + " letter(s) redriven");
            return 0;
        }
    }

    @Command(name = "resync", mixinStandardHelpOptions = true,
            description = "Compare a door system with the directory and repair the difference.")
    static final class ResyncCommand extends TenantCommand {
        @Option(names = "--connector", required = true, description = "Connector name (connectors file).")
        String connector;

        @Override
        public Integer call() {
            SyncConfig config = config();
            Optional<DoorAccessConnector> door = Connectors.named(config, connector).operations();
            if (door.isEmpty()) {
                System.err.println("connector " + connector + " cannot list what it holds: nothing to resync against");
                return 2;
            }
            Resync.Report report = Resync.run(config, tenant, door.get());
            out.printf("checked %d person(s): %d created, %d updated, %d suspended; %d group(s) fixed, %d deleted%n",
                    report.personsChecked(), report.created(), report.updated(), report.suspended(),
                    report.groupsFixed(), report.groupsDeleted());
            report.failures().forEach(f -> out.println("failed: " + f));
            return report.failures().isEmpty() ? 0 : 1;
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = "Push an organization's access changes since a time to one connector again.")
    static final class ReplayCommand extends TenantCommand {
        @Option(names = "--connector", required = true, description = "Connector name.")
        String connector;

        @Option(names = "--since", required = true, description = "ISO-8601 instant, e.g. 2026-11-28T00:00:00Z.")
        String since;

        @Override
        public Integer call() {
            Instant from;
            try {
                from = Instant.parse(since);
            } catch (DateTimeParseException e) {
                System.err.println("--since must be an ISO-8601 instant such as 2026-11-28T00:00:00Z");
                return 2;
            }
            SyncConfig config = config();
            Connectors.named(config, connector); // fails early on an unknown name
            out.println(Replay.replay(config, tenant, connector, from) + " change(s) re-published for " + connector);
            return 0;
        }
    }
}
