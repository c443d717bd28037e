package dev.gatehouse.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testkit.TestHttp;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SIGTERM on the packaged jar ({@code ProcessHandle.destroy()}): requests already accepted complete with
 * 2xx, new connections are refused, Streams closes cleanly and the process exits 0.
 *
 * <p>"In flight" is made certain rather than timed: each request's body is held half-sent until the
 * process has logged that its HTTP server is stopping, so the API is handling the request (reading
 * its body) when the shutdown begins.
 */
class GracefulShutdownIT {
    private static final int IN_FLIGHT = 3;
    /** Sends the held requests, whose bodies {@link TestHttp} cannot hold back. */
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    @RegisterExtension
    final UpProcess.Launcher launcher = new UpProcess.Launcher();
    private List<String> lines;

    @Test
    void sigtermFinishesInFlightRequestsClosesStreamsAndExitsZero() throws Exception {
        UpProcess up = launcher.start(true, Map.of("GATEHOUSE_LOG_FORMAT", "json", "GATEHOUSE_LOG_LEVEL", "debug"));
        Process process = up.process();
        lines = up.lines();
        String token = up.value("Secret Token: ");
        String users = up.value("Tenant URL: ") + "/Users";

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
            HttpResponse<String> late = TestHttp.get(users, TestHttp.bearer(token));
            throw new AssertionError("a request after shutdown was answered " + late.statusCode());
        } catch (UncheckedIOException expected) {
            assertThat(expected.getCause()).as("nothing listens any more").isInstanceOf(ConnectException.class);
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

    private void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no sign of " + what + ": " + lines);
            }
            Thread.sleep(50);
        }
    }
}
