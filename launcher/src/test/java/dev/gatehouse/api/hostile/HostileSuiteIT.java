package dev.gatehouse.api.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The product's promise under attack, on the real stack (processor and API on the in-process Kafka
 * broker): no request of one organization — holding a valid SCIM token, speaking ordinary HTTP — can
 * wedge or stall provisioning for another, and no request gets a 5xx from bad input.
 *
 * <p>Over ten thousand generated cases in families (see each {@link Family}): size, depth, unicode,
 * filters, PATCH shapes, auth, protocol, fan-in (groups per user) and transport (bodies around the
 * 1 MiB the transport takes). They aim at the limits in {@link Budget}. Each case goes over a raw
 * socket ({@link RawHttp}) from a loopback address of its own — the API throttles an address after 20
 * failed authentications — and is followed by organization B's canary write from 127.0.0.1 (a
 * revocation: {@code active} toggled), which must be answered 2xx within one second; a sentinel also
 * writes B every 100 ms, so a stall while a case is still in flight is seen too. Every answer must
 * come, must not be a 5xx, and a 4xx must carry an error body; cases with an unambiguous answer (a
 * flipped-case token is 401, invalid UTF-8 is 400, …) check it; a sample of rejected writes is checked
 * to have left A's resource as it was. All failures are collected and reported grouped by family and
 * status, then the test fails.
 *
 * <p>Run time is bounded: each family gets at most twice its share of {@code gatehouse.hostile.deadline}
 * (260 s by default) and is cut there (its remaining cases count as failures), a wedged stack is replaced
 * at most three times ({@code gatehouse.hostile.restarts}), and the test has a hard timeout. About 3.5
 * minutes on two cores when nothing fails (setup included); a run that meets stalls and wedges takes
 * up to about five.
 *
 * <p>Deterministic from a seed (printed). System properties: {@code gatehouse.hostile.seed},
 * {@code gatehouse.hostile.cases} (total, spread by the families' weights), {@code gatehouse.hostile.workers} (24),
 * {@code gatehouse.hostile.deadline} (seconds for the cases), {@code gatehouse.hostile.families}
 * (comma-separated names) and {@code gatehouse.hostile.only} ({@code family#index,…}: replay cases).
 */
@Tag("hostile")
class HostileSuiteIT {
    private static final long DEFAULT_SEED = 20261204L;
    /**
     * Each case is followed by a canary write (~100-150 ms on this stack, a Kafka round trip), so the
     * run's rate is about workers / 0.3 s: 24 workers run ten thousand cases in about two and a half
     * minutes on two cores while B's canary stays well inside its bound (p99 ~0.5 s measured).
     */
    private static final int WORKERS = 24;

    /** Family → share of the cases; in run order, least able to take the stack down first. */
    private static final Map<Family, Integer> CONCURRENT = weights(
            new ProtocolFamily(), 1200, new AuthFamily(), 1000, new UnicodeFamily(), 1400, new FilterFamily(), 1800,
            new DepthFamily(), 900, new PatchFamily(), 1800, new SizeFamily(), 1300, new FanInFamily(), 1050);
    /** Run on one worker after the rest: each may take the whole stack down, so a wedge is pinned on one case. */
    private static final Map<Family, Integer> SERIAL = weights(new TransportFamily(), 175);

    @Test
    @Timeout(value = 9, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void noRequestOfOneOrganizationWedgesAnotherOrGetsA5xx() throws Exception {
        long seed = Long.getLong("gatehouse.hostile.seed", DEFAULT_SEED);
        int total = Integer.getInteger("gatehouse.hostile.cases", weightSum());
        int workers = Integer.getInteger("gatehouse.hostile.workers", WORKERS);
        Duration deadline = Duration.ofSeconds(Long.getLong("gatehouse.hostile.deadline", 260));
        Set<String> families = set(System.getProperty("gatehouse.hostile.families", ""));
        Set<String> only = set(System.getProperty("gatehouse.hostile.only", ""));
        List<HostileRun.Block> blocks = new ArrayList<>(blocks(CONCURRENT, workers, seed, total, families, only));
        blocks.addAll(blocks(SERIAL, 1, seed, total, families, only));
        String header = String.format("HOSTILE SUITE seed=%d (-Dgatehouse.hostile.seed=%d) cases=%d workers=%d%s%s",
                seed, seed, blocks.stream().mapToInt(b -> b.cases().size()).sum(), workers,
                families.isEmpty() ? "" : " families=" + families, only.isEmpty() ? "" : " only=" + only);
        System.out.println(header);
        System.out.println(Budget.describe());

        Tally tally = new Tally();
        long started = System.nanoTime();
        new HostileRun(workers, deadline, tally).run(blocks);
        String summary = tally.summary(header, (System.nanoTime() - started) / 1e9);
        System.out.println(summary);

        assertThat(tally.failures()).as("hostile suite failures:%n%s", tally.failureReport()).isEmpty();
        if (only.isEmpty() && families.isEmpty() && !Boolean.getBoolean("gatehouse.hostile.allowSmall")) {
            assertThat(tally.cases()).as("cases run").isGreaterThanOrEqualTo(Math.min(total, 10_000));
        }
    }

    /** One block per family: its share of {@code total}, every case with its own seed from (seed, family, index). */
    private static List<HostileRun.Block> blocks(Map<Family, Integer> families, int threads, long seed, int total,
            Set<String> names, Set<String> only) {
        List<HostileRun.Block> out = new ArrayList<>();
        families.forEach((family, weight) -> {
            if (!names.isEmpty() && !names.contains(family.name())) {
                return;
            }
            int n = Math.max(1, (int) Math.round((double) total * weight / weightSum()));
            List<HostileRun.CaseRef> cases = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (only.isEmpty() || only.contains(family.name() + "#" + i)) {
                    cases.add(new HostileRun.CaseRef(family, i, mix(seed, family.name().hashCode(), i)));
                }
            }
            if (!cases.isEmpty()) {
                // Its share of the time: about 0.3 s per case and canary, divided among the block's workers.
                out.add(new HostileRun.Block(family.name(), cases, threads, cases.size() * 300 / threads));
            }
        });
        return out;
    }

    /** SplitMix64 over the three inputs: independent, reproducible per-case seeds. */
    static long mix(long seed, int family, int index) {
        long z = seed + 0x9E3779B97F4A7C15L * (1 + family) + 0xBF58476D1CE4E5B9L * (1 + index);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static int weightSum() {
        return CONCURRENT.values().stream().mapToInt(Integer::intValue).sum()
                + SERIAL.values().stream().mapToInt(Integer::intValue).sum();
    }

    private static Map<Family, Integer> weights(Object... pairs) {
        Map<Family, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((Family) pairs[i], (Integer) pairs[i + 1]);
        }
        return m;
    }

    private static Set<String> set(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
