package dev.gatehouse.api.hostile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the run saw, collected from every worker: answers by family and status, canary latencies, and
 * every failure. Failures are kept, not thrown, so one run reports them all, grouped by family, status
 * and kind with a few examples each.
 */
final class Tally {
    /**
     * One broken rule; {@code status} is the answer's code or "none"; {@code from} and {@code to} (nano
     * time, 0 when not known) bound the request, so a 503 can be told apart when B's canary was stalled
     * at the same time (then it may be the stall's victim rather than its cause).
     */
    record Failure(String family, String status, String kind, String where, String detail, long from, long to) {
        Failure(String family, String status, String kind, String where, String detail) {
            this(family, status, kind, where, detail, 0, 0);
        }
    }

    private record Interval(long from, long to) {
    }

    private static final int EXAMPLES = Integer.getInteger("gatehouse.hostile.examples", 6);

    private final Map<String, Map<String, LongAdder>> byFamily = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> nanosByFamily = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> maxNanosByFamily = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> overBudgetAccepted = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Double> canary = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Double> sentinel = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();
    private final LongAdder cases = new LongAdder();
    private final LongAdder stateChecks = new LongAdder();
    private final ConcurrentLinkedQueue<Interval> stalls = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Slow> slowest = new PriorityQueue<>();

    private record Slow(double millis, String where) implements Comparable<Slow> {
        @Override
        public int compareTo(Slow o) {
            return Double.compare(millis, o.millis);
        }
    }

    /** A case of {@code family} was answered {@code status}, its requests taking {@code nanos}. */
    void answered(String family, String status, long nanos) {
        byFamily.computeIfAbsent(family, f -> new ConcurrentHashMap<>()).computeIfAbsent(status, s -> new LongAdder()).increment();
        nanosByFamily.computeIfAbsent(family, f -> new LongAdder()).add(nanos);
        maxNanosByFamily.computeIfAbsent(family, f -> new AtomicLong()).accumulateAndGet(nanos, Math::max);
        cases.increment();
    }

    /** A rejected write's target was compared before and after. */
    void stateChecked() {
        stateChecks.increment();
    }

    void overBudgetAccepted(String limit) {
        overBudgetAccepted.computeIfAbsent(limit, l -> new LongAdder()).increment();
    }

    void fail(Failure failure) {
        failures.add(failure);
    }

    /** Keeps the ten slowest cases. */
    void took(String where, long nanos) {
        synchronized (slowest) {
            slowest.add(new Slow(nanos / 1e6, where));
            if (slowest.size() > 10) {
                slowest.poll();
            }
        }
    }

    /** B's canary or sentinel was slow or failed between these nano times. */
    void stalled(long from, long to) {
        stalls.add(new Interval(from, to));
    }

    void canary(double millis) {
        canary.add(millis);
    }

    void sentinel(double millis) {
        sentinel.add(millis);
    }

    /** A run-level event (a wedge, a restart), printed in the summary. */
    void event(String text) {
        events.add(text);
    }

    long cases() {
        return cases.sum();
    }

    List<Failure> failures() {
        return List.copyOf(failures);
    }

    String summary(String header, double seconds) {
        StringBuilder s = new StringBuilder(header).append('\n');
        s.append(String.format("cases run: %d in %.1f s (%.1f cases/s)%n", cases(), seconds, cases() / Math.max(seconds, 1e-3)));
        s.append(latencies("canary after each case", canary));
        s.append(latencies("sentinel (continuous)", sentinel));
        s.append(table());
        s.append("rejected writes whose target was compared before and after: ").append(stateChecks.sum()).append('\n');
        if (!overBudgetAccepted.isEmpty()) {
            s.append("over budget yet answered 2xx (each also a failure):");
            new TreeMap<>(overBudgetAccepted).forEach((k, v) -> s.append(' ').append(k).append('=').append(v.sum()));
            s.append('\n');
        }
        for (String e : events) {
            s.append("event: ").append(e).append('\n');
        }
        List<Slow> slow;
        synchronized (slowest) {
            slow = new ArrayList<>(slowest);
        }
        slow.sort(Collections.reverseOrder());
        s.append("slowest cases:\n");
        slow.forEach(x -> s.append(String.format("  %8.0f ms  %s%n", x.millis(), Text.abbreviate(x.where(), 200))));
        s.append(failureReport());
        return s.toString();
    }

