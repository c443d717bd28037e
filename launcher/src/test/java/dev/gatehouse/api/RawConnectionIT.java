package dev.gatehouse.api;

import static dev.gatehouse.testkit.Gatehouse.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.launcher.TestStack;
import dev.gatehouse.scim.ScimJson;
import dev.gatehouse.scim.limits.Limits;
import dev.gatehouse.testkit.TestHttp;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What only a raw connection shows: several requests on one kept-alive HTTP/1.1 connection, and
 * requests Jetty refuses before any route sees them.
 */
class RawConnectionIT {
    @RegisterExtension
    static final TestStack stack = TestStack.perClass().withOrganization("Raw");

    @Test
    void aCaseVariantOfTheScimTokenIsRefusedOnTheConnectionThatSentTheToken() {
        assertCaseVariantRefusedAfterTheCredential("/scim/v2/Users?count=1", "Authorization: Bearer ", stack.token());
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
        HttpResponse<String> signedIn = TestHttp.send("POST", stack.base() + "/console/api/session", null,
                "{\"adminKey\":\"" + ADMIN_KEY + "\"}");
        assertThat(signedIn.statusCode()).isEqualTo(200);
        String setCookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
        assertCaseVariantRefusedAfterTheCredential("/admin/v1/tenants", "Cookie: ", setCookie.substring(0, setCookie.indexOf(';')));
    }

