package dev.gatehouse.launcher;

import dev.gatehouse.launcher.bench.NoisyNeighbour;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The options of {@code gatehouse bench}: what each phase runs and which phases run. */
final class BenchOptions {
    @Option(names = "--clients", split = ",", defaultValue = "16,64", description = "Concurrencies to measure (default: 16,64).")
    List<Integer> clients;

    @Option(names = "--requests", defaultValue = "5000", description = "Requests per phase and concurrency (default: 5000).")
    int requests;

    @Option(names = "--population", defaultValue = "100000", description = "Users in the tenant before GET/PATCH (default: 100000).")
    int population;

    @Option(names = "--cycle-users", defaultValue = "10000", description = "Users of the Entra cycle (default: 10000).")
    int cycleUsers;

    @Option(names = "--cycle-groups", defaultValue = "100", description = "Groups of the Entra cycle (default: 100).")
    int cycleGroups;

    @Option(names = "--cycle-memberships", defaultValue = "50000", description = "Memberships of the Entra cycle (default: 50000).")
    int cycleMemberships;

    @Option(names = "--probes", defaultValue = "200", description = "Deprovisions timed during the cycle (default: 200).")
    int probes;

    @Option(names = "--phases", split = ",", defaultValue = "http,orgs,noisy,cycle,rebuild", converter = PhaseName.class,
            description = "Phases to run, among http,orgs,noisy,cycle,rebuild (default: all; noisy alone for a quick run).")
    List<Phase> phases;

    @Option(names = "--orgs", defaultValue = "50", description = "Organizations: how many provision at once (default: 50).")
    int orgs;

    @Option(names = "--org-users", defaultValue = "200",
            description = "Organizations: users per organization, with a group per 100, each user in one, one in 20 disabled (default: 200).")
    int orgUsers;

    @Option(names = "--org-clients", defaultValue = "64",
            description = "Organizations: clients in all, spread over the organizations, at least one each (default: 64).")
    int orgClients;

    @Option(names = "--noisy-clients", defaultValue = "8", description = "Noisy neighbour: concurrent clients of A's flood (default: 8).")
    int noisyClients;

    @Option(names = "--noisy-probes", defaultValue = "100", description = "Noisy neighbour: B's revocations per measurement (default: 100).")
    int noisyProbes;

    @Option(names = "--noisy-flood", split = ",", defaultValue = "members,values,values-max", converter = ShapeName.class,
            description = "Noisy neighbour: A's floods, one after the other: members, values (10,000), values-max (the budget's most) (default: all three).")
    List<NoisyNeighbour.Shape> noisyFlood;

    @Option(names = "--warm-up-rounds", defaultValue = "20", description = "Most warm-up rounds of the whole stack, and before each measured phase: "
            + "rounds of min(requests, 1,000) requests go on until the JIT compiler spends under a tenth of the stack's CPU "
            + "in two rounds in a row (default: 20).")
    int warmUpRounds;

    @Option(names = "--json", paramLabel = "<file>", description = "Write the run's figures as JSON to this file.")
    Path json;

    @Option(names = "--compare", paramLabel = "<earlier.json>",
            description = "Print every figure beside an earlier run's (its --json file), with after/before.")
    Path compare;

    /** The run {@code --compare} names, read by {@link #validate}. */
    BenchReport.Run earlier;

    enum Phase { HTTP, ORGS, NOISY, CYCLE, REBUILD }

    /** Phase and flood names are typed in lower case. */
    static final class PhaseName implements CommandLine.ITypeConverter<Phase> {
        @Override
        public Phase convert(String value) {
            return Phase.valueOf(value.trim().toUpperCase(Locale.ROOT));
        }
    }

    static final class ShapeName implements CommandLine.ITypeConverter<NoisyNeighbour.Shape> {
        @Override
        public NoisyNeighbour.Shape convert(String value) {
            return NoisyNeighbour.Shape.valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    boolean runs(Phase phase) {
        return phases.contains(phase);
    }

    /**
     * Checks what the options cannot say alone, and reads the run to compare with, now rather than after
     * an hour of phases.
     */
    void validate(CommandLine commandLine) {
        if (noisyClients < 1 || noisyProbes < 1) {
            throw new CommandLine.ParameterException(commandLine, "--noisy-clients and --noisy-probes must be at least 1");
        }
        if (runs(Phase.ORGS) && (orgs < 1 || orgUsers < 1)) {
            throw new CommandLine.ParameterException(commandLine, "--orgs and --org-users must be at least 1");
        }
        if (warmUpRounds < 1) {
            throw new CommandLine.ParameterException(commandLine, "--warm-up-rounds must be at least 1");
        }
        if (runs(Phase.ORGS) && orgClients < orgs) {
            // Entra runs one cycle per organization: each organization has a client of its own.
            throw new CommandLine.ParameterException(commandLine, "--org-clients (" + orgClients
                    + ") must be at least --orgs (" + orgs + "): each organization has a client of its own");
        }
        if (json != null && json.toAbsolutePath().getParent() != null && !Files.isDirectory(json.toAbsolutePath().getParent())) {
            throw new CommandLine.ParameterException(commandLine, "--json: no directory " + json.toAbsolutePath().getParent());
        }
        if (compare != null) {
            try {
                earlier = BenchReport.read(compare);
            } catch (IOException | RuntimeException e) {
                throw new CommandLine.ParameterException(commandLine, "--compare: cannot read " + compare + ": " + e.getMessage());
            }
        }
    }

    /** The sizes this run was given, as the report heads them and a comparison checks them. */
    String sizes() {
        return String.format(Locale.ROOT, "phases %s; clients %s; requests %d; population %d; cycle %d users, %d groups, "
                        + "%d memberships, %d probes; orgs %d of %d users, %d clients; noisy %d clients, %d probes, %s; warm-up rounds %d",
                String.join(",", phases.stream().map(p -> p.name().toLowerCase(Locale.ROOT)).toList()),
                String.join(",", clients.stream().map(String::valueOf).toList()), requests, population, cycleUsers,
                cycleGroups, cycleMemberships, probes, orgs, orgUsers, orgClients, noisyClients, noisyProbes,
                String.join(",", noisyFlood.stream().map(s -> s.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList()),
                warmUpRounds);
    }
}
