package dev.gatehouse.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testkit.FreePorts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM on the packaged jar ({@code ProcessHandle.destroy()}): requests already accepted complete with
 * 2xx, new connections are refused, Streams closes cleanly and the process exits 0.
 *
 * <p>"In flight" is made certain rather than timed: each request's body is held half-sent until the
 * process has logged that its HTTP server is stopping, so the API is handling the request (reading
 * its body) when the shutdown begins.
 */
class GracefulShutdownIT {
    private static final Duration START = Duration.ofSeconds(120);
    private static final int IN_FLIGHT = 3;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Process> processes = new ArrayList<>();
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final int httpPort = FreePorts.next();

    @TempDir
    Path dataDir;

    @AfterEach
    void stop() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void sigtermFinishesInFlightRequestsClosesStreamsAndExitsZero() throws Exception {
        Process process = up();
        String token = value("Secret Token: ");
        String users = value("Tenant URL: ") + "/Users";

        CountDownLatch release = new CountDownLatch(1);
        List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
        for (int i = 0; i < IN_FLIGHT; i++) {
            String body = "{\"userName\":\"inflight" + i + "@example.com\",\"active\":true}";
            inFlight.add(http.sendAsync(HttpRequest.newBuilder(URI.create(users))
                    .timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/scim+json")
                    .header("X-Request-Id", "held-" + i)
                    .POST(new HeldBody(body.getBytes(StandardCharsets.UTF_8), release)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        // The API logs each request (DEBUG) once its headers are in, before it reads the body.
        for (int i = 0; i < IN_FLIGHT; i++) {
            String id = "\"requestId\":\"held-" + i + "\"";
            await("request held-" + i + " at the API", () -> lines.stream().anyMatch(l -> l.contains(id)));
        }

        // SIGTERM. Not Process.destroy(): it also closes our end of the process's output, so its
        // shutdown log would be lost.
        assertThat(process.toHandle().destroy()).isTrue();
        await("the HTTP server stopping", () -> lines.stream().anyMatch(l -> l.contains("HTTP server stopping")));
        release.countDown();

        for (CompletableFuture<HttpResponse<String>> request : inFlight) {
            HttpResponse<String> response = request.get(60, TimeUnit.SECONDS);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        }
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("exited: %s", lines).isTrue();
        assertThat(process.exitValue()).as(String.join("\n", lines)).isZero();
        assertThat(lines).anyMatch(l -> l.contains("HTTP server stopped"))
                .anyMatch(l -> l.contains("Kafka Streams closed cleanly"))
                .anyMatch(l -> l.contains("access-sync stopped"));
        assertThat(lines).noneMatch(l -> l.contains("\"level\":\"ERROR\""));
        try {
            HttpResponse<String> late = http.send(HttpRequest.newBuilder(URI.create(users))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            throw new AssertionError("a request after shutdown was answered " + late.statusCode());
        } catch (IOException expected) {
            // nothing listens any more
        }
    }

    /** A request body that sends its first half, then waits for {@code release} before the rest. */
    private static final class HeldBody implements HttpRequest.BodyPublisher {
        private final byte[] bytes;
        private final CountDownLatch release;

        HeldBody(byte[] bytes, CountDownLatch release) {
            this.bytes = bytes;
            this.release = release;
        }

        @Override
        public long contentLength() {
            return bytes.length;
        }

        @Override
        public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
            subscriber.onSubscribe(new Flow.Subscription() {
                private int sent;

                @Override
                public synchronized void request(long n) {
                    if (sent == 0) {
                        sent = 1;
                        subscriber.onNext(ByteBuffer.wrap(bytes, 0, bytes.length / 2));
                    } else if (sent == 1) {
                        sent = 2;
                        Thread rest = new Thread(() -> {
                            try {
                                release.await();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            subscriber.onNext(ByteBuffer.wrap(bytes, bytes.length / 2, bytes.length - bytes.length / 2));
                            subscriber.onComplete();
                        });
                        rest.setDaemon(true);
                        rest.start();
                    }
                }

                @Override
                public void cancel() {
                    release.countDown();
                }
            });
        }
    }

    private Process up() throws IOException, InterruptedException {
        List<String> command = List.of(javaBin(), "-Xmx768m", "-jar",
                Path.of("target", "gatehouse.jar").toAbsolutePath().toString(),
                "up", "--demo", "--data-dir", dataDir.toString(), "--port", Integer.toString(httpPort));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("GATEHOUSE_ADMIN_KEY");
        String processorPort = Integer.toString(FreePorts.next());
        String simulatorPort = Integer.toString(FreePorts.next());
        builder.environment().putAll(Map.of(
                "GATEHOUSE_PROCESSOR_PORT", processorPort,
                "GATEHOUSE_PROCESSOR_URL", "http://127.0.0.1:" + processorPort,
                "GATEHOUSE_SIMULATOR_PORT", simulatorPort,
                "GATEHOUSE_WEBHOOK_URL", "http://127.0.0.1:" + simulatorPort + "/webhook",
                "GATEHOUSE_KAFKA_PORT", Integer.toString(FreePorts.next()),
                "GATEHOUSE_KAFKA_CONTROLLER_PORT", Integer.toString(FreePorts.next()),
                "GATEHOUSE_LOG_FORMAT", "json",
                "GATEHOUSE_LOG_LEVEL", "debug"));
        Process process = builder.start();
        processes.add(process);
        BlockingQueue<String> started = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                    if (line.startsWith("Press Ctrl-C")) {
                        started.add(line);
                    }
                }
            } catch (IOException ignored) {
                // the process was killed
            }
        });
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + START.toNanos();
        while (started.poll(1, TimeUnit.SECONDS) == null) {
            assertThat(process.isAlive()).as("gatehouse up exited early: %s", lines).isTrue();
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gatehouse up did not start within " + START + ": " + lines);
            }
        }
        return process;
    }

    private String value(String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()))
                .findFirst().orElseThrow(() -> new AssertionError("no line '" + prefix + "' in " + lines));
    }

    private void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no sign of " + what + ": " + lines);
            }
            Thread.sleep(50);
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

}
