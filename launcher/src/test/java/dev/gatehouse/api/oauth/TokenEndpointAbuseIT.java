package dev.gatehouse.api.oauth;

import static dev.gatehouse.api.oauth.ClientCredentialsIT.assertOAuthError;
import static dev.gatehouse.testkit.Gatehouse.basic;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.launcher.TestStack;
import dev.gatehouse.testkit.ApiHttp;
import dev.gatehouse.testkit.Gatehouse;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The token endpoint's abuse limits, at their edges, on a stack of its own (the address throttle would
 * otherwise refuse the other tests' requests): each client gets 10 tokens a minute; an address that
 * failed client authentication 20 times a minute is refused (429 with Retry-After) even with a good
 * secret, as SCIM tokens are; a request larger than 32 KiB is refused unread.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TokenEndpointAbuseIT {
    @RegisterExtension
    static final TestStack stack = TestStack.perClass().withOrganization("Abuse");

    @Test
    @Order(1)
    void aClientGetsTenTokensAMinute() {
        Gatehouse.Client client = stack.gatehouse().createClient(stack.organization().id());
        for (int i = 0; i < 10; i++) {
            assertThat(token(client).statusCode()).as("token " + (i + 1)).isEqualTo(200);
        }
        HttpResponse<String> eleventh = token(client);
        assertOAuthError(eleventh, 429, "temporarily_unavailable");
        assertThat(Long.parseLong(eleventh.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 6L);
        // Another client of the same organization has its own allowance.
        assertThat(token(stack.gatehouse().createClient(stack.organization().id())).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void aRequestOverThirtyTwoKibibytesIsRefusedUnread() {
        Gatehouse.Client client = stack.gatehouse().createClient(stack.organization().id());
        String padding = "&pad=" + "x".repeat(32 * 1024);
        HttpResponse<String> big = stack.gatehouse().tokenRequest("grant_type=client_credentials" + padding,
                "Authorization", basic(client.id(), client.secret()));
        assertOAuthError(big, 413, "invalid_request");
        HttpResponse<String> justUnder = stack.gatehouse().tokenRequest("grant_type=client_credentials&pad="
                + "x".repeat(32 * 1024 - "grant_type=client_credentials&pad=".length()), "Authorization",
                basic(client.id(), client.secret()));
        assertThat(justUnder.statusCode()).as(justUnder.body()).isEqualTo(200);
        // Chunked, so no length is declared: read, measured, refused.
        HttpResponse<String> chunked = ApiHttp.send(ApiHttp.request("POST", stack.base() + "/oauth2/token",
                "application/x-www-form-urlencoded", HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(("grant_type=client_credentials" + padding).getBytes(StandardCharsets.UTF_8))),
                "Authorization", basic(client.id(), client.secret())));
        assertOAuthError(chunked, 413, "invalid_request");
    }

    @Test
    @Order(3)
    void twentyFailedClientAuthenticationsFromAnAddressThrottleItEvenWithAGoodSecret() {
        Gatehouse.Client client = stack.gatehouse().createClient(stack.organization().id());
        for (int i = 0; i < 20; i++) {
            assertOAuthError(stack.gatehouse().tokenRequest("grant_type=client_credentials", "Authorization",
                    basic(client.id(), "gh_cs_guess" + i)), 401, "invalid_client");
        }
        HttpResponse<String> throttled = token(client);
        assertOAuthError(throttled, 429, "temporarily_unavailable");
        assertThat(Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
        // The same address is throttled for SCIM as well: one budget of failures per address.
        assertThat(stack.scim("GET", "/Users", stack.token(), null).statusCode()).isEqualTo(429);
    }

    private static HttpResponse<String> token(Gatehouse.Client client) {
        return stack.gatehouse().tokenRequest("grant_type=client_credentials", "Authorization",
                basic(client.id(), client.secret()));
    }
}
