package dev.gatehouse.launcher;

import static dev.gatehouse.testkit.Gatehouse.ADMIN_KEY;
import static dev.gatehouse.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.api.IngestApiService;
import dev.gatehouse.api.config.ApiConfig;
import dev.gatehouse.kafka.FreePorts;
import dev.gatehouse.pipeline.config.ConfigKeys;
import dev.gatehouse.pipeline.config.ConfigSource;
import dev.gatehouse.processor.ProcessorConfig;
import dev.gatehouse.processor.StreamProcessorService;
import dev.gatehouse.testkit.ApiHttp;
import dev.gatehouse.testkit.Gatehouse;
import dev.gatehouse.testkit.TestKafka;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two stream processors (one application id, their own state dirs and query ports, one standby
 * replica each) and two API instances on one broker, in one JVM: any API answers any tenant, a write
 * answered by one API is read back through the other at once (the read is forwarded to the owner), and
 * a processor that stops as a crashed one does (no leave-group: the group notices at the session
 * timeout) hands its tenants to the other without losing an answered write or half-applying one.
 */
class ScaleOutIT {
    private static final int SESSION_TIMEOUT_MS = 6_000; // the broker's minimum
    /** Shorter than the handover, so some writes are answered 503 while their command waits for it. */
    private static final int COMMAND_TIMEOUT_MS = 3_000;

    private static final Running RUNNING = new Running();
    private static StreamProcessorService processor1;
    private static String[] processorUrls;
    private static Gatehouse[] apis;
    /** Tenant id → its SCIM token. */
    private static final Map<String, String> TENANTS = new HashMap<>();

    @BeforeAll
    static void start() {
        int port1 = FreePorts.next();
        int port2 = FreePorts.next();
        processorUrls = new String[] {"http://127.0.0.1:" + port1, "http://127.0.0.1:" + port2};
        ConfigSource base = TestKafka.settings(Map.of(
                ConfigKeys.PARTITIONS, "4",
                ConfigKeys.ADMIN_KEY, ADMIN_KEY,
                ConfigKeys.STANDBY_REPLICAS, "1",
                ConfigKeys.COMMAND_TIMEOUT_MS, Integer.toString(COMMAND_TIMEOUT_MS),
                ConfigKeys.SESSION_TIMEOUT_MS, Integer.toString(SESSION_TIMEOUT_MS)));
        processor1 = Stack.processor(ProcessorConfig.from(base.with(Map.of(
                ConfigKeys.PROCESSOR_PORT, Integer.toString(port1),
                ConfigKeys.DATA_DIR, ProcessorConfig.from(base).dataDir().resolve("processor-1").toString()))), RUNNING);
        Stack.processor(ProcessorConfig.from(base.with(Map.of(
                ConfigKeys.PROCESSOR_PORT, Integer.toString(port2),
                ConfigKeys.DATA_DIR, ProcessorConfig.from(base).dataDir().resolve("processor-2").toString()))), RUNNING);
        // Each API prefers another processor; both list both.
        IngestApiService api1 = Stack.api(ApiConfig.from(base.with(Map.of(
                ConfigKeys.INSTANCE_ID, base.string(ConfigKeys.INSTANCE_ID) + "-1",
                ConfigKeys.PROCESSOR_URL, processorUrls[0] + "," + processorUrls[1]))), RUNNING);
        IngestApiService api2 = Stack.api(ApiConfig.from(base.with(Map.of(
                ConfigKeys.INSTANCE_ID, base.string(ConfigKeys.INSTANCE_ID) + "-2",
                ConfigKeys.PROCESSOR_URL, processorUrls[1] + ", " + processorUrls[0]))), RUNNING);
        apis = new Gatehouse[] {new Gatehouse("http://127.0.0.1:" + api1.port(), ADMIN_KEY),
                new Gatehouse("http://127.0.0.1:" + api2.port(), ADMIN_KEY)};

        // Tenants until each processor owns at least two of them (ids are random: their partitions too). The
        // processors' assignment settles after the second joined (its tasks move, restore, may be re-created):
        // each count is given a few seconds to settle before one more tenant is made.
        while (TENANTS.size() < 4 || !spread(Duration.ofSeconds(5))) {
            assertThat(TENANTS.size()).as("tenants spread over both processors").isLessThan(24);
            // Made through API 1.
            Gatehouse.Organization tenant = apis[0].onboard("Scale " + TENANTS.size());
            TENANTS.put(tenant.id(), tenant.token());
        }
        for (String token : TENANTS.values()) {
            // The second API learns of new tokens through the tenants topic.
            awaitTrue(() -> scim(1, "GET", "/Users?count=0", token, null).statusCode() == 200, Duration.ofSeconds(10));
        }
    }

