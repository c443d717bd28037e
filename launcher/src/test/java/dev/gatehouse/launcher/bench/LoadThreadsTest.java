package dev.gatehouse.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.http.HttpClient;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoadThreadsTest {
    private static final long BURN_NANOS = 20_000_000;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final LoadThreads load = new LoadThreads();

    @BeforeEach
    void perThreadCpuIsMeasured() {
        Assumptions.assumeTrue(load.supported(), "this JVM measures no per-thread CPU");
    }

    @Test
    void aThreadOfTheFactoryKeepsItsCpuAfterItEnds() throws Exception {
        assertThat(load.cpuNanos()).isZero();

        Thread thread = load.factory("test-load").newThread(LoadThreadsTest::burn);
        thread.start();
        thread.join();

        assertThat(thread.getName()).startsWith("test-load-");
        assertThat(thread.isDaemon()).isTrue();
        assertThat(load.tracked()).isEmpty();
        assertThat(load.cpuNanos()).isGreaterThanOrEqualTo(BURN_NANOS);
    }

    @Test
    void aThreadCountsOnlyWhileTracked() {
        Thread self = Thread.currentThread();
        burn(); // before tracking: not counted
        load.track(self);
        long tracked = THREADS.getCurrentThreadCpuTime();
        burn();
        load.untrack(self);
        long counted = load.cpuNanos();
        burn(); // after: not counted either

        assertThat(counted).isGreaterThanOrEqualTo(BURN_NANOS)
                .isLessThanOrEqualTo(THREADS.getCurrentThreadCpuTime() - tracked);
        assertThat(load.cpuNanos()).isEqualTo(counted);
    }

    @Test
    void aTrackedThreadThatEndsUntrackedKeepsWhatItHadUsedWhenLastRead() throws Exception {
        CountDownLatch burnt = new CountDownLatch(1);
        CountDownLatch end = new CountDownLatch(1);
        Thread thread = new Thread(() -> {
            burn();
            burnt.countDown();
            try {
                end.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "test-foreign");
        thread.start();
        load.track(thread);
        burnt.await();
        long whileAlive = load.cpuNanos();
        end.countDown();
        thread.join();

        assertThat(whileAlive).isPositive();
        assertThat(load.cpuNanos()).isEqualTo(whileAlive);
        assertThat(load.tracked()).isEmpty();
    }

    @Test
    void anHttpClientsExecutorAndSelectorThreadsAreTracked() {
        HttpClient client = load.httpClient(HttpClient.newBuilder(), "test-http");

        Set<String> names = Thread.getAllStackTraces().keySet().stream().filter(t -> load.tracked().contains(t.getId()))
                .map(Thread::getName).collect(Collectors.toSet());
        assertThat(names).anyMatch(name -> name.startsWith("HttpClient-") && name.endsWith("-SelectorManager"));
        assertThat(client.executor()).isPresent();
    }

    /** Spins until this thread has used {@link #BURN_NANOS} more of CPU: CPU used, not time waited. */
    private static void burn() {
        long until = THREADS.getCurrentThreadCpuTime() + BURN_NANOS;
        long x = 0;
        while (THREADS.getCurrentThreadCpuTime() < until) {
            x += System.nanoTime() % 7;
        }
        if (x == -1) {
            throw new AssertionError("unreachable; keeps the loop from being optimized away");
        }
    }
}
