package dev.gatehouse.api;

import static dev.gatehouse.testkit.TestHttp.assertScimError;
import static dev.gatehouse.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.launcher.TestStack;
import dev.gatehouse.pipeline.config.ConfigKeys;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The throttling test of Microsoft Entra ID's app-gallery validation, on a stack of its own whose SCIM
 * rate limit is low enough for a burst to cross it: the rest of the validation is
 * {@link EntraGalleryValidationIT}. Entra retries a throttled request after {@code Retry-After}
 * (docs/entra-id.md §5.7), so the answer must carry it and a SCIM error body.
 *
 * <p>Every SCIM call of this class authenticates with {@link #credential()}, as in
 * {@link EntraGalleryValidationIT}.
 */
class EntraGalleryRateLimitIT {
    private static final int PER_SECOND = 2;

    @RegisterExtension
    static final TestStack stack = TestStack.perClass(Map.of(ConfigKeys.SCIM_RATE_LIMIT, Integer.toString(PER_SECOND)))
            .withOrganization("Gallery throttled");

    /**
     * The bearer credential a gallery app presents: an OAuth access token its client got with client
     * credentials (the organization's SCIM secret token works the same way, see ClientCredentialsIT).
     */
    private static String credential() {
        return stack.accessToken();
    }

    @Test
    void aBurstOverTheRateGets429WithRetryAfterAndIsServedAfterWaitingThatLong() throws InterruptedException {
        HttpResponse<String> throttled = null;
        int served = 0;
        for (int i = 0; i < 40 && throttled == null; i++) {
            HttpResponse<String> response = scim("GET", "/Users?filter=userName+eq+%22burst@gallery.test%22");
            if (response.statusCode() == 429) {
                throttled = response;
            } else {
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                served++;
            }
        }

        assertThat(throttled).as("40 requests in a row exceed " + PER_SECOND + " per second").isNotNull();
        assertThat(served).as("a second's worth is served first").isGreaterThanOrEqualTo(PER_SECOND);
        assertScimError(throttled, 429, null);
        assertThat(json(throttled).path("detail").asText()).isNotBlank();
        String retryAfter = throttled.headers().firstValue("Retry-After").orElseThrow();
        assertThat(retryAfter).as("delay-seconds (RFC 9110 §10.2.3)").matches("[1-9][0-9]*");

        Thread.sleep(Long.parseLong(retryAfter) * 1000);
        HttpResponse<String> retried = scim("GET", "/Users?filter=userName+eq+%22burst@gallery.test%22");
        assertThat(retried.statusCode()).as("retried after Retry-After: " + retried.body()).isEqualTo(200);
    }

    private static HttpResponse<String> scim(String method, String path) {
        return stack.scim(method, path, credential(), null);
    }
}
