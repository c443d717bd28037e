package dev.gatehouse.api;

import static dev.gatehouse.testkit.Gatehouse.patchBody;
import static dev.gatehouse.testkit.TestHttp.assertScimError;
import static dev.gatehouse.testkit.TestHttp.bearer;
import static dev.gatehouse.testkit.TestHttp.json;
import static dev.gatehouse.testkit.TestHttp.sendBytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.launcher.TestStack;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SCIM request bodies are read strictly (RFC 7644 §3.8: JSON, UTF-8; RFC 8259 §2, §8.1, §8.2): one JSON
 * object and nothing after it, well-formed UTF-8 only, no unpaired surrogate escapes, at most 32 levels
 * of nesting. What is refused is never half-read: nothing is created or changed.
 */
class StrictInputIT {
    @RegisterExtension
    static final TestStack stack = TestStack.perClass();

    @Test
    void contentAfterTheJsonObjectIsInvalidSyntaxAndCreatesNothing() {
        String token = stack.newTenantToken("Trailing");
        assertEachCreateRefused(token, "invalidSyntax",
                "{\"userName\":\"a@trailing.test\"}{\"userName\":\"b@trailing.test\"}",
                "{\"userName\":\"a@trailing.test\"} {}",
                "{\"userName\":\"a@trailing.test\"}]",
                "{\"userName\":\"a@trailing.test\"}\n\"b\"",
                "{\"userName\":\"a@trailing.test\"}x",
                "{\"userName\":\"a@trailing.test\"}1");
        String id = created(stack.scim("POST", "/Users", token, "{\"userName\":\"kept@trailing.test\"}\r\n \t"));
        assertScimError(stack.scim("PUT", "/Users/" + id, token,
                "{\"userName\":\"kept@trailing.test\",\"displayName\":\"A\"}{\"displayName\":\"B\"}"), 400, "invalidSyntax");
        assertScimError(stack.scim("PATCH", "/Users/" + id, token,
                patchBody("[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"C\"}]") + "]"), 400, "invalidSyntax");
        assertThat(users(token)).isEqualTo(1);
        assertThat(json(stack.scim("GET", "/Users/" + id, token, null)).has("displayName")).isFalse();
    }

    @Test
    void invalidUtf8OfAnyKindIsInvalidSyntaxAndNothingIsStored() {
        String token = stack.newTenantToken("Utf8");
        List<String> malformed = List.of(
                "C0AF",         // overlong '/'
                "E080AF",       // overlong '/', three bytes
                "F08080AF",     // overlong '/', four bytes
                "C1BF",         // overlong
                "80",           // lone continuation byte
                "BF41",         // lone continuation byte before ASCII
                "E282",         // truncated three-byte sequence (before the closing quote)
                "F09F98",       // truncated four-byte sequence
                "C3",           // truncated two-byte sequence
                "EDA080",       // UTF-8-encoded high surrogate U+D800
                "EDBFBF",       // UTF-8-encoded low surrogate U+DFFF
                "EDA0BDEDB880", // a surrogate pair encoded as two three-byte sequences (CESU-8)
                "F4908080",     // U+110000, above U+10FFFF
                "F7BFBFBF",     // U+1FFFFF
                "F880808080",   // five-byte form
                "FE",
                "FF");
        for (String hex : malformed) {
            byte[] inValue = bytes("{\"userName\":\"bad", hex, "@utf8.test\"}");
            assertScimError(post(token, inValue), 400, "invalidSyntax");
            byte[] inKey = bytes("{\"userName\":\"key@utf8.test\",\"display", hex, "Name\":\"x\"}");
            assertScimError(post(token, inKey), 400, "invalidSyntax");
        }
        assertThat(users(token)).as("nothing was stored").isZero();

        // Well-formed UTF-8, two to four bytes, and a leading byte order mark (RFC 8259 §8.1 lets it be ignored).
        HttpResponse<String> good = post(token, bytes("EFBBBF", "{\"userName\":\"good@utf8.test\",\"displayName\":\"Zürich € 😀\"}"));
        assertThat(json(stack.scim("GET", "/Users/" + created(good), token, null)).get("displayName").asText())
                .isEqualTo("Zürich € 😀");
    }

