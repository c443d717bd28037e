package dev.gatehouse.launcher.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.launcher.fault.UserModel.Create;
import dev.gatehouse.launcher.fault.UserModel.Delete;
import dev.gatehouse.launcher.fault.UserModel.Membership;
import dev.gatehouse.launcher.fault.UserModel.Outcome;
import dev.gatehouse.launcher.fault.UserModel.Patch;
import dev.gatehouse.launcher.fault.UserModel.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A few thousand SCIM writes — creates, PATCHes of active/displayName/metadata, group joins and leaves,
 * deletes — for a few organizations, spread over the API instances, with bounded concurrency. Each
 * user's writes are sequential (one worker runs a user's whole script), which makes what the directory
 * may hold afterwards decidable ({@link UserModel}). It keeps going through a fault: a refused
 * connection is retried on the next instance (nothing was sent), a 503 or a dropped connection is an
 * unknown outcome and the script goes on; a create is repeated until it is answered, as Entra does,
 * and a 409 then shows an earlier attempt was applied.
 */
final class FaultLoad {
    /** Any other answer is a bug: it is recorded and the test fails on it. */
    record Unexpected(String request, Http.Answer answer) {
    }

    /** One write's organization, when it was sent and answered ({@link System#nanoTime}), and its status (0: none). */
    record Timed(String tenantId, long sentNanos, long answeredNanos, int status) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private static final Duration CREATE_RESOLVE = Duration.ofSeconds(120);

    private final List<String> apis;
    private final List<UserModel> users = new ArrayList<>();
    private final java.util.Map<String, Organization> organizations = new java.util.HashMap<>();
    private final AtomicInteger nextApi = new AtomicInteger();
    private final AtomicInteger writes = new AtomicInteger();
    private final AtomicInteger ok = new AtomicInteger();
    private final AtomicInteger unknown = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicLong slowestMillis = new AtomicLong();
    private final Queue<Unexpected> unexpected = new ConcurrentLinkedQueue<>();
    private final Queue<String> missingRetryAfter = new ConcurrentLinkedQueue<>();
    private final Queue<Long> unavailableMillis = new ConcurrentLinkedQueue<>();
    private final Queue<Timed> timeline = new ConcurrentLinkedQueue<>();
    private volatile boolean stopped;

    FaultLoad(List<String> apis, List<Organization> orgs, int usersPerOrganization, long seed) {
        this.apis = List.copyOf(apis);
        Random random = new Random(seed);
        for (Organization org : orgs) {
            organizations.put(org.id(), org);
            for (int u = 0; u < usersPerOrganization; u++) {
                users.add(new UserModel(org.id(), "u" + u + "-" + Long.toHexString(seed) + "@fault.example",
                        script(random, org.groupIds())));
            }
        }
        Collections.shuffle(users, random);
    }

    /** Create, 2–5 changes (mostly PATCHes, some group joins/leaves), and a delete for about one in four. */
    private static List<Step> script(Random random, List<String> groups) {
        List<Step> steps = new ArrayList<>(List.of(new Create()));
        Set<String> member = new HashSet<>();
        int changes = 2 + random.nextInt(4);
        for (int n = 1; n <= changes; n++) {
            if (random.nextInt(10) < 4) {
                String group = groups.get(random.nextInt(groups.size()));
                boolean join = !member.contains(group);
                steps.add(new Membership(group, join));
                if (join) {
                    member.add(group);
                } else {
                    member.remove(group);
                }
            } else {
                steps.add(new Patch(random.nextInt(4) != 0, n));
            }
        }
        if (random.nextInt(4) == 0) {
            steps.add(new Delete());
        }
        return steps;
    }

    /**
     * Waits out the deadline of any write still in flight, then creates one more user per organization
     * and waits for its answer: the processor applies an organization's commands in order, so once
     * that create is answered every earlier write of the organization has been applied (or never will).
     */
    void settle(List<Organization> orgs) {
        Organization.sleep(ProcessStack.COMMAND_TIMEOUT.toMillis() + 500);
        for (Organization org : orgs) {
            UserModel barrier = new UserModel(org.id(), "barrier-" + Long.toHexString(System.nanoTime()) + "@fault.example",
                    List.of(new Create()));
            if (!create(barrier, org)) {
                throw new AssertionError("no write of " + org.id() + " was answered within " + CREATE_RESOLVE
                        + " after the fault: " + barrier.history());
            }
            users.add(barrier);
        }
    }

