package dev.gatehouse.api;

import static dev.gatehouse.api.ApiFixture.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What only a raw connection shows: several requests on one kept-alive HTTP/1.1 connection, and
 * requests Jetty refuses before any route sees them.
 */
class RawConnectionTest {
    private static TestStack stack;
    private static String token;

    @BeforeAll
    static void start() {
        stack = TestStack.start();
        token = stack.newTenantToken("Raw");
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void aCaseVariantOfTheScimTokenIsRefusedOnTheConnectionThatSentTheToken() {
        assertCaseVariantRefusedAfterTheCredential("/scim/v2/Users?count=1", "Authorization: Bearer ", token);
    }

    @Test
    void aCaseVariantOfTheAdminKeyIsRefusedOnTheConnectionThatSentTheKey() {
        assertCaseVariantRefusedAfterTheCredential("/admin/v1/tenants", "Authorization: Bearer ", ADMIN_KEY);
    }

    @Test
    void aCaseVariantOfTheAdminKeyHeaderIsRefusedOnTheConnectionThatSentTheKey() {
        assertCaseVariantRefusedAfterTheCredential("/admin/v1/tenants", "X-Admin-Key: ", ADMIN_KEY);
    }

    @Test
    void aCaseVariantOfTheConsoleCookieIsRefusedOnTheConnectionThatSentTheCookie() {
        HttpResponse<String> signedIn = ApiFixture.send("POST", stack.base + "/console/api/session", null,
                "{\"adminKey\":\"" + ADMIN_KEY + "\"}");
        assertThat(signedIn.statusCode()).isEqualTo(200);
        String setCookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
        assertCaseVariantRefusedAfterTheCredential("/admin/v1/tenants", "Cookie: ", setCookie.substring(0, setCookie.indexOf(';')));
    }

    /**
     * Jetty keeps a per-connection cache of header lines it has parsed, by default matched without
     * regard to case; a later line that differs from a cached one only in case was then read as the
     * cached line, so the exact credential reached the check in place of the variant.
     */
    private static void assertCaseVariantRefusedAfterTheCredential(String target, String header, String credential) {
        String variant = flipLastLetter(credential);
        try (RawConnection connection = new RawConnection(stack.base)) {
            assertThat(connection.send("GET", target, header + credential).status()).isEqualTo(200);
            RawConnection.Response refused = connection.send("GET", target, header + variant);
            assertThat(refused.status()).as(header + variant + " after " + credential + ": " + refused.body()).isEqualTo(401);
            assertThat(connection.send("GET", target, header + credential).status()).isEqualTo(200);
        }
        try (RawConnection fresh = new RawConnection(stack.base)) {
            assertThat(fresh.send("GET", target, header + variant).status()).as("on a new connection").isEqualTo(401);
        }
    }

    private static String flipLastLetter(String text) {
        for (int i = text.length() - 1; i >= 0; i--) {
            char c = text.charAt(i);
            if (Character.isLetter(c)) {
                char flipped = Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c);
                return text.substring(0, i) + flipped + text.substring(i + 1);
            }
        }
        throw new IllegalArgumentException("no letter in " + text);
    }
}
