package dev.gatehouse.launcher;

import dev.gatehouse.pipeline.config.ConfigKeys;
import java.io.PrintStream;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The one runnable jar: {@code up} runs the whole stack in one JVM; each service also runs alone, as
 * its own process, against any Kafka cluster named by {@code GATEHOUSE_BOOTSTRAP_SERVERS}.
 */
@Command(name = "gatehouse",
        mixinStandardHelpOptions = true,
        version = "Gatehouse 0.1.0",
        description = "SCIM 2.0 provisioning for physical access control, on Kafka.",
        subcommands = {
            UpCommand.class,
            DoorCommands.Dlq.class,
            DoorCommands.ResyncCommand.class,
            DoorCommands.ReplayCommand.class,
            ServiceCommands.Broker.class,
            ServiceCommands.Processor.class,
            ServiceCommands.Api.class,
            ServiceCommands.AccessSync.class,
            ServiceCommands.Simulator.class,
            LoadCommand.class,
            BenchCommand.class,
            RebuildCommand.class,
            TopicsCommand.class,
            EventsCommand.class,
            AdminCommands.Tenant.class, AdminCommands.Sso.class, AdminCommands.Scim.class, AdminCommands.Token.class,
            ClientCommands.Client.class,
        })
public final class Gatehouse implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        if (!settingsKnown(System.getenv(), System.err)) {
            System.exit(1);
        }
        System.exit(new CommandLine(new Gatehouse()).execute(args));
    }

    /**
     * Whether every {@code GATEHOUSE_*} key of {@code environment} is one Gatehouse reads; otherwise
     * prints which is not (and the known key it is closest to) before any command runs. A key of a
     * service other than the one started is known: one environment often serves several.
     */
    static boolean settingsKnown(Map<String, String> environment, PrintStream err) {
        try {
            ConfigKeys.requireKnown(environment);
            return true;
        } catch (ConfigKeys.UnknownSettingException e) {
            err.println(e.getMessage());
            return false;
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
