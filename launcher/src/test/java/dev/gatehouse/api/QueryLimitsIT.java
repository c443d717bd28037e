package dev.gatehouse.api;

import static dev.gatehouse.testkit.TestHttp.assertScimError;
import static dev.gatehouse.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.launcher.TestStack;
import dev.gatehouse.scim.limits.Limits;
import dev.gatehouse.testkit.Gatehouse;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Reads at the edges of the size budget, through the API and its hop to the processor's query
 * endpoint: the largest filter, sortBy and id the budget allows are served (never a 5xx from the hop),
 * one past is a 4xx at the API.
 */
class QueryLimitsIT {
    /** A character of three UTF-8 bytes: nine when percent-encoded, the most a filter character costs. */
    private static final String WIDE = "€";
    @RegisterExtension
    static final TestStack stack = TestStack.perClass().withOrganization("Queries");

    private static HttpResponse<String> list(String query) {
        return stack.scim("GET", "/Users?" + query, stack.token(), null);
    }

    private static String filterOfLength(int length) {
        String prefix = "userName eq \"";
        return prefix + WIDE.repeat(length - prefix.length() - 1) + "\"";
    }

    @Test
    void theLongestFilterIsServedAndOneCharacterMoreIs400() {
        HttpResponse<String> longest = list("filter=" + Gatehouse.encode(filterOfLength(Limits.FILTER_CHARS)));
        assertThat(longest.statusCode()).as(longest.body()).isEqualTo(200);
        assertThat(json(longest).get("totalResults").asInt()).isZero();

        assertScimError(list("filter=" + Gatehouse.encode(filterOfLength(Limits.FILTER_CHARS + 1))), 400, "invalidFilter");
        // The reported defect: a 2,700-character value used to end in a 503 at the hop.
        assertScimError(list("filter=" + Gatehouse.encode("userName eq \"" + "v".repeat(2_700) + "\"")), 400,
                "invalidFilter");
    }

    @Test
    void theDeepestFilterIsServedAndOneLevelMoreIs400() {
        String deepest = "(".repeat(Limits.FILTER_DEPTH) + "userName eq \"a\"" + ")".repeat(Limits.FILTER_DEPTH);
        assertThat(list("filter=" + Gatehouse.encode(deepest)).statusCode()).isEqualTo(200);
        assertScimError(list("filter=" + Gatehouse.encode("(" + deepest + ")")), 400, "invalidFilter");
        // The reported defect: 3,000 nested parentheses used to end in a 503 at the hop.
        assertScimError(list("filter=" + Gatehouse.encode("(".repeat(3_000) + "userName eq \"a\"" + ")".repeat(3_000))),
                400, "invalidFilter");
        assertScimError(stack.scim("POST", "/Users/.search", stack.token(), "{\"schemas\":"
                + "[\"urn:ietf:params:scim:api:messages:2.0:SearchRequest\"],\"filter\":\"" + "(".repeat(3_000) + "\"}"),
                400, "invalidFilter");
    }

    @Test
    void sortByAndIdsAreLimitedBeforeTheyAreForwarded() {
        HttpResponse<String> longest = list("sortBy=" + Gatehouse.encode(WIDE.repeat(Limits.SORT_BY_CHARS)));
        assertThat(longest.statusCode()).as(longest.body()).isBetween(200, 499);
        assertScimError(list("sortBy=" + Gatehouse.encode("x".repeat(Limits.SORT_BY_CHARS + 1))), 400, "invalidValue");

        assertScimError(stack.scim("GET", "/Users/" + Gatehouse.encode(WIDE.repeat(Limits.ID_CHARS)), stack.token(), null), 404, null);
        assertScimError(stack.scim("GET", "/Users/" + "x".repeat(Limits.ID_CHARS + 1), stack.token(), null), 404, null);
        assertScimError(stack.scim("DELETE", "/Groups/" + "x".repeat(5_000), stack.token(), null), 404, null);
    }
}
