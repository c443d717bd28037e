package dev.gatehouse.launcher.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.http.HttpClient;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The load generator's threads and the CPU they used. The bench runs its clients in the stack's JVM, so
 * a phase's process CPU holds both; {@link Cpu} subtracts what these threads used to leave the stack's.
 * A thread counts from the moment it is tracked; a thread made by {@link #factory} adds its CPU to the
 * total as it ends, so a pool that lets its threads go loses none of it.
 */
public final class LoadThreads {
    /** The bench's load threads: its request threads, its HTTP clients' threads, its seed producer. */
    public static final LoadThreads BENCH = new LoadThreads();

    private static final String SELECTOR_SUFFIX = "-SelectorManager";

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    /** Tracked live threads: thread id to its CPU nanoseconds when tracking began and when last read. */
    private final Map<Long, long[]> live = new HashMap<>();
    private final AtomicInteger created = new AtomicInteger();
    private long ended;

    /** A registry of its own; the bench uses {@link #BENCH}. */
    public LoadThreads() {
        if (threads.isThreadCpuTimeSupported() && !threads.isThreadCpuTimeEnabled()) {
            threads.setThreadCpuTimeEnabled(true);
        }
    }

    /** Whether this JVM measures per-thread CPU; without it, nothing is subtracted. */
    public boolean supported() {
        return threads.isThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled();
    }

    /** Daemon threads named {@code prefix-N}, tracked from their start to their end. */
    public ThreadFactory factory(String prefix) {
        return task -> {
            Thread thread = new Thread(() -> {
                track(Thread.currentThread());
                try {
                    task.run();
                } finally {
                    untrack(Thread.currentThread());
                }
            }, prefix + "-" + created.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Builds an HTTP client whose threads are tracked: its executor's (from {@link #factory}) and its
     * selector thread, which the JDK starts and names itself ({@code HttpClient-N-SelectorManager}) and
     * which is told from others' by appearing while this client is built. Should another part of the
     * JVM build an HTTP client at that moment, neither selector is tracked: the stack is then charged a
     * little too much rather than too little.
     */
    public HttpClient httpClient(HttpClient.Builder builder, String prefix) {
        builder.executor(Executors.newCachedThreadPool(factory(prefix)));
        synchronized (LoadThreads.class) {
            Set<Thread> before = selectors();
            HttpClient client = builder.build();
            Set<Thread> appeared = selectors();
            appeared.removeAll(before);
            if (appeared.size() == 1) {
                track(appeared.iterator().next());
            }
            return client;
        }
    }

    private static Set<Thread> selectors() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().endsWith(SELECTOR_SUFFIX))
                .collect(Collectors.toSet());
    }

    /**
     * Tracks the live thread named {@code name} (one a library starts and names, e.g. a Kafka producer's
     * network thread) and returns it; empty when there is none.
     */
    public Optional<Thread> trackNamed(String name) {
        Optional<Thread> thread = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst();
        thread.ifPresent(this::track);
        return thread;
    }

    /** Counts {@code thread}'s CPU from now on (a thread this bench drives load on, e.g. a producer's). */
    public void track(Thread thread) {
        long now = cpu(thread.getId());
        if (now >= 0) {
            synchronized (this) {
                live.putIfAbsent(thread.getId(), new long[] {now, now});
            }
        }
    }

    /** Stops counting {@code thread}, keeping what it used while tracked; call it while the thread is alive. */
    public void untrack(Thread thread) {
        long now = cpu(thread.getId());
        synchronized (this) {
            long[] since = live.remove(thread.getId());
            if (since != null) {
                ended += (now >= 0 ? now : since[1]) - since[0];
            }
        }
    }

    /**
     * CPU nanoseconds the tracked threads used while tracked, ended ones included. A thread found ended
     * without having been untracked (a selector thread ends when its HTTP client is collected) keeps what
     * it had used when last read, so the total never goes back.
     */
    public synchronized long cpuNanos() {
        long sum = ended;
        for (Iterator<Map.Entry<Long, long[]>> it = live.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, long[]> thread = it.next();
            long[] times = thread.getValue();
            long now = cpu(thread.getKey());
            if (now >= 0) {
                times[1] = now;
                sum += now - times[0];
            } else {
                ended += times[1] - times[0];
                sum += times[1] - times[0];
                it.remove();
            }
        }
        return sum;
    }

    /** The ids of the tracked live threads. */
    synchronized Set<Long> tracked() {
        return Set.copyOf(live.keySet());
    }

    private long cpu(long threadId) {
        return supported() ? threads.getThreadCpuTime(threadId) : -1;
    }
}
