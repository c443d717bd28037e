package dev.gatehouse.api.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.launcher.TestStack;
import dev.gatehouse.pipeline.config.ConfigKeys;
import dev.gatehouse.testkit.Gatehouse;
import dev.gatehouse.testkit.TestHttp;
import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One real stack (processor and API on the shared broker, fresh topics) with the organizations the
 * suite needs: A, the hostile one; B, whose canary writes must never wait; C, an intruder with a valid
 * token of its own. A's first token is revoked (a second one replaced it), for the auth cases. The
 * per-organization rate limit is raised so the load reaches the deeper layers instead of 429.
 */
final class Arena implements AutoCloseable {
    static final String RATE_LIMIT = "1000000";
    private static final int POOL = 24;

    final TestStack stack;
    final int port;
    final Gatehouse.Organization hostile;
    final Gatehouse.Organization canary;
    final List<Fixtures> fixtures;
    /** B's users: one per worker, the last one the sentinel's. */
    final List<String> canaryUsers;

    private Arena(TestStack stack, Gatehouse.Organization hostile, Gatehouse.Organization canary, List<Fixtures> fixtures,
            List<String> canaryUsers) {
        this.stack = stack;
        this.port = Integer.parseInt(stack.base().substring(stack.base().lastIndexOf(':') + 1));
        this.hostile = hostile;
        this.canary = canary;
        this.fixtures = fixtures;
        this.canaryUsers = canaryUsers;
    }

    static Arena open(int workers) {
        TestStack stack = TestStack.start(Map.of(ConfigKeys.SCIM_RATE_LIMIT, RATE_LIMIT));
        try {
            Gatehouse.Organization first = stack.newTenant("Hostile");
            String live = json(stack.admin("POST", "/admin/v1/tenants/" + first.id() + "/scim/token", null), 201)
                    .get("token").asText();
            Gatehouse.Organization hostile = new Gatehouse.Organization(first.id(), live);
            String revoked = first.token();
            Gatehouse.Organization canary = stack.newTenant("Canary");
            Gatehouse.Organization intruder = stack.newTenant("Intruder");
            // Created concurrently: some hundred writes one after another would cost seconds.
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<String>> canaryUsers = new ArrayList<>();
                for (int w = 0; w <= workers; w++) {
                    String body = Json.user("canary-" + w + "@canary.test", "");
                    canaryUsers.add(pool.submit(() -> create(stack, canary.token(), "/Users", body)));
                }
                List<Future<String>> members = new ArrayList<>();
                for (int i = 0; i < POOL; i++) {
                    String body = Json.user("pool-" + i + "@hostile.test", ",\"displayName\":\"Pool " + i + "\"");
                    members.add(pool.submit(() -> create(stack, hostile.token(), "/Users", body)));
                }
                Future<String> joiner = pool.submit(() -> create(stack, hostile.token(), "/Users", Json.user("joiner@hostile.test", "")));
                List<String> memberIds = values(members);
                List<Future<String[]>> anchors = new ArrayList<>();
                for (int w = 0; w < workers; w++) {
                    int worker = w;
                    anchors.add(pool.submit(() -> anchor(stack, hostile.token(), worker, memberIds)));
                }
                List<String> canaryIds = values(canaryUsers);
                List<Fixtures> fixtures = new ArrayList<>();
                for (int w = 0; w < workers; w++) {
                    String[] anchor = anchors.get(w).get();
                    fixtures.add(new Fixtures(w, hostile.token(), anchor[0], anchor[1], anchor[2], memberIds, joiner.get(),
                            intruder.token(), canaryIds, revoked, hostile.id()));
                }
                return new Arena(stack, hostile, canary, List.copyOf(fixtures), canaryIds);
            } finally {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stack.close();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            stack.close();
            throw new IllegalStateException("creating the fixtures failed", e.getCause());
        } catch (RuntimeException | Error e) {
            stack.close();
            throw e;
        }
    }

    /** The worker's own user (id, userName) and group (id), which only its cases touch. */
    private static String[] anchor(TestStack stack, String token, int w, List<String> pool) {
        String userName = "anchor-" + w + "@hostile.test";
        String user = create(stack, token, "/Users", Json.user(userName,
                ",\"emails\":[{\"type\":\"work\",\"value\":\"" + userName + "\",\"primary\":true}],\"metadata\":{\"city\":\"Berlin\"}"));
        String group = create(stack, token, "/Groups", Json.group("anchor group " + w,
                ",\"members\":[" + Json.member(pool.get(w % POOL)) + "," + Json.member(pool.get((w + 1) % POOL)) + "]"));
        return new String[] {user, userName, group};
    }

    private static List<String> values(List<Future<String>> futures) throws InterruptedException, ExecutionException {
        List<String> out = new ArrayList<>();
        for (Future<String> f : futures) {
            out.add(f.get());
        }
        return List.copyOf(out);
    }

    private static String create(TestStack stack, String token, String path, String body) {
        return json(stack.scim("POST", path, token, body), 201).get("id").asText();
    }

    static JsonNode json(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return TestHttp.json(response);
    }

    /**
     * Benign traffic of the run's shape (A's reads and writes, B's revocations) from every worker at
     * once, not measured: the first seconds of a fresh JVM and stack (JIT, connection set-up) would
     * otherwise be charged to the first cases' canaries.
     */
    void warmUp(int rounds) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (Fixtures f : fixtures) {
            Thread t = new Thread(() -> {
                try (RawHttp http = new RawHttp(port, InetAddress.getLoopbackAddress())) {
                    for (int i = 0; i < rounds; i++) {
                        http.exchange(RawRequest.scim("GET", "/Users?filter=" + Text.percent("userName eq \"" + f.userName() + "\""),
                                f.token()), Canary.TIMEOUT);
                        http.exchange(RawRequest.scim("PATCH", "/Users/" + f.userId(), f.token(),
                                Json.patch(Json.op("replace", "title", "\"warm " + i + "\""))), Canary.TIMEOUT);
                        http.exchange(RawRequest.scim("PATCH", "/Users/" + canaryUsers.get(f.worker()), canary.token(),
                                Json.patch(Json.op("replace", "active", "true"))), Canary.TIMEOUT);
                    }
                }
            }, "hostile-warm-up-" + f.worker());
            threads.add(t);
            t.start();
            Thread.sleep(20);
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    /** Closes in the background: a wedged processor may take its full close timeout. */
    void closeInBackground() {
        Thread closer = new Thread(this::close, "arena-closer");
        closer.setDaemon(true);
        closer.start();
    }

    @Override
    public void close() {
        stack.close();
    }
}
