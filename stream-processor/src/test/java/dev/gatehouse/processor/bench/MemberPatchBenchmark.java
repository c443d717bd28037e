package dev.gatehouse.processor.bench;

import dev.gatehouse.contract.CommandResult;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.processor.TopologyFixture;
import java.util.Arrays;
import java.util.Locale;

/**
 * What a one-member PATCH costs the processor in a 50,000-member group, side by side with the same
 * PATCH in a one-member group (the baseline), on the real topology and its RocksDB stores. Membership
 * is stored one key per (group, member), so the cost must not grow with the group.
 *
 * <p>Run: {@code mvn -B -q install -DskipTests && mvn -B -q -pl stream-processor org.codehaus.mojo:exec-maven-plugin:java
 * -Dexec.classpathScope=test -Dexec.mainClass=dev.gatehouse.processor.bench.MemberPatchBenchmark}
 * (optional arguments: large group size, measured PATCHes).
 */
public final class MemberPatchBenchmark {
    private static final int BATCH = 100; // Entra adds members in PATCHes of at most 100

    public static void main(String[] args) {
        int large = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int patches = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        try (TopologyFixture fx = new TopologyFixture()) {
            long setup = System.nanoTime();
            for (int i = 0; i < large + 2; i++) {
                fx.createUser("u" + i, "user" + i + "@bench.test");
                if (i % 1_000 == 0) {
                    fx.drain();
                }
            }
            fx.createGroup("small", "Small", "u0");
            fx.createGroup("large", "Large");
            for (int from = 0; from < large; from += BATCH) {
                StringBuilder members = new StringBuilder();
                for (int i = from; i < Math.min(large, from + BATCH); i++) {
                    members.append(members.length() == 0 ? "" : ",").append("{\"value\":\"u").append(i).append("\"}");
                }
                expect(fx.patch(ResourceType.GROUP, "large",
                        "[{\"op\":\"add\",\"path\":\"members\",\"value\":[" + members + "]}]"), 200);
                fx.drain();
            }
            System.out.printf(Locale.ROOT, "set-up: %,d users, a group of %,d built in PATCHes of %d: %.1f s%n",
                    large + 2, large, BATCH, (System.nanoTime() - setup) / 1e9);

            // Warm both paths alike, then measure them interleaved so machine noise hits both.
            String spare = "u" + (large + 1);
            measure(fx, "small", spare, 1_000, new long[1_000]);
            long[] small = new long[patches];
            long[] big = new long[patches];
            for (int i = 0; i < patches; i += 500) {
                int n = Math.min(500, patches - i);
                long[] s = new long[n];
                long[] b = new long[n];
                measure(fx, "small", spare, n, s);
                measure(fx, "large", spare, n, b);
                System.arraycopy(s, 0, small, i, n);
                System.arraycopy(b, 0, big, i, n);
            }
            System.out.printf(Locale.ROOT, "%-32s %10s %10s %10s %12s%n", "one-member PATCH (add/remove)",
                    "p50 µs", "p99 µs", "mean µs", "PATCHes/s");
            row("group of 1 member (baseline)", small);
            row(String.format(Locale.ROOT, "group of %,d members", large), big);
            System.out.printf(Locale.ROOT, "ratio large/baseline: p50 %.2f, p99 %.2f%n",
                    percentile(big, 50) / percentile(small, 50), percentile(big, 99) / percentile(small, 99));
        }
    }

    /** Alternately adds and removes {@code member}; {@code times} gets each PATCH's nanoseconds. */
    private static void measure(TopologyFixture fx, String group, String member, int n, long[] times) {
        for (int i = 0; i < n; i++) {
            String op = i % 2 == 0 ? "add" : "remove";
            String body = "[{\"op\":\"" + op + "\",\"path\":\"members\",\"value\":[{\"value\":\"" + member + "\"}]}]";
            long start = System.nanoTime();
            CommandResult result = fx.patch(ResourceType.GROUP, group, body);
            times[i] = System.nanoTime() - start;
            expect(result, 200);
            fx.drain();
        }
    }

    private static void expect(CommandResult result, int status) {
        if (result.status() != status) {
            throw new IllegalStateException("unexpected result " + result.status() + ": " + result.body());
        }
    }

    private static void row(String name, long[] nanos) {
        double mean = Arrays.stream(nanos).average().orElse(0) / 1e3;
        System.out.printf(Locale.ROOT, "%-32s %10.0f %10.0f %10.0f %12.0f%n", name, percentile(nanos, 50),
                percentile(nanos, 99), mean, 1e6 / mean);
    }

    private static double percentile(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e3;
    }

    private MemberPatchBenchmark() {
    }
}
