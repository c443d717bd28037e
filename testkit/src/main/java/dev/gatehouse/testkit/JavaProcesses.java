package dev.gatehouse.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;

/**
 * The child JVMs of a test that {@code kill -9}s them (Kafka nodes, Gatehouse services), one per key.
 * Each runs with a small footprint ({@code -Xmx256m}, SerialGC, C1 only: ~210 MB, see
 * docs/architecture.md, "Process footprint"), inherits no {@code GATEHOUSE_*} setting, and appends
 * its output to a file of its own, after a line
 * {@code ==== start <time>} per start, so a restarted process's output follows the previous one's.
 * {@link #kill} is a real SIGKILL; {@link #close()} kills every process (the last key first), and a
 * shutdown hook does the same should the test JVM be stopped first: no JVM outlives the test.
 */
public final class JavaProcesses<K extends Comparable<K>> implements AutoCloseable {
    private static final String START_MARK = "==== start";

    private final Function<K, String> name;
    // Concurrent: the shutdown hook reads them without waiting for a start in progress.
    private final ConcurrentSkipListMap<K, Process> processes = new ConcurrentSkipListMap<>();
    private final Map<K, Path> outputs = new ConcurrentHashMap<>();
    private final Thread reaper;

    /** {@code name}: how messages name a process, e.g. {@code id -> "node " + id}. */
    public JavaProcesses(String what, Function<K, String> name) {
        this.name = name;
        this.reaper = new Thread(this::killAll, what + "-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /**
     * Starts {@code java <flags> <arguments>} for {@code key} with {@code environment} added, its output
     * (standard error too) appended to {@code output}; returns at once.
     */
    public synchronized void start(K key, List<String> arguments, Map<String, String> environment, Path output) {
        try {
            Files.writeString(output, START_MARK + " " + Instant.now() + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            List<String> command = new ArrayList<>(List.of(javaBin(), "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
            command.addAll(arguments);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
            // The jar's own logging set-up reads these; a process must not inherit another's settings.
            builder.environment().keySet().removeIf(k -> k.startsWith("GATEHOUSE_"));
            builder.environment().putAll(environment);
            outputs.put(key, output);
            processes.put(key, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name.apply(key), e);
        }
    }

    /**
     * Waits until {@code ready} holds, asking every {@code pollMillis}; fails when the process exits
     * first or after {@code timeout} ("… not {@code state} within …"), naming its output file.
     */
    public void awaitReady(K key, Duration timeout, long pollMillis, String state, BooleanSupplier ready) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!isRunning(key)) {
                throw new IllegalStateException(name.apply(key) + " exited during start-up; see " + outputs.get(key));
            }
            if (ready.getAsBoolean()) {
                return;
            }
            sleep(pollMillis);
        }
        throw new IllegalStateException(name.apply(key) + " not " + state + " within " + timeout + "; see " + outputs.get(key));
    }

    /** {@code kill -9}: SIGKILL, no shutdown hook runs, nothing is flushed or closed. */
    public synchronized void kill(K key) {
        Process p = processes.get(key);
        if (p == null) {
            return;
        }
        p.destroyForcibly();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name.apply(key) + " did not die after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isRunning(K key) {
        Process p = processes.get(key);
        return p != null && p.isAlive();
    }

    /** The process's id, to show that a recovery needed no restart. */
    public long pid(K key) {
        return processes.get(key).pid();
    }

    /** What {@code output} holds since the latest start; empty when it cannot be read. */
    public static String sinceLastStart(Path output) {
        try {
            String text = Files.readString(output, StandardCharsets.UTF_8);
            return text.substring(Math.max(0, text.lastIndexOf(START_MARK)));
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Whether a Kafka broker listening on {@code port} answers through {@code bootstrapServers} with
     * brokers as {@code wanted}. Kafka is asked only once the port is open: an admin client on a closed
     * port logs a warning a poll.
     */
    public static boolean kafkaAnswers(int port, String bootstrapServers, Predicate<Collection<Node>> wanted) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
        } catch (IOException e) {
            return false;
        }
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_000);
        try (Admin admin = Admin.create(props)) {
            return wanted.test(admin.describeCluster().nodes().get(3, TimeUnit.SECONDS));
        } catch (Exception e) {
            return false;
        }
    }

    /** Sleeps; an interrupt ends the test's wait with an exception, the interrupt kept. */
    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private void killAll() {
        for (Process p : processes.descendingMap().values()) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : processes.values()) {
            try {
                p.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs anyway
        }
    }
}
