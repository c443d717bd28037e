package dev.gatehouse.launcher.bench;

import java.util.Arrays;

/** Latencies in nanoseconds, added from any thread: one organization's, or one client's. */
final class Latencies {
    private long[] values = new long[256];
    private int count;

    synchronized void add(long nanos) {
        if (count == values.length) {
            values = Arrays.copyOf(values, count * 2);
        }
        values[count++] = nanos;
    }

    synchronized int count() {
        return count;
    }

    synchronized long[] toArray() {
        return Arrays.copyOf(values, count);
    }
}
