package dev.gatehouse.launcher.bench;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The stack's CPU by {@link Component}, thread by thread, for the bench's CPU table. Java threads are
 * read through {@code ThreadMXBean} (CPU and full name, with no safepoint), the bench's own load threads
 * ({@link LoadThreads}) left out, as {@link Cpu} leaves them out of the stack's CPU; the threads the JVM
 * hides from JMX and RocksDB's native threads through {@code /proc/self/task/<tid>/stat} and {@code comm}
 * (Linux; in clock ticks of 10 ms, {@code USER_HZ} 100). Where there is no {@code /proc}, nothing is
 * read ({@link #nanos()} is empty), as the JIT's share never could be.
 *
 * <p>Each reading adds what every thread used since the previous one to the component the thread
 * works for then, so a thread that ends keeps what it had used when last read (what it used after that
 * is left to {@link Component#OTHER}; {@link #readEvery} keeps that short), and a load thread that stops
 * being one (the bench's own thread running the rebuild) counts from then on only.
 */
public final class StackThreads {
    private static final Path TASKS = Path.of("/proc/self/task");
    private static final long NANOS_PER_TICK = 10_000_000L;

    private final ThreadNames names = new ThreadNames();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final LoadThreads load;
    /** Live Java threads' ids to their names: a thread's name is looked up once. */
    private final Map<Long, String> javaNames = new HashMap<>();
    /** Live {@code /proc} tasks' ids to their component, empty for a task read through JMX or left to other. */
    private final Map<String, Optional<Component>> tasks = new HashMap<>();
    private final Growth<Long> javaGrowth = new Growth<>();
    private final Growth<String> taskGrowth = new Growth<>();
    private final Map<Component, Long> totals = new EnumMap<>(Component.class);

    /** Reads the stack's threads, leaving out {@code load}'s. */
    public StackThreads(LoadThreads load) {
        this.load = load;
    }

    /** Whether this system has {@code /proc/self/task} and this JVM measures per-thread CPU. */
    public boolean supported() {
        return Files.isDirectory(TASKS) && load.supported();
    }

    /** The name rules, to which the stack adds what its configuration names ({@link ThreadNames#prefix}). */
    public ThreadNames names() {
        return names;
    }

    /**
     * Runs {@code start}, a service's start, and learns the threads that appeared meanwhile as
     * {@code component}'s ({@link ThreadNames#learn}); returns what {@code start} returned.
     */
    public <T> T during(Component component, Supplier<T> start) {
        Set<Long> before = ids();
        T started = start.get();
        List<Long> appeared = new ArrayList<>(ids());
        appeared.removeAll(before);
        names.learn(component, Arrays.stream(threads.getThreadInfo(appeared.stream().mapToLong(Long::longValue).toArray(), 0))
                .filter(info -> info != null).map(ThreadInfo::getThreadName).toList());
        return started;
    }

    /**
     * Reads every thread each {@code every} until closed, on a daemon thread of the load ({@link
     * LoadThreads#factory}: its own CPU is not the stack's). Without it the threads are read only when the
     * bench samples, at a phase's start and while it waits for quiet, and a thread that starts and ends
     * within a phase (a rebuild's stream threads, gone before its window closes) would leave all it used
     * to {@link Component#OTHER}; with it, only what it used after its last reading.
     */
    public Closeable readEvery(Duration every) {
        ScheduledExecutorService reader = Executors.newSingleThreadScheduledExecutor(load.factory("bench-thread-reader"));
        reader.scheduleWithFixedDelay(this::nanos, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return reader::shutdownNow;
    }

    /** What the last reading found, as {@link #nanos()} returns it, without reading again. */
    synchronized Map<Component, Long> lastRead() {
        return Map.copyOf(totals);
    }

    /**
     * CPU nanoseconds each component's threads used since the first reading (so only differences between
     * two readings mean anything); empty where unsupported or unreadable. {@link Component#OTHER} is not
     * among them: it is what the stack used beyond them ({@link Cpu.Usage#msPerOp}).
     */
    public synchronized Map<Component, Long> nanos() {
        if (!supported()) {
            return Map.of();
        }
        try {
            readJavaThreads();
            readNativeThreads();
        } catch (IOException | UncheckedIOException e) {
            return Map.of();
        }
        return Map.copyOf(totals);
    }

    private void readJavaThreads() {
        Set<Long> tracked = load.tracked();
        long[] ids = threads.getAllThreadIds();
        long[] unnamed = Arrays.stream(ids).filter(id -> !javaNames.containsKey(id)).toArray();
        for (ThreadInfo info : threads.getThreadInfo(unnamed, 0)) {
            if (info != null) {
                javaNames.put(info.getThreadId(), info.getThreadName());
            }
        }
        Set<Long> present = new HashSet<>();
        for (long id : ids) {
            long cpu = threads.getThreadCpuTime(id);
            String name = javaNames.get(id);
            if (cpu < 0 || name == null) {
                continue; // ended while being read
            }
            present.add(id);
            long used = javaGrowth.since(id, cpu);
            Component component = tracked.contains(id) ? Component.OTHER : names.classify(name);
            if (component != Component.OTHER) {
                totals.merge(component, used, Long::sum);
            }
        }
        javaGrowth.retain(present);
        javaNames.keySet().retainAll(present);
    }

    private void readNativeThreads() throws IOException {
        Set<String> present = new HashSet<>();
        try (DirectoryStream<Path> all = Files.newDirectoryStream(TASKS)) {
            for (Path task : all) {
                String tid = task.getFileName().toString();
                try {
                    Optional<Component> component = tasks.computeIfAbsent(tid,
                            t -> Optional.ofNullable(ThreadNames.nativeThread(read(task.resolve("comm")).trim())));
                    if (component.isPresent()) {
                        long used = taskGrowth.since(tid, ticks(read(task.resolve("stat"))) * NANOS_PER_TICK);
                        totals.merge(component.get(), used, Long::sum);
                    }
                    present.add(tid);
                } catch (UncheckedIOException e) {
                    // the thread ended while being read: it keeps what it had when last read
                }
            }
        }
        tasks.keySet().retainAll(present); // task ids are reused: forget those gone
        taskGrowth.retain(present);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** User plus system ticks of a {@code /proc/<pid>/task/<tid>/stat} line (fields 14 and 15). */
    static long ticks(String stat) {
        // the name (field 2) is in parentheses and may hold spaces: count fields after the last ')'
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private Set<Long> ids() {
        Set<Long> ids = new HashSet<>();
        for (long id : threads.getAllThreadIds()) {
            ids.add(id);
        }
        return ids;
    }

    /**
     * How much each thread's CPU counter grew since it was last read: all of it when first read, since a
     * thread not seen at the previous reading started after it; never less than zero.
     */
    static final class Growth<K> {
        private final Map<K, Long> last = new HashMap<>();

        long since(K thread, long now) {
            Long before = last.put(thread, now);
            return before == null ? now : Math.max(0, now - before);
        }

        /** Forgets the threads not among {@code present}: they ended. */
        void retain(Set<K> present) {
            last.keySet().retainAll(present);
        }
    }
}
