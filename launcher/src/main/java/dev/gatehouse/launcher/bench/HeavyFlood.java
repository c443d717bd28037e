package dev.gatehouse.launcher.bench;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A closed-loop flood of PATCHes from one organization: {@code clients} threads, each sending its next
 * request as soon as the previous one is answered, whatever the answer (a 429 or 503 is not backed off
 * from: the flood is a misbehaving neighbour). Counts every answer by status, and transport failures
 * as {@code timeout} or {@code io}. {@link #stop()} ends it cleanly: no new requests, in-flight ones
 * waited for, then interrupted if they outlast {@link #STOP_WAIT_NANOS}.
 */
final class HeavyFlood implements AutoCloseable {
    /** Longer than the SCIM client's 30 s request timeout, so a stop normally interrupts nothing. */
    private static final long STOP_WAIT_NANOS = 35_000_000_000L;

    /** One PATCH: the resource path and the body. */
    record Patch(String path, String body) {
    }

    /** The {@code n}-th request (from 0) of client {@code client}. */
    @FunctionalInterface
    interface Requests {
        Patch next(int client, long n);
    }

    /** What the flood did: answers by status, how long it ran, answer latencies. */
    record Result(Map<String, Long> statuses, double seconds, long[] latencies, int interrupted) {
        long answers() {
            return statuses.values().stream().mapToLong(Long::longValue).sum();
        }

        String statusSummary() {
            StringBuilder s = new StringBuilder();
            statuses.forEach((status, count) -> s.append(s.length() == 0 ? "" : " ").append(status).append(':').append(count));
            return s.length() == 0 ? "none" : s.toString();
        }
    }

    /** Members each {@link #members} PATCH adds or removes; values each {@link #values} PATCH adds. */
    static final int MEMBERS = 1_000;
    static final int VALUES = 10_000;

    private final ScimClient scim;
    private final Requests requests;
    private final List<Thread> threads = new ArrayList<>();
    private final Map<String, LongAdder> statuses = new ConcurrentHashMap<>();
    private final List<Long> latencies = new ArrayList<>();
    private volatile boolean running = true;
    private long started;
    private Result result;

    private HeavyFlood(ScimClient scim, Requests requests) {
        this.scim = scim;
        this.requests = requests;
    }

    /** Each client its own group; even requests add the same 1,000 {@code members}, odd ones remove them. */
    static Requests members(List<String> groups, List<String> members) {
        StringBuilder values = new StringBuilder();
        for (String id : members) {
            values.append(values.length() == 0 ? "" : ",").append("{\"value\":\"").append(id).append("\"}");
        }
        // Built once: the flood runs in the stack's JVM and must not spend its CPU on JSON.
        String add = ScimClient.patch("[{\"op\":\"Add\",\"path\":\"members\",\"value\":[" + values + "]}]");
        String remove = ScimClient.patch("[{\"op\":\"Remove\",\"path\":\"members\",\"value\":[" + values + "]}]");
        return (client, n) -> new Patch("/Groups/" + groups.get(client), n % 2 == 0 ? add : remove);
    }

    /**
     * Each client its own user; even requests add 10,000 distinct {@code emails}, odd ones remove the
     * attribute, so a user never holds more than 10,000 (the defect report's "PATCH adding 10,000 values").
     */
    static Requests values(List<String> holders) {
        return values(holders, VALUES);
    }

    /** As {@link #values(List)}, with {@code count} values a PATCH: the size budget's largest is one shape. */
    static Requests values(List<String> holders, int count) {
        StringBuilder values = new StringBuilder();
        for (int v = 0; v < count; v++) {
            values.append(v == 0 ? "" : ",").append("{\"type\":\"other\",\"value\":\"v").append(v).append("@values.test\"}");
        }
        String add = ScimClient.patch("[{\"op\":\"Add\",\"path\":\"emails\",\"value\":[" + values + "]}]");
        String remove = ScimClient.patch("[{\"op\":\"Remove\",\"path\":\"emails\"}]");
        return (client, n) -> new Patch("/Users/" + holders.get(client), n % 2 == 0 ? add : remove);
    }

    static HeavyFlood start(ScimClient scim, int clients, Requests requests) {
        HeavyFlood flood = new HeavyFlood(scim, requests);
        flood.started = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            int client = c;
            Thread thread = LoadThreads.BENCH.factory("noisy-flood").newThread(() -> flood.loop(client));
            flood.threads.add(thread);
            thread.start();
        }
        return flood;
    }

    private void loop(int client) {
        for (long n = 0; running; n++) {
            Patch patch = requests.next(client, n);
            long t0 = System.nanoTime();
            String status;
            try {
                status = Integer.toString(scim.send("PATCH", patch.path(), patch.body()).status());
            } catch (HttpTimeoutException e) {
                status = "timeout";
            } catch (IOException e) {
                status = "io";
            } catch (InterruptedException e) {
                return; // stopped while waiting for an answer: not counted
            }
            statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
            synchronized (latencies) {
                latencies.add(System.nanoTime() - t0);
            }
        }
    }

    /** Stops the flood (idempotent) and returns what it did. */
    synchronized Result stop() throws InterruptedException {
        if (result != null) {
            return result;
        }
        running = false;
        long deadline = System.nanoTime() + STOP_WAIT_NANOS;
        int interrupted = 0;
        for (Thread thread : threads) {
            thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(5_000);
                interrupted++;
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<String, Long> counts = new TreeMap<>();
        statuses.forEach((status, count) -> counts.put(status, count.sum()));
        long[] values;
        synchronized (latencies) {
            values = latencies.stream().mapToLong(Long::longValue).toArray();
        }
        result = new Result(counts, seconds, values, interrupted);
        return result;
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the flood was told to stop; the caller keeps the interrupt
        }
    }
}
