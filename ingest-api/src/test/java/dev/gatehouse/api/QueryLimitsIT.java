package dev.gatehouse.api;

import static dev.gatehouse.api.ApiFixture.assertScimError;
import static dev.gatehouse.api.ApiFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.scim.limits.Limits;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reads at the edges of the size budget, through the API and its hop to the processor's query
 * endpoint: the largest filter, sortBy and id the budget allows are served (never a 5xx from the hop),
 * one past is a 4xx at the API.
 */
class QueryLimitsIT {
    /** A character of three UTF-8 bytes: nine when percent-encoded, the most a filter character costs. */
    private static final String WIDE = "€";
    private static TestStack stack;
    private static String token;

    @BeforeAll
    static void start() {
        stack = TestStack.start();
        token = stack.newTenantToken("Queries");
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static HttpResponse<String> list(String query) {
        return stack.scim("GET", "/Users?" + query, token, null);
    }

    private static String filterOfLength(int length) {
        String prefix = "userName eq \"";
        return prefix + WIDE.repeat(length - prefix.length() - 1) + "\"";
    }

    @Test
    void theLongestFilterIsServedAndOneCharacterMoreIs400() {
        HttpResponse<String> longest = list("filter=" + TestStack.encode(filterOfLength(Limits.FILTER_CHARS)));
        assertThat(longest.statusCode()).as(longest.body()).isEqualTo(200);
        assertThat(json(longest).get("totalResults").asInt()).isZero();

        assertScimError(list("filter=" + TestStack.encode(filterOfLength(Limits.FILTER_CHARS + 1))), 400, "invalidFilter");
        // The reported defect: a 2,700-character value used to end in a 503 at the hop.
        assertScimError(list("filter=" + TestStack.encode("userName eq \"" + "v".repeat(2_700) + "\"")), 400,
                "invalidFilter");
    }

    @Test
    void theDeepestFilterIsServedAndOneLevelMoreIs400() {
        String deepest = "(".repeat(Limits.FILTER_DEPTH) + "userName eq \"a\"" + ")".repeat(Limits.FILTER_DEPTH);
        assertThat(list("filter=" + TestStack.encode(deepest)).statusCode()).isEqualTo(200);
        assertScimError(list("filter=" + TestStack.encode("(" + deepest + ")")), 400, "invalidFilter");
        // The reported defect: 3,000 nested parentheses used to end in a 503 at the hop.
        assertScimError(list("filter=" + TestStack.encode("(".repeat(3_000) + "userName eq \"a\"" + ")".repeat(3_000))),
                400, "invalidFilter");
        assertScimError(stack.scim("POST", "/Users/.search", token, "{\"schemas\":"
                + "[\"urn:ietf:params:scim:api:messages:2.0:SearchRequest\"],\"filter\":\"" + "(".repeat(3_000) + "\"}"),
                400, "invalidFilter");
    }

    @Test
    void sortByAndIdsAreLimitedBeforeTheyAreForwarded() {
        HttpResponse<String> longest = list("sortBy=" + TestStack.encode(WIDE.repeat(Limits.SORT_BY_CHARS)));
        assertThat(longest.statusCode()).as(longest.body()).isBetween(200, 499);
        assertScimError(list("sortBy=" + TestStack.encode("x".repeat(Limits.SORT_BY_CHARS + 1))), 400, "invalidValue");

        assertScimError(stack.scim("GET", "/Users/" + TestStack.encode(WIDE.repeat(Limits.ID_CHARS)), token, null), 404, null);
        assertScimError(stack.scim("GET", "/Users/" + "x".repeat(Limits.ID_CHARS + 1), token, null), 404, null);
        assertScimError(stack.scim("DELETE", "/Groups/" + "x".repeat(5_000), token, null), 404, null);
    }
}
