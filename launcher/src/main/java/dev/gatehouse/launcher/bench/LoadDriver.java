package dev.gatehouse.launcher.bench;

import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A closed-loop load driver: {@code clients} threads each take the next request number and run it,
 * until {@code requests} have run. Every call is timed from start to answer. Its threads are load
 * threads ({@link LoadThreads#BENCH}): the CPU they use is not the stack's.
 */
public final class LoadDriver {
    /** One numbered request; true when it got the expected answer. */
    @FunctionalInterface
    public interface Call {
        boolean run(int i) throws Exception;
    }

    /** What one phase measured. */
    public record Result(String name, int clients, int requests, int errors, double perSecond, double p50Ms,
                         double p99Ms) {
        @Override
        public String toString() {
            return String.format("%-28s %4d clients %7d req %5d errors %8.0f req/s  p50 %7.1f ms  p99 %7.1f ms",
                    name, clients, requests, errors, perSecond, p50Ms, p99Ms);
        }
    }

    private LoadDriver() {
    }

    public static Result run(String name, int clients, int requests, Call call) throws Exception {
        long[] latencies = new long[requests];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients, LoadThreads.BENCH.factory("bench-load"));
        try {
            long start = System.nanoTime();
            Future<?>[] workers = new Future<?>[clients];
            for (int c = 0; c < clients; c++) {
                workers[c] = pool.submit(() -> {
                    for (int i; (i = next.getAndIncrement()) < requests; ) {
                        long t0 = System.nanoTime();
                        boolean ok;
                        try {
                            ok = call.run(i);
                        } catch (Exception e) {
                            ok = false;
                        }
                        latencies[i] = System.nanoTime() - t0;
                        if (!ok) {
                            errors.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Result(name, clients, requests, errors.get(), requests / seconds,
                    percentile(latencies, 50) / 1e6, percentile(latencies, 99) / 1e6);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The p-th percentile (nearest rank) of {@code values}. */
    public static long percentile(long[] values, int p) {
        if (values.length == 0) {
            return 0;
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1))];
    }
}