    int plannedWrites() {
        return users.stream().mapToInt(u -> u.script.size()).sum();
    }

    List<UserModel> users() {
        return users;
    }

    /** Runs every script with {@code concurrency} workers; returns once all are done. */
    void run(int concurrency) throws InterruptedException {
        Queue<UserModel> queue = new ConcurrentLinkedQueue<>(users);
        ExecutorService workers = Executors.newFixedThreadPool(concurrency);
        for (int w = 0; w < concurrency; w++) {
            workers.submit(() -> {
                for (UserModel user; !stopped && (user = queue.poll()) != null; ) {
                    runScript(user);
                }
            });
        }
        workers.shutdown();
        if (!workers.awaitTermination(15, TimeUnit.MINUTES)) {
            stopped = true;
            workers.shutdownNow();
            throw new AssertionError("the load did not finish within 15 minutes");
        }
    }

    /** Runs the load on a thread of its own. */
    Thread start(int concurrency) {
        Thread thread = new Thread(() -> {
            try {
                run(concurrency);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "fault-load");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    void stop() {
        stopped = true;
    }

    /**
     * Waits until {@code 1/parts} of the load ({@code share}, e.g. "a third") is sent, so a fault lands
     * where the scenario wants it; fails when the load ends first or after {@code within}.
     */
    void awaitProgress(Thread running, int parts, String share, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (writesSent() < plannedWrites() / parts) {
            assertThat(running.isAlive()).as("the load ended before %s of it was sent", share).isTrue();
            assertThat(System.nanoTime()).as("%s of the load sent within %d minutes", share, within.toMinutes())
                    .isLessThan(deadline);
            Organization.sleep(100);
        }
    }

    /** Waits for the load to end; stops it and fails after {@code within}. */
    void finish(Thread running, Duration within) throws InterruptedException {
        running.join(within.toMillis());
        if (running.isAlive()) {
            stop();
            throw new AssertionError("the load did not finish within " + within.toMinutes() + " minutes: " + summary());
        }
    }

    int writesSent() {
        return writes.get();
    }

    private void runScript(UserModel user) {
        Organization org = organizations.get(user.tenantId);
        for (Step step : user.script) {
            if (step instanceof Create) {
                if (!create(user, org)) {
                    return; // never answered: the user's outcome stays unknown, nothing more is sent for it
                }
            } else {
                write(user, org, step);
            }
        }
    }

    /** Sends the create until it is answered; true once the user is known to exist (with its id). */
    private boolean create(UserModel user, Organization org) {
        String body = "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + user.userName
                + "\",\"active\":true,\"displayName\":\"" + displayName(user, 0) + "\",\"metadata\":{\"step\":0}}";
        long deadline = System.nanoTime() + CREATE_RESOLVE.toNanos();
        while (!stopped && System.nanoTime() < deadline) {
            Http.Answer answer = call(user, org, "POST", "/Users", body, true);
            if (answer.ok()) {
                user.id = answer.json().path("id").asText();
                user.record(new Create(), Outcome.OK);
                return true;
            }
            if (answer.status() == 409) {
                // An earlier attempt with an unknown outcome was applied: the user exists, once.
                user.record(new Create(), Outcome.OK);
                user.id = lookUpId(user, org);
                return user.id != null;
            }
            user.record(new Create(), answer.refused() ? Outcome.NOT_APPLIED : Outcome.UNKNOWN);
            Organization.sleep(300);
        }
        return false;
    }

    private String lookUpId(UserModel user, Organization org) {
        long deadline = System.nanoTime() + CREATE_RESOLVE.toNanos();
        while (System.nanoTime() < deadline) {
            Http.Answer answer = Http.get(api() + "/scim/v2/Users?" + Http.filter("userName eq \"" + user.userName + "\""),
                    org.token());
            if (answer.ok() && answer.json().path("totalResults").asInt() >= 1) {
                return answer.json().path("Resources").get(0).path("id").asText();
            }
            Organization.sleep(300);
        }
        return null;
    }

    /** One change; a refused connection is retried on the next instance, any other outcome is kept. */
    private void write(UserModel user, Organization org, Step step) {
        for (int attempt = 0; attempt < 20 && !stopped; attempt++) {
            Http.Answer answer;
            if (step instanceof Patch p) {
                answer = call(user, org, "PATCH", "/Users/" + user.id, patch(user, p), false);
            } else if (step instanceof Membership m) {
                answer = call(user, org, "PATCH", "/Groups/" + m.groupId(), membership(user, m), false);
            } else {
                answer = call(user, org, "DELETE", "/Users/" + user.id, null, false);
            }
            if (answer.ok()) {
                user.record(step, Outcome.OK);
                return;
            }
            if (!answer.refused()) {
                user.record(step, Outcome.UNKNOWN);
                Organization.sleep(300);
                return;
            }
            user.record(step, Outcome.NOT_APPLIED);
            Organization.sleep(200);
        }
    }

    /** Sends one write to the next API instance and classifies the answer. */
    private Http.Answer call(UserModel user, Organization org, String method, String path, String body, boolean create) {
        String url = api() + "/scim/v2" + path;
        long sent = System.nanoTime();
        Http.Answer answer = Http.send(method, url, org.token(), body);
        timeline.add(new Timed(user.tenantId, sent, System.nanoTime(), answer.status()));
        writes.incrementAndGet();
        slowestMillis.accumulateAndGet(answer.millis(), Math::max);
        if (answer.ok()) {
            ok.incrementAndGet();
        } else if (answer.refused()) {
            refused.incrementAndGet();
        } else {
            unknown.incrementAndGet();
            if (answer.status() == 503) {
                unavailableMillis.add(answer.millis());
                if (answer.retryAfter() == null) {
                    missingRetryAfter.add(method + " " + path + " → " + answer);
                }
            } else if (answer.status() != 0 && !(create && answer.status() == 409)) {
                unexpected.add(new Unexpected(method + " " + url + " (" + user.userName + ")", answer));
            }
        }
        return answer;
    }

    private String api() {
        return apis.get(Math.floorMod(nextApi.getAndIncrement(), apis.size()));
    }

    static String displayName(UserModel user, int step) {
        return user.userName + " v" + step;
    }

    private static String patch(UserModel user, Patch p) {
        return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":["
                + "{\"op\":\"replace\",\"path\":\"active\",\"value\":" + p.active() + "},"
                + "{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"" + displayName(user, p.step()) + "\"},"
                + "{\"op\":\"replace\",\"path\":\"metadata.step\",\"value\":" + p.step() + "}]}";
    }

    private static String membership(UserModel user, Membership m) {
        String op = m.join()
                ? "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + user.id + "\"}]}"
                : "{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + user.id + "\\\"]\"}";
        return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[" + op + "]}";
    }

    /** Every write sent so far with its times, so a test can tell when writes succeeded again after a fault. */
    List<Timed> timeline() {
        return List.copyOf(timeline);
    }

    List<Unexpected> unexpected() {
        return List.copyOf(unexpected);
    }

    List<String> missingRetryAfter() {
        return List.copyOf(missingRetryAfter);
    }

    long slowestMillis() {
        return slowestMillis.get();
    }

    int unavailableCount() {
        return unavailableMillis.size();
    }

    long slowestUnavailableMillis() {
        return unavailableMillis.stream().mapToLong(Long::longValue).max().orElse(0);
    }

    String summary() {
        return String.format("%d users, %d writes sent: %d 2xx, %d unknown outcome (503 %d, slowest 503 %d ms), "
                        + "%d refused connections; slowest answer %d ms; %d unexpected",
                users.size(), writes.get(), ok.get(), unknown.get(), unavailableMillis.size(), slowestUnavailableMillis(),
                refused.get(), slowestMillis.get(), unexpected.size());
    }
}