    @Test
    void loneSurrogateEscapesAreInvalidValueInValuesAndKeysAtAnyDepth() {
        String token = stack.newTenantToken("Surrogates");
        assertEachCreateRefused(token, "invalidValue",
                "{\"userName\":\"\\ud800\"}",
                "{\"userName\":\"\\udc00x@s.test\"}",
                "{\"userName\":\"x@s.test\\uDBFF\"}",
                "{\"userName\":\"x@s.test\",\"displayName\":\"\\ud800\\u0041\"}",
                "{\"userName\":\"x@s.test\",\"displayName\":\"\\udc00\\ud800\"}",
                "{\"userName\":\"x@s.test\",\"\\ud800\":\"v\"}",
                "{\"userName\":\"x@s.test\",\"name\":{\"given\\udfffName\":\"v\"}}",
                "{\"userName\":\"x@s.test\",\"name\":{\"givenName\":\"\\udfff\"}}",
                "{\"userName\":\"x@s.test\",\"emails\":[{\"type\":\"work\",\"value\":\"\\ud83d@s.test\"}]}",
                "{\"userName\":\"x@s.test\",\"metadata\":{\"city\":\"\\ude00\"}}",
                "{\"userName\":\"x@s.test\",\"urn:x:custom:1.0:User\":{\"a\":[[{\"b\":[\"\\ud800\"]}]]}}");
        assertThat(users(token)).as("nothing was stored").isZero();

        String id = created(stack.scim("POST", "/Users", token,
                "{\"userName\":\"pair@s.test\",\"displayName\":\"\\ud83d\\ude00 ok\"}"));
        assertThat(json(stack.scim("GET", "/Users/" + id, token, null)).get("displayName").asText()).isEqualTo("😀 ok");
        assertScimError(stack.scim("PATCH", "/Users/" + id, token,
                patchBody("[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"\\ud800\"}]")), 400, "invalidValue");
        assertScimError(stack.scim("PATCH", "/Users/" + id, token,
                patchBody("[{\"op\":\"replace\",\"value\":{\"\\udc00\":\"x\"}}]")), 400, "invalidValue");
        assertScimError(stack.scim("PUT", "/Users/" + id, token,
                "{\"userName\":\"pair@s.test\",\"displayName\":\"\\ud800\"}"), 400, "invalidValue");
        assertThat(json(stack.scim("GET", "/Users/" + id, token, null)).get("displayName").asText()).isEqualTo("😀 ok");
    }

    @Test
    void nestingDeeperThan32LevelsIsInvalidSyntaxNotA503() {
        String token = stack.newTenantToken("Nesting");
        assertScimError(stack.scim("POST", "/Users", token, nested("deep@n.test", 1_000)), 400, "invalidSyntax");
        assertScimError(stack.scim("POST", "/Users", token, nested("deep@n.test", 33)), 400, "invalidSyntax");
        assertScimError(stack.scim("PATCH", "/Users/nobody", token,
                patchBody("[{\"op\":\"add\",\"value\":" + "[".repeat(30) + "]".repeat(30) + "}]")), 400, "invalidSyntax");
        assertThat(users(token)).isZero();
        // 32 levels are read: the answer is the server's verdict on the content, not a syntax error.
        HttpResponse<String> deepest = stack.scim("POST", "/Users", token, nested("ok@n.test", 32));
        assertThat(deepest.statusCode()).as(deepest.body()).isEqualTo(201);
    }

    /** A user whose custom extension nests arrays so that the whole body is {@code depth} levels deep. */
    private static String nested(String userName, int depth) {
        int arrays = depth - 2;
        return "{\"userName\":\"" + userName + "\",\"urn:x:custom:1.0:User\":{\"deep\":"
                + "[".repeat(arrays) + "]".repeat(arrays) + "}}";
    }

    /** Each body, POSTed as a new user, is refused with a 400 of {@code scimType}. */
    private static void assertEachCreateRefused(String token, String scimType, String... bodies) {
        for (String body : bodies) {
            assertScimError(stack.scim("POST", "/Users", token, body), 400, scimType);
        }
    }

    private static HttpResponse<String> post(String token, byte[] body) {
        return sendBytes("POST", stack.base() + "/scim/v2/Users", bearer(token), body);
    }

    /** Text parts as UTF-8, parts that are all hex digits as raw bytes. */
    private static byte[] bytes(String... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String part : parts) {
            out.writeBytes(part.matches("([0-9A-F]{2})+") ? HexFormat.of().parseHex(part) : part.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static int users(String token) {
        return json(stack.scim("GET", "/Users?count=0", token, null)).get("totalResults").asInt();
    }

    private static String created(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response).get("id").asText();
    }
}
