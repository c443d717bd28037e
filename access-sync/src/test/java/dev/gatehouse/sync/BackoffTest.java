package dev.gatehouse.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void startsAroundAHundredMillisAndDoublesUpToThirtySeconds() {
        for (int i = 0; i < 50; i++) {
            assertThat(Backoff.delay(1, Optional.empty())).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
            assertThat(Backoff.delay(3, Optional.empty())).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
            assertThat(Backoff.delay(40, Optional.empty())).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(30));
        }
    }

    @Test
    void aRequestedDelayWinsEvenPastTheCapButIsBounded() {
        assertThat(Backoff.delay(1, Optional.of(Duration.ofSeconds(2)))).isEqualTo(Duration.ofSeconds(2));
        assertThat(Backoff.delay(1, Optional.of(Duration.ofSeconds(90)))).isEqualTo(Duration.ofSeconds(90));
        assertThat(Backoff.delay(1, Optional.of(Duration.ofHours(5)))).isEqualTo(Backoff.MAX_REQUESTED);
    }
}
