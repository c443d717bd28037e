package dev.gatehouse.processor;

/**
 * When the current stream thread's last transaction committed (wall-clock milliseconds), as its producer
 * ({@link AnsweringClients.CommitTelling}) saw {@code commitTransaction} return. Kafka Streams commits on
 * the stream thread, so the processors of that thread read their own thread's commits.
 */
final class LastCommit {
    private static final ThreadLocal<long[]> AT = ThreadLocal.withInitial(() -> new long[] {Long.MIN_VALUE / 2});

    private LastCommit() {
    }

    /** Notes that this thread's transaction committed at {@code wallClockMs}. */
    static void committed(long wallClockMs) {
        AT.get()[0] = wallClockMs;
    }

    /** When this thread's last transaction committed; long ago if none has. */
    static long at() {
        return AT.get()[0];
    }
}