    /** The APIs first, then the processors (the first one's second stop does nothing once the test crashed it). */
    @AfterAll
    static void stop() {
        RUNNING.close();
    }

    @Test
    @Timeout(90)
    void anyApiAnswersAnyTenantAndAProcessorCrashLosesNoAnsweredWrite() throws Exception {
        // Any API answers any tenant; a write through one is read back through the other at once.
        for (Map.Entry<String, String> tenant : TENANTS.entrySet()) {
            for (int api = 0; api < 2; api++) {
                String userName = "first-" + api + "@" + tenant.getKey() + ".test";
                HttpResponse<String> created = scim(api, "POST", "/Users", tenant.getValue(), user(userName));
                assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
                String id = json(created).get("id").asText();
                HttpResponse<String> read = scim(1 - api, "GET", "/Users/" + id, tenant.getValue(), null);
                assertThat(read.statusCode()).as("written on API %d, read on the other", api + 1).isEqualTo(200);
                assertThat(json(read).get("userName").asText()).isEqualTo(userName);
                assertThat(totalResults(1 - api, tenant.getValue(), userName)).isEqualTo(1);
            }
        }

        // A stream of writes through both APIs to every tenant; processor 1 "crashes" in the middle.
        Queue<Write> writes = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger sequence = new AtomicInteger();
        List<String> tenantIds = new ArrayList<>(TENANTS.keySet());
        ExecutorService writers = Executors.newFixedThreadPool(3);
        for (int w = 0; w < 3; w++) {
            writers.submit(() -> {
                while (!stop.get()) {
                    int seq = sequence.incrementAndGet();
                    String tenant = tenantIds.get(seq % tenantIds.size());
                    int api = (seq / tenantIds.size()) % 2;
                    String userName = "w" + seq + "@scale.test";
                    long sent = System.nanoTime();
                    try {
                        HttpResponse<String> r = scim(api, "POST", "/Users", TENANTS.get(tenant), user(userName));
                        writes.add(new Write(tenant, userName, r.statusCode(),
                                r.statusCode() == 201 ? json(r).get("id").asText() : null, sent, System.nanoTime()));
                    } catch (RuntimeException e) {
                        // No answer at all: fails below.
                        writes.add(new Write(tenant, userName, -1, null, sent, System.nanoTime()));
                    }
                }
                return null;
            });
        }
        awaitTrue(() -> writes.size() >= 20, Duration.ofSeconds(20));
        List<String> ownedBy1 = tenantIds.stream().filter(t -> askDirectly(0, t) == 200).toList();
        assertThat(ownedBy1).isNotEmpty();
        long killedAt = System.nanoTime();
        processor1.closeWithoutLeavingGroup();
        // Until every tenant has had a write sent after the crash answered: the survivor applies them all.
        awaitTrue(() -> tenantIds.stream().allMatch(t -> writes.stream()
                .anyMatch(w -> w.tenant().equals(t) && w.sentNanos() > killedAt && w.status() == 201)), Duration.ofSeconds(60));
        stop.set(true);
        writers.shutdown();
        assertThat(writers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        // Processor 2 owns every tenant now. The group may still be settling the crash (a follow-up
        // rebalance answers its reads 503 meanwhile, as every read during a rebalance is answered), so
        // ownership is asked until it answers, within a bound.
        for (String tenant : tenantIds) {
            awaitTrue("processor 2 owns " + tenant, () -> askDirectly(1, tenant) == 200, Duration.ofSeconds(30));
        }
        // A later write per tenant is applied after every earlier one (one partition, in order), so no
        // write that timed out is still in flight when its presence is checked.
        for (String tenant : tenantIds) {
            assertThat(scim(0, "POST", "/Users", TENANTS.get(tenant), user("barrier@" + tenant + ".test")).statusCode())
                    .isEqualTo(201);
        }

        int answered = 0;
        int unavailable = 0;
        int unavailableButApplied = 0;
        Map<String, Integer> expected = new HashMap<>();
        for (Write w : writes) {
            String token = TENANTS.get(w.tenant());
            assertThat(w.status()).as("%s: a write is answered 201 or 503, nothing else", w.userName()).isIn(201, 503);
            if (w.status() == 201) {
                answered++;
                // Reads work through both APIs, also API 1 whose first processor is gone.
                HttpResponse<String> read = scim(answered % 2, "GET", "/Users/" + w.id(), token, null);
                assertThat(read.statusCode()).as("answered write %s is present", w.userName()).isEqualTo(200);
                assertThat(json(read).get("userName").asText()).isEqualTo(w.userName());
            } else {
                unavailable++;
                // Not half-applied: the name index and the record agree, and a retry is answered accordingly.
                int present = totalResults(unavailable % 2, token, w.userName());
                assertThat(present).as("%s after a 503", w.userName()).isIn(0, 1);
                HttpResponse<String> retry = scim(unavailable % 2, "POST", "/Users", token, user(w.userName()));
                assertThat(retry.statusCode()).as("the retry of %s, present=%d: %s", w.userName(), present, retry.body())
                        .isEqualTo(present == 1 ? 409 : 201);
                unavailableButApplied += present;
                assertThat(totalResults(1 - unavailable % 2, token, w.userName())).isEqualTo(1);
            }
            expected.merge(w.tenant(), 1, Integer::sum);
        }
        // Nothing else arrived either: per tenant, the two first users, the stream's writes, the barrier.
        for (String tenant : tenantIds) {
            for (int api = 0; api < 2; api++) {
                JsonNode page = json(scim(api, "GET", "/Users?count=0", TENANTS.get(tenant), null));
                assertThat(page.get("totalResults").asInt()).as("users of " + tenant)
                        .isEqualTo(2 + expected.getOrDefault(tenant, 0) + 1);
            }
        }
        long handoverMs = writes.stream().filter(w -> ownedBy1.contains(w.tenant()) && w.sentNanos() > killedAt && w.status() == 201)
                .mapToLong(Write::answeredNanos).min().orElseThrow() - killedAt;
        System.out.printf("scale-out: %d writes during the crash, %d answered 201, %d answered 503 (%d of them applied); "
                + "the crashed processor's tenants wrote again %d ms after the crash (session timeout %d ms)%n",
                writes.size(), answered, unavailable, unavailableButApplied, handoverMs / 1_000_000, SESSION_TIMEOUT_MS);
        assertThat(answered).isPositive();
    }

    private record Write(String tenant, String userName, int status, String id, long sentNanos, long answeredNanos) {
    }

    /** How many tenants processor {@code index} answers itself (a forwarded query is never forwarded again). */
    /** Whether each processor answers for at least two tenants, within {@code settle}. */
    private static boolean spread(Duration settle) {
        long deadline = System.nanoTime() + settle.toNanos();
        while (owned(0) < 2 || owned(1) < 2) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return true;
    }

    private static int owned(int index) {
        return (int) TENANTS.keySet().stream().filter(t -> askDirectly(index, t) == 200).count();
    }

    /** The processor's status for a query about the tenant it must answer from its own stores. */
    private static int askDirectly(int index, String tenant) {
        try {
            return ApiHttp.send(ApiHttp.request("GET", processorUrls[index] + "/internal/v1/tenants/" + tenant + "/Users?count=0", null,
                    HttpRequest.BodyPublishers.noBody(), "X-Gatehouse-Forwarded", "1").timeout(Duration.ofSeconds(10))).statusCode();
        } catch (UncheckedIOException e) {
            return -1;
        }
    }

    private static HttpResponse<String> scim(int api, String method, String path, String token, String body) {
        return apis[api].scim(method, path, token, body);
    }

    private static int totalResults(int api, String token, String userName) {
        HttpResponse<String> page = scim(api, "GET", "/Users?filter=" + Gatehouse.encode("userName eq \"" + userName + "\""), token, null);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        return json(page).get("totalResults").asInt();
    }

    private static String user(String userName) {
        return "{\"userName\":\"" + userName + "\",\"active\":true,\"displayName\":\"Scale Out\"}";
    }

    private static void awaitTrue(BooleanSupplier condition, Duration timeout) {
        awaitTrue("condition", condition, timeout);
    }

    private static void awaitTrue(String what, BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what + " within " + timeout).isLessThan(deadline);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
