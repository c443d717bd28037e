package dev.gatehouse.processor;

/**
 * The current stream thread's last transaction: when it committed (wall-clock milliseconds), as its producer
 * ({@link AnsweringClients.CommitTelling}) saw {@code commitTransaction} return, and how many commands whose
 * writers waited it answered; and how many such commands the thread has applied since. Kafka Streams commits on
 * the stream thread, so the processors of that thread read their own thread's commits.
 */
final class LastCommit {
    private static final ThreadLocal<LastCommit> OF_THREAD = ThreadLocal.withInitial(LastCommit::new);

    private long at = Long.MIN_VALUE / 2;
    private long answered;
    private long awaited;

    private LastCommit() {
    }

    /**
     * A new producer on this thread (Kafka Streams replaces a fenced one and processes its open transaction's
     * commands again): no command counted so far will be answered by its commits.
     */
    static void started() {
        LastCommit last = OF_THREAD.get();
        last.answered = 0;
        last.awaited = 0;
    }

    /** Notes that this thread's transaction committed at {@code wallClockMs}, answering the commands counted since the last. */
    static void committed(long wallClockMs) {
        LastCommit last = OF_THREAD.get();
        last.at = wallClockMs;
        last.answered = last.awaited;
        last.awaited = 0;
    }

    /** Counts a command applied on this thread whose writer waits for its commit. */
    static void awaited() {
        OF_THREAD.get().awaited++;
    }

    /** When this thread's last transaction committed; long ago if none has. */
    static long at() {
        return OF_THREAD.get().at;
    }

    /**
     * Whether this thread has applied, since its last commit, as many commands whose writers wait as that commit
     * answered: under a steady load, the writers it answered are back.
     */
    static boolean writersBack() {
        LastCommit last = OF_THREAD.get();
        return last.awaited >= last.answered;
    }
}
