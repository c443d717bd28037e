package dev.gatehouse.launcher.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * CPU of the JIT compiler's threads, read from {@code /proc/self/task} (Linux). The JVM hides these
 * threads from {@code ThreadMXBean}, and {@code CompilationMXBean}'s compile time is elapsed time, far
 * above their CPU on a busy machine. The kernel counts in clock ticks of 10 ms ({@code USER_HZ} 100).
 * HotSpot starts and ends compiler threads as the queue grows and shrinks; one that ended keeps the
 * CPU it had when last read, so the total never goes back.
 */
final class CompilerThreads {
    private static final Path TASKS = Path.of("/proc/self/task");
    private static final long NANOS_PER_TICK = 10_000_000L;

    /** Thread ids seen, to whether each is a compiler thread (a thread's name is looked up once). */
    private final Map<String, Boolean> compiler = new HashMap<>();
    /** Live compiler threads' ticks when last read. */
    private final Map<String, Long> live = new HashMap<>();
    private long ended;

    /** Whether this system has {@code /proc/self/task}. */
    static boolean supported() {
        return Files.isDirectory(TASKS);
    }

    /** The compiler threads' CPU in nanoseconds since the JVM started; -1 where it cannot be read. */
    synchronized long nanos() {
        if (!supported()) {
            return -1;
        }
        Map<String, Long> now = new HashMap<>();
        Set<String> present = new HashSet<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                String tid = task.getFileName().toString();
                present.add(tid);
                try {
                    if (compiler.computeIfAbsent(tid, t -> isCompiler(task))) {
                        now.put(tid, ticks(Files.readString(task.resolve("stat"))));
                    }
                } catch (IOException | UncheckedIOException e) {
                    // the thread ended while being read: update() counts it as ended
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        compiler.keySet().retainAll(present); // thread ids are reused: forget those gone
        return update(now) * NANOS_PER_TICK;
    }

    private static boolean isCompiler(Path task) {
        try {
            String name = Files.readString(task.resolve("comm")).trim();
            // HotSpot's "C1 CompilerThread0", "C2 CompilerThread1": a name is cut to 15 characters
            return name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The total ticks given the live compiler threads' ticks {@code now}: theirs, plus what every
     * thread no longer among them had when last read.
     */
    long update(Map<String, Long> now) {
        for (Iterator<Map.Entry<String, Long>> it = live.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Long> thread = it.next();
            if (!now.containsKey(thread.getKey())) {
                ended += thread.getValue();
                it.remove();
            }
        }
        live.putAll(now);
        return ended + now.values().stream().mapToLong(Long::longValue).sum();
    }

    /** User plus system ticks of a {@code /proc/<pid>/task/<tid>/stat} line (fields 14 and 15). */
    static long ticks(String stat) {
        // the name (field 2) is in parentheses and may hold spaces: count fields after the last ')'
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
