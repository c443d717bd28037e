package dev.gatehouse.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.kafka.FreePorts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@code gatehouse up} on the packaged jar as a real process, on free ports and without an admin key
 * of the environment (so it generates one), its output (standard error too) collected line by line for
 * as long as it runs. {@link Launcher#start} returns once it printed {@code Press Ctrl-C}.
 */
final class UpProcess {
    private static final Duration START = Duration.ofSeconds(120);

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private UpProcess(Process process) {
        this.process = process;
    }

    /**
     * A test's {@code up} runs ({@code @RegisterExtension}): one data directory, API port and set of
     * other ports for every run of the test, so a second run finds the first one's state; after the
     * test every process is killed and the data directory deleted.
     */
    static final class Launcher implements AfterEachCallback {
        private final List<Process> processes = new ArrayList<>();
        private final int httpPort = FreePorts.next();
        private final Map<String, String> ports = Map.of(
                "GATEHOUSE_PROCESSOR_PORT", Integer.toString(FreePorts.next()),
                "GATEHOUSE_SIMULATOR_PORT", Integer.toString(FreePorts.next()),
                "GATEHOUSE_SYNC_HTTP_PORT", Integer.toString(FreePorts.next()),
                "GATEHOUSE_KAFKA_PORT", Integer.toString(FreePorts.next()),
                "GATEHOUSE_KAFKA_CONTROLLER_PORT", Integer.toString(FreePorts.next()));
        private final Path dataDir;

        Launcher() {
            try {
                dataDir = Files.createTempDirectory("gatehouse-up");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        int httpPort() {
            return httpPort;
        }

        /** A port of {@link #ports}' keys, e.g. {@code GATEHOUSE_SIMULATOR_PORT}. */
        String port(String key) {
            return ports.get(key);
        }

        Path dataDir() {
            return dataDir;
        }

        /** Starts {@code up [--demo]} with {@code settings} added to the ports' and waits until it is up. */
        UpProcess start(boolean demo, Map<String, String> settings) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx768m", "-jar", Path.of("target", "gatehouse.jar").toAbsolutePath().toString(),
                    "up", "--data-dir", dataDir.toString(), "--port", Integer.toString(httpPort)));
            if (demo) {
                command.add("--demo");
            }
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().remove("GATEHOUSE_ADMIN_KEY");
            builder.environment().putAll(ports);
            builder.environment().put("GATEHOUSE_PROCESSOR_URL", "http://127.0.0.1:" + ports.get("GATEHOUSE_PROCESSOR_PORT"));
            builder.environment().put("GATEHOUSE_WEBHOOK_URL",
                    "http://127.0.0.1:" + ports.get("GATEHOUSE_SIMULATOR_PORT") + "/webhook");
            builder.environment().putAll(settings);
            UpProcess up = new UpProcess(builder.start());
            processes.add(up.process);
            up.awaitStarted();
            return up;
        }

        @Override
        public void afterEach(ExtensionContext context) throws Exception {
            for (Process p : processes) {
                p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            try (Stream<Path> paths = Files.walk(dataDir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
    private void awaitStarted() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                    if (line.startsWith("Press Ctrl-C")) {
                        started.countDown();
                    }
                }
            } catch (IOException ignored) {
                // the process was killed
            }
        });
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + START.toNanos();
        while (!started.await(1, TimeUnit.SECONDS)) {
            assertThat(process.isAlive()).as("gatehouse up exited early: %s", lines).isTrue();
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gatehouse up did not start within " + START + ": " + lines);
            }
        }
    }

    Process process() {
        return process;
    }

    /** Every line printed so far. */
    List<String> lines() {
        return lines;
    }

    /** The rest of the first line that starts with {@code prefix}. */
    String value(String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()))
                .findFirst().orElseThrow(() -> new AssertionError("no line '" + prefix + "' in " + lines));
    }
}
