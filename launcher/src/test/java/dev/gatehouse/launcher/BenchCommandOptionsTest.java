package dev.gatehouse.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.launcher.bench.NoisyNeighbour;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BenchCommandOptionsTest {
    @TempDir
    Path dir;

    @Test
    void runsEveryPhaseAndBothFloodsByDefault() {
        BenchOptions bench = parse();

        assertThat(bench.phases).containsExactly(BenchOptions.Phase.HTTP, BenchOptions.Phase.ORGS, BenchOptions.Phase.NOISY,
                BenchOptions.Phase.CYCLE, BenchOptions.Phase.REBUILD);
        assertThat(bench.orgs).isEqualTo(50);
        assertThat(bench.orgUsers).isEqualTo(200);
        assertThat(bench.orgClients).isEqualTo(64);
        assertThat(bench.noisyFlood).containsExactly(NoisyNeighbour.Shape.MEMBERS, NoisyNeighbour.Shape.VALUES,
                NoisyNeighbour.Shape.VALUES_MAX);
        assertThat(bench.noisyClients).isEqualTo(8);
        assertThat(bench.noisyProbes).isEqualTo(100);
    }

    @Test
    void givenPhasesAndFloodsReplaceTheDefaultsRatherThanAddToThem() {
        BenchOptions bench = parse("--phases", "noisy", "--noisy-flood", "Values", "--noisy-clients", "2");

        assertThat(bench.phases).containsExactly(BenchOptions.Phase.NOISY);
        assertThat(bench.noisyFlood).containsExactly(NoisyNeighbour.Shape.VALUES);
        assertThat(bench.noisyClients).isEqualTo(2);
    }

    @Test
    void everyOrganizationNeedsAClientOfItsOwnWhenTheOrganizationsPhaseRuns() {
        BenchOptions tooFew = parse("--phases", "orgs", "--orgs", "10", "--org-clients", "9");
        BenchOptions notRun = parse("--phases", "http", "--orgs", "10", "--org-clients", "9");
        BenchOptions none = parse("--phases", "orgs", "--org-users", "0");

        assertThatThrownBy(() -> tooFew.validate(new CommandLine(new BenchCommand())))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--org-clients (9)")
                .hasMessageContaining("--orgs (10)");
        notRun.validate(new CommandLine(new BenchCommand()));
        assertThat(notRun.orgClients).isEqualTo(9);
        assertThatThrownBy(() -> none.validate(new CommandLine(new BenchCommand())))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--org-users");
    }

    @Test
    void refusesAnUnknownPhase() {
        assertThatThrownBy(() -> parse("--phases", "http,nosy")).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("nosy");
    }

    @Test
    void writesNoJsonAndComparesWithNothingByDefault() {
        BenchOptions bench = parse();
        bench.validate(new CommandLine(new BenchCommand()));

        assertThat(bench.json).isNull();
        assertThat(bench.compare).isNull();
        assertThat(bench.earlier).isNull();
    }

    @Test
    void readsTheRunToCompareWithBeforeAnyPhaseRuns() throws Exception {
        Path earlier = dir.resolve("earlier.json");
        BenchReport.write(new BenchReport.Run(BenchReport.FORMAT, "machine", "sizes", "2026-12-05T06:00:00Z",
                List.of(new BenchReport.Figure("POST /Users", 16, "CPU", "ms/request", 2.5))), earlier);
        BenchOptions bench = parse("--json", dir.resolve("now.json").toString(), "--compare", earlier.toString());

        bench.validate(new CommandLine(new BenchCommand()));

        assertThat(bench.json).isEqualTo(dir.resolve("now.json"));
        assertThat(bench.earlier.figures()).containsExactly(new BenchReport.Figure("POST /Users", 16, "CPU", "ms/request", 2.5));
    }

    @Test
    void refusesARunToCompareWithThatCannotBeRead() {
        BenchOptions missing = parse("--compare", dir.resolve("missing.json").toString());
        BenchOptions nowhere = parse("--json", dir.resolve("no/such/dir/run.json").toString());

        assertThatThrownBy(() -> missing.validate(new CommandLine(new BenchCommand())))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--compare").hasMessageContaining("missing.json");
        assertThatThrownBy(() -> nowhere.validate(new CommandLine(new BenchCommand())))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--json");
    }

    @Test
    void theSizesNameEveryOptionThatChangesTheFigures() {
        assertThat(parse("--clients", "4,16", "--requests", "300", "--phases", "http,rebuild", "--warm-up-rounds", "2").sizes())
                .isEqualTo("phases http,rebuild; clients 4,16; requests 300; population 100000; cycle 10000 users, "
                        + "100 groups, 50000 memberships, 200 probes; orgs 50 of 200 users, 64 clients; noisy 8 clients, "
                        + "100 probes, members,values,values-max; warm-up rounds 2");
    }

    @Test
    void warmsUpInAtLeastOneRound() {
        assertThat(parse().warmUpRounds).isEqualTo(20);
        assertThatThrownBy(() -> parse("--warm-up-rounds", "0").validate(new CommandLine(new BenchCommand())))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--warm-up-rounds");
        parse("--warm-up-rounds", "1").validate(new CommandLine(new BenchCommand()));
    }

    private static BenchOptions parse(String... args) {
        BenchCommand bench = new BenchCommand();
        new CommandLine(bench).parseArgs(args);
        return bench.options;
    }
}
