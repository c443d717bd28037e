package dev.gatehouse.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuTest {
    private static final long MS = 1_000_000;

    @Test
    void theStackIsTheProcessLessTheLoadThreadsPerCompletedOperation() {
        Cpu.Sample from = new Cpu.Sample(1_000 * MS, 5_000 * MS, 700 * MS, 40 * MS);
        Cpu.Sample to = new Cpu.Sample(3_000 * MS, 8_000 * MS, 1_200 * MS, 140 * MS);

        Cpu.Usage usage = Cpu.Usage.between(from, to, 1_000, true);

        assertThat(usage.wallNanos()).isEqualTo(2_000 * MS);
        assertThat(usage.processNanos()).isEqualTo(3_000 * MS);
        assertThat(usage.loadNanos()).isEqualTo(500 * MS);
        assertThat(usage.stackNanos()).isEqualTo(2_500 * MS);
        assertThat(usage.stackMsPerOp()).isCloseTo(2.5, within(1e-9));
        assertThat(usage.loadMsPerOp()).isCloseTo(0.5, within(1e-9));
        assertThat(usage.jitMsPerOp()).isCloseTo(0.1, within(1e-9));
        assertThat(usage.cores()).isCloseTo(1.25, within(1e-9));
        assertThat(usage.coresWithoutJit()).isCloseTo(1.2, within(1e-9));
        assertThat(usage.jitShare()).isCloseTo(0.04, within(1e-9)); // 100 of the stack's 2,500 ms: a warm-up would stop
        // an idle stack at 0.05 cores uses 100 ms over the 2 s window: 0.1 ms of each of the 1,000 operations
        assertThat(usage.idleMsPerOp(0.05)).isCloseTo(0.1, within(1e-9));
    }

    @Test
    void aPhaseIsComparedWithItsBaselineByStackCpuPerOperation() {
        Cpu.Usage baseline = new Cpu.Usage(1_000 * MS, 600 * MS, 100 * MS, 0, 1_000, true); // 0.5 ms per round trip
        Cpu.Usage write = new Cpu.Usage(4_000 * MS, 2_000 * MS, 500 * MS, 0, 500, true); // 3 ms per request

        assertThat(write.times(baseline)).isCloseTo(6.0, within(1e-9));
        assertThat(baseline.times(baseline)).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void withoutOperationsThereIsNoFigurePerOperation() {
        Cpu.Usage none = new Cpu.Usage(1_000 * MS, 600 * MS, 100 * MS, 10 * MS, 0, true);
        Cpu.Usage some = new Cpu.Usage(1_000 * MS, 600 * MS, 100 * MS, 10 * MS, 10, true);

        assertThat(none.stackMsPerOp()).isNaN();
        assertThat(none.loadMsPerOp()).isNaN();
        assertThat(none.jitMsPerOp()).isNaN();
        assertThat(none.idleMsPerOp(0.1)).isNaN();
        // The JIT's share needs no operations, only its CPU: unknown (-1) or a stack that used none gives none.
        assertThat(none.jitShare()).isCloseTo(0.02, within(1e-9));
        assertThat(new Cpu.Usage(1_000 * MS, 600 * MS, 100 * MS, -1, 10, true).jitShare()).isNaN();
        assertThat(new Cpu.Usage(1_000 * MS, 100 * MS, 100 * MS, 0, 10, true).jitShare()).isNaN();
        assertThat(some.times(none)).isNaN();
        assertThat(none.times(some)).isNaN();
    }

    @Test
    void theStacksCpuIsSplitByComponentWithOtherForWhatTheOthersLeave() {
        Cpu.Sample from = new Cpu.Sample(0, 1_000 * MS, 100 * MS, 50 * MS,
                Map.of(Component.BROKER, 300 * MS, Component.DOOR_SIMULATOR, 20 * MS, Component.JIT, 50 * MS,
                        Component.OTHER, 999 * MS));
        Cpu.Sample to = new Cpu.Sample(2_000 * MS, 2_000 * MS, 200 * MS, 80 * MS,
                Map.of(Component.BROKER, 600 * MS, Component.PROCESSOR, 400 * MS, Component.DOOR_SIMULATOR, 120 * MS,
                        Component.JIT, 80 * MS, Component.OTHER, 5_000 * MS));

        Cpu.Usage usage = Cpu.Usage.between(from, to, 100, true);

        // the stack: 1,000 ms of process less 100 ms of load, 9 ms per operation
        assertThat(usage.stackMsPerOp()).isCloseTo(9.0, within(1e-9));
        assertThat(usage.msPerOp(Component.BROKER)).isCloseTo(3.0, within(1e-9));
        assertThat(usage.msPerOp(Component.PROCESSOR)).isCloseTo(4.0, within(1e-9)); // none at the start
        assertThat(usage.msPerOp(Component.DOOR_SIMULATOR)).isCloseTo(1.0, within(1e-9));
        assertThat(usage.msPerOp(Component.JIT)).isCloseTo(0.3, within(1e-9));
        assertThat(usage.msPerOp(Component.API)).isZero();
        // 900 ms of stack less 300 + 400 + 100 + 30: what the named threads do not account for
        assertThat(usage.msPerOp(Component.OTHER)).isCloseTo(0.7, within(1e-9));
        assertThat(usage.withoutDoorSimulatorMsPerOp()).isCloseTo(8.0, within(1e-9));
    }

    @Test
    void withoutComponentsOnEitherSideThereIsNoSplit() {
        Cpu.Sample plain = new Cpu.Sample(0, 0, 0, -1);
        Cpu.Sample split = new Cpu.Sample(1_000 * MS, 500 * MS, 0, 10 * MS, Map.of(Component.BROKER, 100 * MS));

        Cpu.Usage usage = Cpu.Usage.between(plain, split, 10, true);

        assertThat(usage.byComponent()).isFalse();
        assertThat(usage.msPerOp(Component.BROKER)).isNaN();
        assertThat(usage.withoutDoorSimulatorMsPerOp()).isNaN();
        assertThat(usage.stackMsPerOp()).isCloseTo(50.0, within(1e-9));
    }

    @Test
    void aWindowCountsTheBrokersRequestsByWhatTheyGrewPerOperation() {
        Cpu.Sample from = new Cpu.Sample(0, 0, 0, 0, Map.of(),
                Map.of("Produce", 1_000L, "Fetch", 5_000L, "EndTxn", 10L, "Heartbeat", 7L));
        Cpu.Sample to = new Cpu.Sample(1_000 * MS, 500 * MS, 0, 0, Map.of(),
                Map.of("Produce", 1_600L, "Fetch", 5_400L, "EndTxn", 60L, "WriteTxnMarkers", 50L, "AddPartitionsToTxn", 100L,
                        "TxnOffsetCommit", 50L, "Heartbeat", 7L));

        Cpu.Usage usage = Cpu.Usage.between(from, to, 1_000, true);

        assertThat(usage.byRequest()).isTrue();
        assertThat(usage.requests()).containsOnlyKeys("Produce", "Fetch", "EndTxn", "WriteTxnMarkers",
                "AddPartitionsToTxn", "TxnOffsetCommit"); // heartbeats did not grow
        assertThat(usage.requestsPerOp(List.of(BrokerRequests.PRODUCE))).isCloseTo(0.6, within(1e-9));
        assertThat(usage.requestsPerOp(List.of(BrokerRequests.FETCH))).isCloseTo(0.4, within(1e-9));
        // 50 ended, 50 marked, 100 partition additions, 50 offset commits
        assertThat(usage.requestsPerOp(BrokerRequests.TRANSACTION)).isCloseTo(0.25, within(1e-9));
        assertThat(usage.requestsPerOp()).isCloseTo(1.25, within(1e-9));
        assertThat(usage.opsPerTransaction()).isCloseTo(20.0, within(1e-9));
    }

    @Test
    void withoutTheBrokersCountsOnEitherSideThereAreNoRequestFigures() {
        Cpu.Sample counted = new Cpu.Sample(0, 0, 0, 0, Map.of(), Map.of("Produce", 10L));
        Cpu.Sample uncounted = new Cpu.Sample(1_000 * MS, 0, 0, 0);

        for (Cpu.Usage usage : List.of(Cpu.Usage.between(counted, uncounted, 10, true),
                Cpu.Usage.between(uncounted, counted, 10, true))) {
            assertThat(usage.byRequest()).isFalse();
            assertThat(usage.requestsPerOp()).isNaN();
            assertThat(usage.opsPerTransaction()).isNaN();
        }
        Cpu.Usage noTransactions = Cpu.Usage.between(counted, new Cpu.Sample(1_000 * MS, 0, 0, 0, Map.of(),
                Map.of("Produce", 30L)), 10, true);
        assertThat(noTransactions.requestsPerOp()).isCloseTo(2.0, within(1e-9));
        assertThat(noTransactions.opsPerTransaction()).isNaN();
    }

    @Test
    void quietIsAboutTheIdleStackLessTheJit() {
        Cpu.Sample from = new Cpu.Sample(0, 0, 0, 0);
        // 500 ms: 60 ms of process CPU, 10 ms of it load threads: 50 ms of stack, 0.10 cores
        Cpu.Sample busy = new Cpu.Sample(500 * MS, 60 * MS, 10 * MS, 0);
        // the same, but 40 of the 50 ms were the JIT compiling: 0.02 cores of the stack's own work
        Cpu.Sample compiling = new Cpu.Sample(500 * MS, 60 * MS, 10 * MS, 40 * MS);

        assertThat(Cpu.quiet(from, busy, 0.02)).isFalse(); // 0.10 > 0.02 + 0.05
        assertThat(Cpu.quiet(from, busy, 0.05)).isTrue(); // 0.10 <= 0.05 + 0.05
        assertThat(Cpu.quiet(from, compiling, 0.02)).isTrue();
    }
}
