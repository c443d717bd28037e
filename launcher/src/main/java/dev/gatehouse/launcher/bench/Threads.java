package dev.gatehouse.launcher.bench;

/** Ending the bench's own threads when it is told to stop. */
final class Threads {
    private Threads() {
    }

    /**
     * Waits up to {@code millis} for each of {@code threads} to end. Interrupted meanwhile, it stops
     * waiting and keeps the interrupt for the caller, which closes what it holds all the same.
     */
    static void join(long millis, Thread... threads) {
        try {
            for (Thread thread : threads) {
                thread.join(millis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
