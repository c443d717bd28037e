package dev.gatehouse.api;

import static dev.gatehouse.testkit.Gatehouse.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.launcher.TestStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One client's malformed framing must not reach another client's connection. A request whose body runs
 * past its {@code Content-Length} leaves bytes that Jetty then reads as a next request and refuses; with
 * Jetty's pooled buffers (12.1.12 and 12.1.14) that path let a buffer be used again while still in use,
 * and other clients' kept-alive connections then got the answer to their previous request, or a 400 or
 * a close that was not theirs. The hostile suite found it; this is the attack alone, at full rate.
 *
 * <p>It is a race: against the pooled connector, half of the 20-second runs of this test hit it. The
 * connector's configuration itself is held by {@code ApiConnectorTest}, every run.
 */
class ConnectionIsolationIT {
    @RegisterExtension
    static final TestStack stack = TestStack.perClass();

    private static final int CLIENTS = 12;
    private static final int ATTACKERS = 4;
    /** A create the API refuses (400) once it has read the whole body, correctly framed. */
    private static final String UNFINISHED = "{\"name\":";
    private static final long RUN_NANOS = 30_000_000_000L;

    @Test
    void bodiesLongerThanTheirContentLengthNeverMixUpAnotherConnectionsAnswers() throws InterruptedException {
        Queue<String> wrong = new ConcurrentLinkedQueue<>();
        AtomicLong exchanges = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        long until = System.nanoTime() + RUN_NANOS;
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            threads.add(new Thread(() -> keepAlive(client, until, exchanges, wrong), "isolation-client-" + c));
        }
        for (int a = 0; a < ATTACKERS; a++) {
            threads.add(new Thread(() -> overrun(until, refused, wrong), "isolation-attacker-" + a));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }

        System.out.printf("connection isolation: %d kept-alive exchanges on %d connections, %d overrunning requests refused%n",
                exchanges.get(), CLIENTS, refused.get());
        assertThat(wrong).as("answers that were not to the request sent (of %d exchanges)", exchanges.get()).isEmpty();
        // Not vacuous: both sides ran at full tilt.
        assertThat(exchanges.get()).as("kept-alive exchanges").isGreaterThan(5_000);
        assertThat(refused.get()).as("overrunning requests refused").isGreaterThan(500);
    }

    /** Requests on one kept-alive connection, each with its own request id, which the answer must echo. */
    private static void keepAlive(int client, long until, AtomicLong exchanges, Queue<String> wrong) {
        String host = URI.create(stack.base()).getHost();
        try (RawConnection connection = new RawConnection(stack.base())) {
            for (int n = 0; System.nanoTime() < until; n++) {
                String id = "isolation-" + client + "-" + n;
                RawConnection.Response r = connection.sendRaw("POST /admin/v1/tenants HTTP/1.1\r\nHost: " + host
                        + "\r\nAuthorization: Bearer " + ADMIN_KEY + "\r\nX-Request-Id: " + id
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + UNFINISHED.length() + "\r\n\r\n" + UNFINISHED);
                exchanges.incrementAndGet();
                if (r.status() != 400 || !id.equals(r.header("X-Request-Id"))) {
                    wrong.add("sent " + id + ", got " + r.status() + " for " + r.header("X-Request-Id"));
                    return; // the connection is out of step from here on
                }
            }
        } catch (UncheckedIOException e) {
            wrong.add("client " + client + "'s connection failed: " + e.getCause());
        } catch (RuntimeException e) {
            wrong.add("client " + client + " read an answer it could not parse: " + e); // e.g. a foreign status line
        }
    }

    /** New connections, each a create whose body is longer than its Content-Length says. */
    private static void overrun(long until, AtomicLong refused, Queue<String> wrong) {
        URI uri = URI.create(stack.base());
        byte[] body = ("{\"name\":\"" + "x".repeat(200) + "\"}").getBytes(StandardCharsets.UTF_8);
        while (System.nanoTime() < until) {
            int declared = 1 + ThreadLocalRandom.current().nextInt(body.length - 2); // cuts the JSON short
            String head = "POST /admin/v1/tenants HTTP/1.1\r\nHost: " + uri.getHost() + "\r\nAuthorization: Bearer " + ADMIN_KEY
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + declared + "\r\n\r\n";
            try (Socket s = new Socket(uri.getHost(), uri.getPort())) {
                s.setSoTimeout(5_000);
                s.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().write(body);
                s.getOutputStream().flush();
                String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                if (answer.startsWith("HTTP/1.1 400 ")) {
                    refused.incrementAndGet();
                } else if (!answer.isEmpty()) {
                    wrong.add("an overrunning create was answered " + answer.lines().findFirst().orElse(""));
                }
            } catch (IOException e) {
                // a reset after the refusal: the leftover bytes were not read, as expected
            }
        }
    }
}
