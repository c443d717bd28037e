package dev.gatehouse.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.Closeable;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StackThreadsTest {
    @Test
    void ticksAreUserPlusSystemTimeAfterANameWithSpaces() {
        String stat = "4242 (C2 CompilerThre) S 4200 4200 1 0 -1 1077952576 5531 0 0 0 1234 56 0 0 20 0 30 0 9153 "
                + "6351937536 150000 18446744073709551615 1 1 0 0 0 0 4 0 0 0 0 0 -1 1 0 0 0 0 0";

        assertThat(StackThreads.ticks(stat)).isEqualTo(1_290);
    }

    @Test
    void aThreadAddsWhatItUsedSinceItWasLastReadAndAllOfItWhenNew() {
        StackThreads.Growth<String> growth = new StackThreads.Growth<>();

        assertThat(growth.since("10", 100)).isEqualTo(100);
        assertThat(growth.since("10", 130)).isEqualTo(30);
        assertThat(growth.since("10", 130)).isZero();
        growth.retain(Set.of()); // it ended; a new thread with its id starts from nothing
        assertThat(growth.since("10", 5)).isEqualTo(5);
        assertThat(growth.since("10", 4)).isZero(); // never back
    }

    @Test
    void readsThisJvmsThreadsByComponentWhereThereIsProc() {
        StackThreads threads = new StackThreads(new LoadThreads());

        Map<Component, Long> first = threads.nanos();
        Map<Component, Long> second = threads.nanos();

        if (threads.supported()) {
            // this test's own thread is "main" or a worker: other; a JVM this busy has compiled something
            assertThat(first.get(Component.JIT)).isPositive();
            assertThat(second.get(Component.JIT)).isGreaterThanOrEqualTo(first.get(Component.JIT));
        } else {
            assertThat(first).isEmpty();
        }
    }

    @Test
    void aServicesStartTeachesTheNamesOfTheThreadsItStarted() throws Exception {
        StackThreads threads = new StackThreads(new LoadThreads());
        Thread started = threads.during(Component.SYNC, () -> {
            Thread thread = new Thread(StackThreadsTest::sleep, "HttpClient-9999-SelectorManager");
            thread.setDaemon(true);
            thread.start();
            return thread;
        });

        assertThat(threads.names().classify("HttpClient-9999-Worker-0")).isEqualTo(Component.SYNC);
        started.interrupt();
        started.join();
    }

    @Test
    void aThreadThatStartsAndEndsBetweenTheBenchsSamplesIsCountedForItsPartByTheReader() throws Exception {
        StackThreads threads = new StackThreads(new LoadThreads());
        assumeTrue(threads.supported(), "per-thread CPU and /proc");
        threads.names().prefix("rebuild-like-", Component.PROCESSOR);
        long before = threads.nanos().getOrDefault(Component.PROCESSOR, 0L); // the bench's sample at a phase's start
        Closeable reading = threads.readEvery(Duration.ofMillis(10));
        try {
            // Busy until a reading has counted it (the bench itself reads nothing meanwhile), then ends.
            Thread busy = new Thread(() -> {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (threads.lastRead().getOrDefault(Component.PROCESSOR, 0L) == before && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
            }, "rebuild-like-StreamThread-1");
            busy.start();
            busy.join();
        } finally {
            reading.close();
        }

        assertThat(threads.nanos().getOrDefault(Component.PROCESSOR, 0L)).isGreaterThan(before);
    }

    private static void sleep() {
        try {
            Thread.sleep(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
