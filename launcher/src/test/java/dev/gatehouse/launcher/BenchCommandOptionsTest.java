package dev.gatehouse.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.launcher.bench.NoisyNeighbour;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchCommandOptionsTest {
    @Test
    void runsEveryPhaseAndBothFloodsByDefault() {
        BenchOptions bench = parse();

        assertThat(bench.phases).containsExactly(BenchOptions.Phase.HTTP, BenchOptions.Phase.NOISY,
                BenchOptions.Phase.CYCLE, BenchOptions.Phase.REBUILD);
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
    void refusesAnUnknownPhase() {
        assertThatThrownBy(() -> parse("--phases", "http,nosy")).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("nosy");
    }

    private static BenchOptions parse(String... args) {
        BenchCommand bench = new BenchCommand();
        new CommandLine(bench).parseArgs(args);
        return bench.options;
    }
}