    /**
     * Requests Jetty refuses before routing: an undecodable, ambiguous or illegal path, or a request
     * line that parsed but whose headers did not. Under {@code /admin/} and {@code /console/api/} the
     * answer is the admin API's documented {@code {"error": "…"}}, for every method (Jetty writes error
     * bodies only for GET, POST and HEAD by default).
     */
    @Test
    void requestsJettyRefusesUnderTheAdminPathsAnswerTheAdminErrorShape() {
        Map<String, Integer> targets = new LinkedHashMap<>();
        targets.put("/admin/v1/tenants/%", 400);
        targets.put("/admin/v1/tenants/%zz", 400);
        targets.put("/admin/v1/tenants/%zz/scim", 400);
        targets.put("/admin/v1/tenants/%00", 400);
        targets.put("/admin/v1/tenants/%C0%AF", 400);
        targets.put("/admin/v1/tenants/%ff", 400);
        targets.put("/admin/v1/tenants/..;/x", 400);
        targets.put("/admin/v1/tenants/\u00e9", 400);
        targets.put("/ADMIN/V1/tenants/%", 400);
        targets.put("/%61dmin/v1/tenants/%zz", 400);
        targets.put("/scim/v2/../../admin/v1/tenants/%", 400);
        targets.put("http://localhost/admin/v1/tenants/%", 400);
        targets.put("/console/api/session%zz", 400);
        targets.put("/console/api/%", 400);
        targets.put("/admin/v1/tenants/%2F", 404);
        targets.forEach((target, status) -> assertRefusedForEveryMethod(target, ADMIN_KEY, status, RawConnectionIT::assertAdminError));
        String head = "PUT /admin/v1/tenants/x/scim HTTP/1.1\r\nHost: localhost\r\n";
        Map<String, Integer> malformed = new LinkedHashMap<>();
        malformed.put(head + "Bad Header\r\n\r\n", 400);
        malformed.put(head + "Content-Length: abc\r\n\r\n", 400);
        malformed.put(head + "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400);
        malformed.put(head + "Transfer-Encoding: gzip\r\n\r\n", 400);
        malformed.put(head + "Host: other\r\n\r\n", 400);
        malformed.put("GET /admin/v1/tenants HTTP/1.1\r\n\r\n", 400);
        malformed.put(head + "X-Big: " + "b".repeat(Limits.REQUEST_HEAD_BYTES + 1_000) + "\r\n\r\n", 431);
        malformed.put(head + "Expect: 100-nope\r\nContent-Length: 2\r\n\r\n{}", 417);
        malformed.put("DELETE /console/api/session HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", 400);
        malformed.forEach((request, status) -> assertRefused(request, status, RawConnectionIT::assertAdminError));
    }

    /**
     * Everything else Jetty refuses stays an RFC 7644 error: SCIM paths, other paths, and requests whose
     * request line could not be read at all (Jetty then knows no path: it names them
     * {@code BAD /badMessage}).
     */
    @Test
    void requestsJettyRefusesElsewhereAnswerScimErrorsForEveryMethod() {
        for (String target : List.of("/scim/v2/Users/%", "/scim/v2/Users/%zz", "/scim/v2/Groups/%C0%AF", "/scim/v2/Users/..;/x",
                "/other/%", "/%zz", "/administrator/%")) {
            assertRefusedForEveryMethod(target, stack.token(), 400, RawConnectionIT::assertScimError);
        }
        Map<String, Integer> unreadable = new LinkedHashMap<>();
        unreadable.put("GET /admin/v1/tenants/" + "a".repeat(Limits.REQUEST_HEAD_BYTES + 1_000) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414);
        // An unknown version is bad input like any other: 400, not 505 (no 5xx from what a client sent).
        unreadable.put("GET /admin/v1/tenants HTTP/9.9\r\nHost: x\r\n\r\n", 400);
        unreadable.put("GET /admin/v1/ten ants HTTP/1.1\r\nHost: x\r\n\r\n", 400);
        unreadable.put("G\u0001T /admin/v1/tenants HTTP/1.1\r\nHost: x\r\n\r\n", 400);
        unreadable.put("\u0000\r\n\r\n", 400);
        unreadable.put("PATCH /scim/v2/Users/x HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n", 400);
        unreadable.forEach((request, status) -> assertRefused(request, status, RawConnectionIT::assertScimError));
    }

    /** The shape follows the refused request's own target, not that of an earlier one on the connection. */
    @Test
    void anEarlierRequestOnTheConnectionDoesNotDecideTheShape() {
        try (RawConnection connection = new RawConnection(stack.base())) {
            assertThat(connection.send("GET", "/admin/v1/tenants", "Authorization: Bearer " + ADMIN_KEY).status()).isEqualTo(200);
            assertScimError("an unreadable request line after an admin call",
                    connection.sendRaw("G\u0001T /admin/v1/tenants HTTP/1.1\r\nHost: x\r\n\r\n"), 400);
        }
        try (RawConnection connection = new RawConnection(stack.base())) {
            assertThat(connection.send("GET", "/scim/v2/Users?count=1", "Authorization: Bearer " + stack.token()).status()).isEqualTo(200);
            assertAdminError("an admin target after a SCIM call", connection.send("GET", "/admin/v1/tenants/%zz"), 400);
        }
    }

    /** How a refusal must look: the admin API's error or a SCIM error. */
    private interface ErrorShape {
        void assertShape(String request, RawConnection.Response response, int status);
    }

    /** {@code target} with every method and the bearer {@code credential}, each on a new connection, is refused with {@code status}. */
    private static void assertRefusedForEveryMethod(String target, String credential, int status, ErrorShape shape) {
        for (String method : List.of("GET", "POST", "PUT", "PATCH", "DELETE")) {
            try (RawConnection connection = new RawConnection(stack.base())) {
                shape.assertShape(method + " " + target, connection.send(method, target, "Authorization: Bearer " + credential,
                        "Content-Length: 0"), status);
            }
        }
    }

    /** {@code request}, sent exactly on a new connection, is refused with {@code status}. */
    private static void assertRefused(String request, int status, ErrorShape shape) {
        try (RawConnection connection = new RawConnection(stack.base())) {
            shape.assertShape(request, connection.sendRaw(request), status);
        }
    }

    private static void assertAdminError(String request, RawConnection.Response response, int status) {
        String shown = request.length() > 120 ? request.substring(0, 120) + "…" : request;
        assertThat(response.status()).as(shown + " → " + response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).as(shown).isEqualTo("application/json");
        JsonNode body = parse(shown, response.body());
        assertThat(body.fieldNames()).toIterable().as(shown + " → " + response.body()).containsExactly("error");
        assertThat(body.get("error").asText()).as(shown).isNotBlank();
    }

    private static void assertScimError(String request, RawConnection.Response response, int status) {
        String shown = request.length() > 120 ? request.substring(0, 120) + "…" : request;
        assertThat(response.status()).as(shown + " → " + response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).as(shown).isEqualTo("application/scim+json; charset=utf-8");
        JsonNode body = parse(shown, response.body());
        assertThat(body.path("schemas").path(0).asText()).as(shown + " → " + response.body())
                .isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(body.path("status").isTextual()).as(shown).isTrue();
        assertThat(body.path("status").asText()).as(shown).isEqualTo(Integer.toString(status));
        assertThat(body.path("detail").asText()).as(shown).isNotBlank();
        if (status == 400) {
            assertThat(body.path("scimType").asText()).as(shown).isEqualTo("invalidSyntax");
        }
    }

    private static JsonNode parse(String request, String body) {
        try {
            return ScimJson.mapper().readTree(body);
        } catch (IOException e) {
            throw new AssertionError(request + " answered no JSON: '" + body + "'", e);
        }
    }

    /**
     * Jetty keeps a per-connection cache of header lines it has parsed, by default matched without
     * regard to case; a later line that differs from a cached one only in case was then read as the
     * cached line, so the exact credential reached the check in place of the variant.
     */
    private static void assertCaseVariantRefusedAfterTheCredential(String target, String header, String credential) {
        String variant = flipLastLetter(credential);
        try (RawConnection connection = new RawConnection(stack.base())) {
            assertThat(connection.send("GET", target, header + credential).status()).isEqualTo(200);
            RawConnection.Response refused = connection.send("GET", target, header + variant);
            assertThat(refused.status()).as(header + variant + " after " + credential + ": " + refused.body()).isEqualTo(401);
            assertThat(connection.send("GET", target, header + credential).status()).isEqualTo(200);
        }
        try (RawConnection fresh = new RawConnection(stack.base())) {
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
