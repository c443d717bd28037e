package dev.gatehouse.api.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.scim.ScimJson;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * One worker's way through its cases, on one arena: builds a case, sends its requests from a fresh
 * source address, applies the rules ({@link Verdict}, the case's own expectation, the before/after
 * comparison), then writes the canary. Results go to the {@link Tally}; nothing is thrown.
 */
final class CaseRunner implements AutoCloseable {
    /** Longer than the API's command timeout (10 s): a slow answer is seen as the 503 it is, not as our timeout. */
    static final Duration HOSTILE_TIMEOUT = Duration.ofSeconds(20);
    /** Created resources with bodies larger than this are deleted again, so list reads stay cheap. */
    private static final int CLEANUP_BYTES = 4096;

    /** What one case was answered (its last answer's status, or "none"), and its canary's answer. */
    record Result(String status, RawHttp.Response canary) {
    }

    final Arena arena;
    private final Fixtures fixtures;
    private final RawHttp good;
    private final Canary canary;
    private final Tally tally;

    CaseRunner(Arena arena, int worker, Tally tally) {
        this.arena = arena;
        this.fixtures = arena.fixtures.get(worker);
        this.good = new RawHttp(arena.port, InetAddress.getLoopbackAddress());
        this.canary = new Canary(arena, arena.canaryUsers.get(worker));
        this.tally = tally;
    }

    /** Runs one case; {@code built} hears its description once it is built (for naming the cases in flight). */
    Result run(Family family, int index, long seed, InetAddress source, boolean sampleState, Consumer<String> built) {
        String where = family.name() + "#" + index;
        Attack attack;
        try {
            attack = family.build(index, new Random(seed), fixtures);
        } catch (RuntimeException e) {
            tally.fail(new Tally.Failure(family.name(), "none", "generator error", where, e.toString()));
            return new Result("none", canary.write());
        }
        where = where + " " + attack.description();
        built.accept(where);
        boolean probe = sampleState && attack.probe() != Attack.Probe.NONE && attack.requests().size() == 1;
        JsonNode before = probe ? read(attack.probe()) : null;
        long started = System.nanoTime();
        List<RawHttp.Response> responses = send(attack, source);
        long took = System.nanoTime() - started;
        RawHttp.Response last = responses.get(responses.size() - 1);
        String status = label(last);
        boolean ruleBroken = false;
        for (int i = 0; i < responses.size(); i++) {
            RawRequest request = attack.requests().get(i);
            String broken = Verdict.check(request, responses.get(i));
            if (broken != null) {
                ruleBroken = true;
                tally.fail(new Tally.Failure(family.name(), label(responses.get(i)), kind(broken), where + " | " + request.describe(), broken,
                        started, started + took));
            }
        }
        // The case's own expectation, unless a suite-wide rule already failed it (one failure per case).
        if (!ruleBroken && responses.size() == attack.requests().size()) {
            String unmet = attack.expect().check(responses);
            if (unmet != null) {
                tally.fail(new Tally.Failure(family.name(), status, "unexpected answer", where, unmet, started, started + took));
            }
        }
        if (probe && last.status() >= 400 && last.status() < 500) {
            JsonNode after = read(attack.probe());
            if (before != null) {
                tally.stateChecked();
            }
            if (before != null && !before.equals(after)) {
                tally.fail(new Tally.Failure(family.name(), status, "rejected write changed state", where,
                        "before " + Text.abbreviate(String.valueOf(before), 150) + " after " + Text.abbreviate(String.valueOf(after), 150)));
            }
        }
        if (attack.overBudget() != null && last.status() >= 200 && last.status() < 300) {
            tally.overBudgetAccepted(attack.overBudget());
            tally.fail(new Tally.Failure(family.name(), status, "over budget yet accepted", where,
                    "past the " + attack.overBudget() + " limit, answered " + last.status(), started, started + took));
        }
        cleanUp(attack, last);
        tally.answered(family.name(), status, took);
        tally.took(where + " → " + status, took);
        return new Result(status, canary.write());
    }

    private static String kind(String broken) {
        int colon = broken.indexOf(':');
        return colon > 0 && colon < 40 ? broken.substring(0, colon) : broken;
    }

    private List<RawHttp.Response> send(Attack attack, InetAddress source) {
        List<RawHttp.Response> responses = new ArrayList<>();
        try (RawHttp http = new RawHttp(arena.port, source)) {
            for (RawRequest request : attack.requests()) {
                RawHttp.Response r = http.exchange(request, HOSTILE_TIMEOUT);
                responses.add(r);
                if (!r.answered()) {
                    break;
                }
            }
        }
        return responses;
    }

    /** The worker's own user or group of A as it is now (null when it cannot be read). */
    private JsonNode read(Attack.Probe probe) {
        String path = probe == Attack.Probe.USER ? "/Users/" + fixtures.userId() : "/Groups/" + fixtures.groupId();
        RawHttp.Response r = good.exchange(RawRequest.scim("GET", path, fixtures.token()), Canary.TIMEOUT);
        return r.status() == 200 ? parse(r) : null;
    }

    private void cleanUp(Attack attack, RawHttp.Response last) {
        RawRequest request = attack.requests().get(attack.requests().size() - 1);
        if (last.status() != 201 || !request.method().equals("POST") || request.bodyLength() < CLEANUP_BYTES) {
            return;
        }
        JsonNode created = parse(last);
        String endpoint = request.target().toLowerCase().contains("/groups") ? "/Groups/" : "/Users/";
        if (created != null && created.hasNonNull("id")) {
            good.exchange(RawRequest.scim("DELETE", endpoint + created.get("id").asText(), fixtures.token()), Canary.TIMEOUT);
        }
    }

    private static JsonNode parse(RawHttp.Response r) {
        try {
            return ScimJson.mapper().readTree(r.body());
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * After the cases: one more revocation (so a run that ended amid failed writes still has a known
     * last value), then B's user must hold the value of the last confirmed write.
     */
    void checkCanaryState() {
        String where = "B user " + canary.userId();
        RawHttp.Response last = canary.write();
        if (last.status() < 200 || last.status() >= 300) {
            tally.fail(new Tally.Failure("canary", label(last), "final write", where,
                    last.answered() ? Text.abbreviate(last.bodyText(), 200) : last.failure()));
            return;
        }
        RawHttp.Response r = good.exchange(RawRequest.scim("GET", "/Users/" + canary.userId(), arena.canary.token()), Canary.TIMEOUT);
        JsonNode user = r.status() == 200 ? parse(r) : null;
        JsonNode active = user == null ? null : user.get("active");
        Boolean expected = canary.expected();
        if (expected == null || active == null || !active.isBoolean() || active.booleanValue() != expected) {
            tally.fail(new Tally.Failure("canary", label(r), "final state", where, "expected active=" + expected + ", read "
                    + Text.abbreviate(r.answered() ? r.bodyText() : r.failure(), 200)));
        }
    }

    private static String label(RawHttp.Response r) {
        return r.answered() ? Integer.toString(r.status()) : "none";
    }

    @Override
    public void close() {
        good.close();
        canary.close();
    }
}
