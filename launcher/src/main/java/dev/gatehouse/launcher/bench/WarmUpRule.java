package dev.gatehouse.launcher.bench;

import java.util.Locale;

/**
 * When an unmeasured warm-up may stop: once the JIT compiler took under {@link #JIT_SHARE} of the stack's
 * CPU in {@link #QUIET_ROUNDS} rounds in a row, or at the most rounds asked. One quiet round is not
 * enough: the compiler works in bursts, and a phase measured after a single quiet round could still
 * meet one. A round whose share is unknown (no JIT threads readable) counts as quiet. One rule per
 * warm-up: it counts that warm-up's rounds.
 */
public final class WarmUpRule {
    /** A round is quiet when the JIT compiler took under this share of the stack's CPU in it. */
    public static final double JIT_SHARE = 0.10;
    /** Quiet rounds in a row that end a warm-up. */
    public static final int QUIET_ROUNDS = 2;

    private final int maxRounds;
    private int rounds;
    private int quietInARow;

    public WarmUpRule(int maxRounds) {
        if (maxRounds < 1) {
            throw new IllegalArgumentException("a warm-up runs at least one round, was " + maxRounds);
        }
        this.maxRounds = maxRounds;
    }

    /** Counts a round in which the JIT compiler took {@code jitShare} of the stack's CPU; true when the warm-up is done. */
    public boolean done(double jitShare) {
        rounds++;
        quietInARow = jitShare >= JIT_SHARE ? 0 : quietInARow + 1;
        return quietInARow >= QUIET_ROUNDS || rounds >= maxRounds;
    }

    /** The rounds counted so far. */
    public int rounds() {
        return rounds;
    }

    /** The rule in words, for the report: "until the JIT compiler … or 20 rounds were run". */
    public String describe() {
        return String.format(Locale.ROOT, "until the JIT compiler spent under %.0f%% of the stack's CPU in %d rounds in a row "
                + "or %d rounds were run", JIT_SHARE * 100, QUIET_ROUNDS, maxRounds);
    }
}
