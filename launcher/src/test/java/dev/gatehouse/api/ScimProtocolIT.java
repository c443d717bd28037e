package dev.gatehouse.api;

import static dev.gatehouse.testkit.Gatehouse.ADMIN_KEY;
import static dev.gatehouse.testkit.TestHttp.assertScimError;
import static dev.gatehouse.testkit.TestHttp.bearer;
import static dev.gatehouse.testkit.TestHttp.json;
import static dev.gatehouse.testkit.TestHttp.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.launcher.TestStack;
import dev.gatehouse.scim.limits.Limits;
import dev.gatehouse.testkit.ApiHttp;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Protocol edges of the SCIM and admin API (docs/entra-id.md §5): casing, content types, limits, odd input. */
class ScimProtocolIT {
    @RegisterExtension
    static final TestStack stack = TestStack.perClass().withOrganization("Protocol");

    @Test
    void routesAreCaseInsensitiveAndStillAuthenticated() {
        // Microsoft's own Postman collection calls /users (docs/entra-id.md §5.3).
        HttpResponse<String> lower = send("GET", stack.base() + "/scim/v2/users?count=1", "Bearer " + stack.token(), null);
        assertThat(lower.statusCode()).as(lower.body()).isEqualTo(200);
        assertThat(json(lower).get("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:ListResponse");
        assertScimError(send("GET", stack.base() + "/SCIM/V2/USERS", null, null), 401, null);
        assertScimError(send("GET", stack.base() + "/Scim/v2/serviceproviderconfig", "Bearer nope", null), 401, null);
    }

    @Test
    void jsonAndUnlabelledBodiesAreAcceptedLeniently() {
        HttpResponse<String> json = raw("POST", "/scim/v2/Users", "application/json; charset=utf-8",
                ApiHttp.body("{\"userName\":\"json@protocol.test\"}"));
        assertThat(json.statusCode()).as(json.body()).isEqualTo(201);
        assertThat(json.headers().firstValue("Content-Type")).contains("application/scim+json; charset=utf-8");
        HttpResponse<String> text = raw("POST", "/scim/v2/Users", "text/plain", ApiHttp.body("{\"userName\":\"text@protocol.test\"}"));
        assertThat(text.statusCode()).as(text.body()).isEqualTo(201);
    }

    @Test
    void aBodyOneByteOverTheLimitIs413WithOrWithoutContentLength() {
        // At the edge: one byte over. A body not far over the limit is read before the 413 (ApiServer.checkSize),
        // so the client, still sending, is not reset before it reads the answer.
        String head = "{\"userName\":\"big@protocol.test\",\"displayName\":\"";
        String tail = "\"}";
        byte[] big = (head + "x".repeat(Limits.REQUEST_BODY_BYTES + 1 - head.length() - tail.length()) + tail)
                .getBytes(StandardCharsets.UTF_8);
        assertThat(big).hasSize(Limits.REQUEST_BODY_BYTES + 1);
        assertScimError(raw("POST", "/scim/v2/Users", "application/scim+json", HttpRequest.BodyPublishers.ofByteArray(big)),
                413, null);
        // An InputStream publisher has no length: the body arrives chunked.
        assertScimError(raw("POST", "/scim/v2/Users", "application/scim+json",
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))), 413, null);
    }

    @Test
    void aBodyFarOverTheLimitIsRefusedBeforeItIsSentToAClientThatAsksFirst() {
        // Past what the API reads and discards, the 413 is answered at once: a client that sends
        // "Expect: 100-continue" reads it without having sent a byte of the body (RFC 9110 §10.1.1).
        try (RawConnection connection = new RawConnection(stack.base())) {
            RawConnection.Response answer = connection.send("POST", "/scim/v2/Users",
                    "Authorization: " + bearer(stack.token()), "Content-Type: application/scim+json",
                    "Content-Length: " + (4 * Limits.REQUEST_BODY_BYTES + 1), "Expect: 100-continue");
            assertThat(answer.status()).isEqualTo(413);
            assertThat(answer.header("Content-Type")).startsWith("application/scim+json");
            assertThat(answer.body()).contains("\"status\":\"413\"").contains("urn:ietf:params:scim:api:messages:2.0:Error");
        }
    }

    @Test
    void unknownScimRoutesAre404ScimErrors() {
        assertScimError(stack.scim("GET", "/Users/a/b/c", stack.token(), null), 404, null);
        assertScimError(stack.scim("GET", "/Bulk", stack.token(), null), 404, null);
        assertScimError(stack.scim("POST", "/Widgets", stack.token(), "{}"), 404, null);
        HttpResponse<String> noId = stack.scim("PUT", "/Users", stack.token(), "{}");
        assertThat(noId.statusCode()).isIn(404, 405);
        assertScimError(noId, noId.statusCode(), null);
    }

    /**
     * RFC 7644 §4: the discovery endpoints are read-only, and §3.12 / RFC 9110 §15.5.6 give a method the
     * resource does not support 405 with Allow, not the 404 of an unknown resource.
     */
    @Test
    void writesOnDiscoveryEndpointsAre405WithAllowGet() {
        for (String path : List.of("/ServiceProviderConfig", "/serviceConfiguration", "/ResourceTypes", "/ResourceTypes/User",
                "/ResourceTypes/Group", "/ResourceTypes/Nope", "/Schemas", "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User",
                "/Schemas/urn:nope", "/schemas", "/SERVICEPROVIDERCONFIG", "/ServiceProviderConfig/")) {
            for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
                HttpResponse<String> answer = stack.scim(method, path, stack.token(), "{\"schemas\":[]}");
                assertScimError(answer, 405, null);
                assertThat(answer.headers().firstValue("Allow")).as(method + " " + path).contains("GET");
                assertThat(json(answer).get("detail").asText()).as(method + " " + path).contains(method).contains("read-only");
            }
        }
        assertThat(stack.scim("GET", "/Schemas", stack.token(), null).statusCode()).isEqualTo(200);
        assertThat(stack.scim("GET", "/ResourceTypes/User", stack.token(), null).statusCode()).isEqualTo(200);
        assertScimError(stack.scim("POST", "/ServiceProviderConfig", "wrong", "{}"), 401, null);
    }

    @Test
    void badInputIsA4xxNeverA5xx() {
        assertScimError(stack.scim("POST", "/Users", stack.token(), null), 400, "invalidSyntax");
        assertScimError(stack.scim("POST", "/Users", stack.token(), "\"just a string\""), 400, "invalidSyntax");
        assertScimError(stack.scim("PATCH", "/Users/nobody", stack.token(), "not json"), 400, "invalidSyntax");
        assertScimError(stack.scim("GET", "/Users?startIndex=abc", stack.token(), null), 400, "invalidValue");
        HttpResponse<String> negative = stack.scim("GET", "/Users?startIndex=-5&count=-1", stack.token(), null);
        assertThat(negative.statusCode()).as(negative.body()).isEqualTo(200);
        assertThat(json(negative).get("totalResults").isNumber()).isTrue();
    }

    @Test
    void writesEchoTheRequestIdAndReadsCarryTheEtag() {
        HttpResponse<String> created = raw("POST", "/scim/v2/Users", "application/scim+json",
                ApiHttp.body("{\"userName\":\"etag@protocol.test\"}"), "X-Request-Id", "req-42");
        assertThat(created.headers().firstValue("X-Request-Id")).contains("req-42");
        String id = json(created).get("id").asText();
        HttpResponse<String> read = stack.scim("GET", "/Users/" + id + "?attributes=userName", stack.token(), null);
        assertThat(read.headers().firstValue("ETag")).contains(json(created).get("meta").get("version").asText());
        assertThat(json(read).fieldNames()).toIterable().containsExactlyInAnyOrder("schemas", "id", "userName");
    }

    @Test
    void adminBodiesAreValidatedAndTheKeyMayComeAsAHeader() {
        HttpResponse<String> badJson = send("POST", stack.base() + "/admin/v1/tenants", "Bearer " + ADMIN_KEY, "{\"name\":");
        assertThat(badJson.statusCode()).isEqualTo(400);
        assertThat(json(badJson).get("error").asText()).isNotBlank();
        assertThat(json(stack.admin("PUT", "/admin/v1/tenants/x/scim", "{\"enabled\":\"yes\"}")).has("error")).isTrue();
        HttpResponse<String> viaHeader = raw("GET", "/admin/v1/tenants", null, HttpRequest.BodyPublishers.noBody(),
                "X-Admin-Key", ADMIN_KEY);
        assertThat(viaHeader.statusCode()).isEqualTo(200);
        assertThat(viaHeader.body()).doesNotContain("tokenHashes").contains("\"Protocol\"");
    }

    /** A request with this test's SCIM stack.token() (unless headers name another credential). */
    private static HttpResponse<String> raw(String method, String path, String contentType, HttpRequest.BodyPublisher body,
            String... headers) {
        HttpRequest.Builder request = ApiHttp.request(method, stack.base() + path, contentType, body, headers);
        if (headers.length == 0 || !headers[0].equals("X-Admin-Key")) {
            request.header("Authorization", bearer(stack.token()));
        }
        return ApiHttp.send(request);
    }
}
