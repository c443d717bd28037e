package dev.gatehouse.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.simulator.Changes;
import dev.gatehouse.simulator.KisiSimulator;
import dev.gatehouse.sync.connector.ChangeApplier;
import dev.gatehouse.sync.connector.kisi.KisiConnector;
import dev.gatehouse.sync.connector.kisi.KisiSettings;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Figures, printed rather than asserted on time: calls made by an initial sync of 10,000 users
 * (asserted: the minimum, one create each, plus the reads of what Kisi holds) and the latency of
 * revocations published while that backlog drains (simulator arrival time minus send time, both
 * {@code System.nanoTime} in this JVM). The sync runs at a scaled-up rate so the test takes
 * seconds; a second run measures revocation latency at Kisi's real 5 requests/s.
 */
class RevocationBenchmarkIT {
    private static final String KEY = AccessChangesFixture.KISI_KEY;
    private static final String TENANT = "acme";
    @RegisterExtension
    final AccessChangesFixture fx = AccessChangesFixture.withoutDoor();
    private KisiSimulator kisi;

    @Test
    void initialSyncOf10000UsersMakesTheMinimumOfCallsAndRevocationsGoFirst() throws Exception {
        Result r = run(100_000, Double.POSITIVE_INFINITY, 10_000, 20, 100);
        assertThat(r.calls).as("2 reads + 10,000 creates + 20 suspends").isEqualTo(2 + 10_000 + 20);
        System.out.printf("BENCH initial sync: %d users, %d calls (minimum %d), %d ms at an unlimited rate "
                        + "(at 5 req/s: %.1f min); revocation latency under the backlog p50=%d ms p99=%d ms max=%d ms%n",
                10_000, r.calls, 10_020, r.elapsedMs, r.calls / 5.0 / 60, r.p50, r.p99, r.max);
    }

    @Test
    void revocationLatencyAtKisisRealRateLimit() throws Exception {
        Result r = run(5, 5, 30, 3, 1_500);
        // Counted from the restart: the limiter of the run before it is gone (see the report).
        assertThat(kisi.maxRequestsPerSecond(r.firstRequest)).isLessThanOrEqualTo(5);
        System.out.printf("BENCH at 5 req/s: backlog %d, revocation latency p50=%d ms p99=%d ms max=%d ms%n",
                30, r.p50, r.p99, r.max);
    }

    private record Result(int firstRequest, int calls, long elapsedMs, long p50, long p99, long max) {
    }

    /**
     * Delivers {@code leavers} users first, then queues {@code backlog} new users and, while they
     * drain, suspends the leavers one every {@code spacingMs}.
     */
    private Result run(int simLimit, double rate, int backlog, int leavers, long spacingMs) throws Exception {
        kisi = fx.startKisi(simLimit);
        for (int i = 0; i < leavers; i++) {
            fx.send(Changes.user(TENANT, "leaver" + i, 1, true));
        }
        fx.producer().flush();
        AccessSyncService sync = sync(rate);
        try (sync) {
            await().atMost(Duration.ofSeconds(60)).until(() -> kisi.users().size() == leavers);
        }
        int before = kisi.requests().size();
        for (int i = 0; i < backlog; i++) {
            fx.send(Changes.user(TENANT, "new" + i, 1, true));
        }
        fx.producer().flush();
        Map<String, Long> sentAt = new HashMap<>();
        long start = System.nanoTime();
        AccessSyncService measuring = sync(rate);
        try (measuring) {
            await().atMost(Duration.ofSeconds(60)).until(() -> kisi.requests().size() > before + 2);
            for (int i = 0; i < leavers; i++) {
                Thread.sleep(spacingMs);
                sentAt.put("leaver" + i, System.nanoTime());
                fx.send(Changes.user(TENANT, "leaver" + i, 2, false));
                fx.producer().flush();
            }
            await().atMost(Duration.ofMinutes(3)).until(() -> kisi.users().size() == leavers + backlog
                    && kisi.users().stream().filter(u -> !u.path("access_enabled").asBoolean()).count() == leavers);
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        List<KisiSimulator.Request> requests = kisi.requests().subList(before, kisi.requests().size());
        int lastCreate = 0;
        for (int i = 0; i < requests.size(); i++) {
            if (requests.get(i).method().equals("POST")) {
                lastCreate = i;
            }
        }
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < leavers; i++) {
            String id = kisi.userByEmail("leaver" + i + "@example.test").orElseThrow().path("id").asText();
            int at = -1;
            for (int j = 0; j < requests.size(); j++) {
                if (requests.get(j).method().equals("PATCH") && requests.get(j).path().equals("/users/" + id)) {
                    at = j;
                }
            }
            assertThat(at).as("leaver%d suspended", i).isNotNegative();
            if (i < leavers - 1) {
                assertThat(at).as("leaver%d suspended before the backlog drained", i).isLessThan(lastCreate);
            }
            latencies.add((requests.get(at).atNanos() - sentAt.get("leaver" + i)) / 1_000_000);
        }
        latencies.sort(Long::compare);
        return new Result(before, requests.size(), elapsedMs, latencies.get(latencies.size() / 2),
                latencies.get(Math.min(latencies.size() - 1, (int) Math.ceil(latencies.size() * 0.99) - 1)),
                latencies.get(latencies.size() - 1));
    }

    private AccessSyncService sync(double rate) {
        return AccessSyncService.start(fx.config(), List.of(new ChangeApplier(
                new KisiConnector("kisi", TENANT, new KisiSettings(URI.create(kisi.baseUrl()), KEY, rate)))));
    }

}
