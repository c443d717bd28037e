package dev.gatehouse.launcher.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.scim.ScimJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Measures deprovisioning as a person experiences it: until the door system (the simulator) holds the
 * person as suspended, from the moment {@code PATCH active=false} is answered, and from the moment it
 * was sent (what the identity provider sees end to end). Runs on its own thread, one probe user at a
 * time, while other load runs.
 */
public final class DeprovisionProbe implements AutoCloseable {
    private static final long POLL_MILLIS = 1;
    private static final long GIVE_UP_NANOS = 30_000_000_000L;

    private final ScimClient scim;
    private final HttpClient http = LoadThreads.BENCH.httpClient(HttpClient.newBuilder(), "bench-door");
    private final String doorPersons;
    private final List<String> userIds;
    private final long pauseMillis;
    private final List<Long> latencies = new ArrayList<>();
    private final List<Long> fromRequest = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private int failures;

    /** {@code doorPersons}: the simulator's persons URL of the tenant; {@code userIds}: active users to disable. */
    public DeprovisionProbe(ScimClient scim, String doorPersons, List<String> userIds, long pauseMillis) {
        this.scim = scim;
        this.doorPersons = doorPersons;
        this.userIds = userIds;
        this.pauseMillis = pauseMillis;
        this.thread = LoadThreads.BENCH.factory("deprovision-probe").newThread(this::probe);
    }

    public DeprovisionProbe start() {
        thread.start();
        return this;
    }

    private void probe() {
        for (String id : userIds) {
            if (!running) {
                return;
            }
            try {
                long sent = System.nanoTime();
                ScimClient.Answer answer = scim.send("PATCH", "/Users/" + id, ScimClient.DEACTIVATE);
                long answered = System.nanoTime();
                if (answer.status() / 100 != 2 || !awaitSuspended(id, answered)) {
                    record(-1, -1);
                } else {
                    long suspended = System.nanoTime();
                    record(suspended - answered, suspended - sent);
                }
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                record(-1, -1);
            }
        }
    }

    private boolean awaitSuspended(String id, long since) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(doorPersons + "/" + id)).timeout(Duration.ofSeconds(5)).build();
        while (System.nanoTime() - since < GIVE_UP_NANOS) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                JsonNode person = ScimJson.mapper().readTree(response.body());
                if (!person.path("active").asBoolean(true)) {
                    return true;
                }
            }
            Thread.sleep(POLL_MILLIS);
        }
        return false;
    }

    private synchronized void record(long sinceAnswer, long sinceRequest) {
        if (sinceAnswer < 0) {
            failures++;
        } else {
            latencies.add(sinceAnswer);
            fromRequest.add(sinceRequest);
        }
    }

    /** The suspends answered and seen at the door so far, in nanoseconds from the answer. */
    public synchronized long[] latencies() {
        return latencies.stream().mapToLong(Long::longValue).toArray();
    }

    /** The same suspends, in nanoseconds from the moment the PATCH was sent. */
    public synchronized long[] fromRequest() {
        return fromRequest.stream().mapToLong(Long::longValue).toArray();
    }

    /** The PATCHes sent so far, failed ones included. */
    public synchronized int sent() {
        return latencies.size() + failures;
    }

    /** Stops probing and returns what was measured. */
    public synchronized String summary() {
        return summary(latencies());
    }

    /** The same, timed from the moment each PATCH was sent. */
    public synchronized String summaryFromRequest() {
        return summary(fromRequest());
    }

    private String summary(long[] values) {
        return String.format(Locale.ROOT, "%d suspends, %d failed: p50 %.1f ms, p99 %.1f ms, max %.1f ms", values.length,
                failures, LoadDriver.percentile(values, 50) / 1e6, LoadDriver.percentile(values, 99) / 1e6,
                LoadDriver.percentile(values, 100) / 1e6);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        Threads.join(10_000, thread);
    }
}