    private static String latencies(String name, ConcurrentLinkedQueue<Double> samples) {
        List<Double> sorted = new ArrayList<>(samples);
        if (sorted.isEmpty()) {
            return name + ": no samples\n";
        }
        Collections.sort(sorted);
        return String.format("%s: n=%d p50 %.0f ms, p99 %.0f ms, max %.0f ms%n", name, sorted.size(),
                percentile(sorted, 0.50), percentile(sorted, 0.99), sorted.get(sorted.size() - 1));
    }

    private static double percentile(List<Double> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    private String table() {
        TreeSet<String> statuses = new TreeSet<>();
        byFamily.values().forEach(m -> statuses.addAll(m.keySet()));
        StringBuilder s = new StringBuilder(String.format("%-10s %7s %8s %8s", "family", "cases", "mean ms", "max ms"));
        statuses.forEach(st -> s.append(String.format(" %6s", st)));
        s.append('\n');
        byFamily.keySet().stream().sorted().forEach(family -> {
            Map<String, LongAdder> row = byFamily.get(family);
            long n = row.values().stream().mapToLong(LongAdder::sum).sum();
            s.append(String.format("%-10s %7d %8.0f %8.0f", family, n, nanosByFamily.get(family).sum() / 1e6 / Math.max(1, n),
                    maxNanosByFamily.get(family).get() / 1e6));
            statuses.forEach(st -> s.append(String.format(" %6s", row.containsKey(st) ? Long.toString(row.get(st).sum()) : "·")));
            s.append('\n');
        });
        return s.toString();
    }

    /** The case's description without its id, ids and long hex blurred, so alike cases group together. */
    private static String shape(String where) {
        String description = where.replaceFirst("^\\S+#\\d+ ", "");
        int cut = description.indexOf(" | ");
        return (cut > 0 ? description.substring(0, cut) : description)
                .replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<id>")
                .replaceAll("\\b[0-9a-f]{12,}\\b", "<hex>");
    }

    private boolean duringStall(Failure f) {
        return f.from() != 0 && (f.status().equals("503") || f.status().equals("none"))
                && stalls.stream().anyMatch(i -> i.from() < f.to() && f.from() < i.to());
    }

    /** Failures grouped by family, status and kind: the count and up to three examples of each group. */
    String failureReport() {
        if (failures.isEmpty()) {
            return "failures: none\n";
        }
        Map<String, List<Failure>> groups = new TreeMap<>();
        for (Failure f : failures) {
            String kind = f.kind() + (duringStall(f) ? " while B was stalled" : "");
            groups.computeIfAbsent(f.family() + " | " + f.status() + " | " + kind, k -> new ArrayList<>()).add(f);
        }
        StringBuilder s = new StringBuilder("failures: ").append(failures.size()).append(" in ").append(groups.size())
                .append(" groups (family | status | kind)\n");
        groups.forEach((key, list) -> {
            s.append("  ").append(key).append(": ").append(list.size()).append('\n');
            // The distinct shapes (descriptions with their numbers blurred), each with its count and first case.
            Map<String, List<Failure>> shapes = new TreeMap<>();
            list.forEach(f -> shapes.computeIfAbsent(shape(f.where()), k -> new ArrayList<>()).add(f));
            shapes.entrySet().stream().sorted((a, b) -> b.getValue().size() - a.getValue().size()).limit(EXAMPLES)
                    .forEach(e -> s.append(String.format("    %5d × %s%n            e.g. %s → %s%n", e.getValue().size(),
                            Text.abbreviate(e.getKey(), 160), Text.abbreviate(e.getValue().get(0).where(), 260),
                            Text.abbreviate(e.getValue().get(0).detail(), 220))));
            if (shapes.size() > EXAMPLES) {
                s.append("          … and ").append(shapes.size() - EXAMPLES).append(" more shapes\n");
            }
        });
        return s.toString();
    }
}
