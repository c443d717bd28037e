package dev.gatehouse.api.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WriteHealthTest {
    private final AtomicLong now = new AtomicLong();
    private final WriteHealth health = new WriteHealth(now::get);

    private void at(long seconds) {
        now.set(seconds * 1_000_000_000L);
    }

    @Test
    void threeUnansweredWritesWithNoneAnsweredSinceMakeTheApiNotReady() {
        at(1);
        health.record(false);
        health.record(false);
        assertThat(health.writesAnswered()).isTrue();
        health.record(false);
        assertThat(health.writesAnswered()).isFalse();
    }

    @Test
    void anAnsweredWriteAfterTheFailuresMakesItReadyAgain() {
        at(1);
        for (int i = 0; i < 5; i++) {
            health.record(false);
        }
        at(2);
        health.record(true);
        assertThat(health.writesAnswered()).isTrue();
        at(3);
        health.record(false);
        assertThat(health.writesAnswered()).as("a failure after the answer, with five more in the window")
                .isFalse();
    }

    @Test
    void failuresAgeOutOfTheWindow() {
        at(1);
        for (int i = 0; i < 3; i++) {
            health.record(false);
        }
        assertThat(health.writesAnswered()).isFalse();
        at(1 + WriteHealth.WINDOW.toSeconds() + 1);
        assertThat(health.writesAnswered()).isTrue();
    }
}
