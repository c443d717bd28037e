package dev.gatehouse.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class LoadDriverTest {
    @Test
    void runsEveryRequestNumberOnceAndCountsFailuresAndExceptionsAsErrors() throws Exception {
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        LoadDriver.Result result = LoadDriver.run("phase", 4, 100, i -> {
            assertThat(seen.add(i)).isTrue();
            if (i % 10 == 0) {
                throw new IllegalStateException("refused");
            }
            return i % 10 != 1;
        });

        assertThat(seen).hasSize(100).allMatch(i -> i >= 0 && i < 100);
        assertThat(result.requests()).isEqualTo(100);
        assertThat(result.clients()).isEqualTo(4);
        assertThat(result.errors()).isEqualTo(20);
        assertThat(result.perSecond()).isPositive();
    }

    @Test
    void percentilesAreNearestRank() {
        long[] values = new long[100];
        for (int i = 0; i < 100; i++) {
            values[99 - i] = i + 1;
        }
        assertThat(LoadDriver.percentile(values, 50)).isEqualTo(50);
        assertThat(LoadDriver.percentile(values, 99)).isEqualTo(99);
        assertThat(LoadDriver.percentile(values, 100)).isEqualTo(100);
        assertThat(LoadDriver.percentile(new long[] {7}, 99)).isEqualTo(7);
        assertThat(LoadDriver.percentile(new long[0], 50)).isZero();
    }
}
