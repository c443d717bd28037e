package dev.gatehouse.api.hostile;

import java.util.Arrays;
import java.util.List;

/**
 * One built hostile case: the requests sent in order on one keep-alive connection from a fresh source
 * address, what is expected of their answers beyond the suite-wide rules (never a 5xx; every 4xx an
 * error body), and which of the organization's resources a rejected write must leave as it was.
 *
 * @param description a short account for failure messages (never a body, never a token); the part
 *                    before " | " names the case's shape, by which failures are grouped
 * @param overBudget  the {@link Budget} limit this request exceeds, or null; counted when answered 2xx
 */
record Attack(String description, List<RawRequest> requests, Expect expect, Probe probe, String overBudget) {

    /** The organization's resource whose state a rejected write must not change. */
    enum Probe { NONE, USER, GROUP }

    /** A case-specific expectation: null when met, else what is wrong. */
    @FunctionalInterface
    interface Expect {
        String check(List<RawHttp.Response> responses);

        Expect ANY = responses -> null;

        /** The last answer's status is one of {@code statuses}. */
        static Expect status(int... statuses) {
            return responses -> {
                int got = responses.get(responses.size() - 1).status();
                return Arrays.stream(statuses).anyMatch(s -> s == got) ? null
                        : "expected " + Arrays.toString(statuses) + ", got " + got;
            };
        }

        /** The last answer is a 4xx: the request is invalid and must be refused. */
        static Expect rejected() {
            return responses -> {
                int got = responses.get(responses.size() - 1).status();
                return got >= 400 && got < 500 ? null : "expected a 4xx refusal, got " + got;
            };
        }

        /** The last answer is a 2xx: the request is valid. */
        static Expect accepted() {
            return responses -> {
                int got = responses.get(responses.size() - 1).status();
                return got >= 200 && got < 300 ? null : "expected 2xx, got " + got;
            };
        }
    }

    static Attack of(String description, RawRequest request) {
        return new Attack(description, List.of(request), Expect.ANY, Probe.NONE, null);
    }

    static Attack of(String description, List<RawRequest> requests) {
        return new Attack(description, List.copyOf(requests), Expect.ANY, Probe.NONE, null);
    }

    Attack expect(Expect e) {
        return new Attack(description, requests, e, probe, overBudget);
    }

    Attack probe(Probe p) {
        return new Attack(description, requests, expect, p, overBudget);
    }

    /** Marks the case as exceeding {@code limit} when {@code over}. */
    Attack overBudget(boolean over, String limit) {
        return over ? new Attack(description, requests, expect, probe, limit) : this;
    }

    int bodyBytes() {
        return requests.stream().mapToInt(RawRequest::bodyLength).sum();
    }
}
