package dev.gatehouse.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WarmUpRuleTest {
    @Test
    void aWarmUpEndsAfterTwoQuietRoundsInARowNotAfterTheFirst() {
        WarmUpRule rule = new WarmUpRule(20);

        assertThat(rule.done(0.42)).isFalse();
        assertThat(rule.done(0.05)).isFalse(); // one quiet round: the compiler may burst again
        assertThat(rule.done(0.25)).isFalse(); // and it did: the count starts over
        assertThat(rule.done(0.099)).isFalse();
        assertThat(rule.done(0.02)).isTrue();
        assertThat(rule.rounds()).isEqualTo(5);
    }

    @Test
    void aRoundAtTheShareIsNotQuiet() {
        WarmUpRule rule = new WarmUpRule(20);

        assertThat(rule.done(WarmUpRule.JIT_SHARE)).isFalse();
        assertThat(rule.done(WarmUpRule.JIT_SHARE)).isFalse();
        assertThat(rule.done(0.0)).isFalse();
        assertThat(rule.done(0.0)).isTrue();
    }

    @Test
    void aWarmUpEndsAtTheMostRoundsHoweverBusyTheCompiler() {
        WarmUpRule rule = new WarmUpRule(3);

        assertThat(rule.done(0.5)).isFalse();
        assertThat(rule.done(0.05)).isFalse();
        assertThat(rule.done(0.5)).isTrue();
        assertThat(new WarmUpRule(1).done(0.9)).isTrue();
    }

    @Test
    void anUnknownShareCountsAsQuiet() {
        WarmUpRule rule = new WarmUpRule(20);

        assertThat(rule.done(Double.NaN)).isFalse();
        assertThat(rule.done(Double.NaN)).isTrue();
    }

    @Test
    void aWarmUpRunsAtLeastOneRound() {
        assertThatThrownBy(() -> new WarmUpRule(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void itSaysItsRule() {
        assertThat(new WarmUpRule(20).describe())
                .isEqualTo("until the JIT compiler spent under 10% of the stack's CPU in 2 rounds in a row or 20 rounds were run");
    }
}
