package dev.gatehouse.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CompilerThreadsTest {
    @Test
    void ticksAreUserPlusSystemTimeAfterANameWithSpaces() {
        String stat = "4242 (C2 CompilerThre) S 4200 4200 1 0 -1 1077952576 5531 0 0 0 1234 56 0 0 20 0 30 0 9153 "
                + "6351937536 150000 18446744073709551615 1 1 0 0 0 0 4 0 0 0 0 0 -1 1 0 0 0 0 0";

        assertThat(CompilerThreads.ticks(stat)).isEqualTo(1_290);
    }

    @Test
    void aCompilerThreadThatEndedKeepsItsLastTicks() {
        CompilerThreads threads = new CompilerThreads();

        assertThat(threads.update(Map.of("10", 100L, "11", 50L))).isEqualTo(150);
        assertThat(threads.update(Map.of("10", 120L))).isEqualTo(170); // 11 ended at 50
        assertThat(threads.update(Map.of("10", 130L, "12", 5L))).isEqualTo(185);
        assertThat(threads.update(Map.of())).isEqualTo(185);
    }

    @Test
    void readsTheCompilerThreadsOfThisJvmWhereThereIsProc() {
        long first = new CompilerThreads().nanos();

        if (CompilerThreads.supported()) {
            assertThat(first).isNotNegative();
        } else {
            assertThat(first).isEqualTo(-1);
        }
    }
}
