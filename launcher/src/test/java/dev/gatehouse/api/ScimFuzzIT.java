package dev.gatehouse.api;

import static dev.gatehouse.testkit.TestHttp.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.launcher.TestStack;
import dev.gatehouse.pipeline.config.ConfigKeys;
import dev.gatehouse.scim.ScimJson;
import dev.gatehouse.testkit.ApiHttp;
import dev.gatehouse.testkit.Gatehouse;
import dev.gatehouse.testkit.TestHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bad input on the real stack (API, broker, processor): thousands of generated and mutated SCIM
 * bodies, filters, PATCH paths and values, huge and deeply nested payloads, wrong content types and
 * broken encodings. Every answer must come within the client's timeout, never be a 5xx, and every
 * error must be an RFC 7644 error body; a rejected write must leave the resource as it was. Seeded,
 * so a failure replays exactly.
 */
class ScimFuzzIT {
    private static final long SEED = 20261129L;
    private static final String[] ATTRIBUTES = {"userName", "USERNAME", "displayName", "active", "emails", "emails.value",
            "emails[type eq \"work\"].value", "name.givenName", "name", "members", "members.value", "externalId", "id",
            "meta", "meta.version", "groups", "roles", "manager", "metadata", "metadata.city", "metadata.a.b",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
            "urn:ietf:params:scim:schemas:core:2.0:User:userName", "urn:x:custom:1.0:User:thing", "phoneNumbers[type eq]",
            "addresses[type eq \"work\"", "emails[", "]", "[]", ".", "..", "a..b", "", " ", "ü", "\u0000", "\"", "\\",
            "x".repeat(300)};
    private static final String[] OPERATORS = {"eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le", "pr", "EQ", "and",
            "or", "not", "(", ")", "[", "]", "\"", "zz"};
    private static final String[] VALUES = {"\"x\"", "\"\"", "true", "false", "\"True\"", "null", "1", "-1.5e308",
            "1e999", "[]", "{}", "[1,2]", "{\"value\":\"v\"}", "[{\"value\":\"v\"}]", "\"" + "y".repeat(2000) + "\"",
            "\"\\u0000\"", "\"\\ud800\"", "\"ü\"", "[[[[[]]]]]", "{\"metadata.city\":\"B\"}", "{\"a\":{\"b\":{}}}"};
    private static final String[] OPS = {"add", "Add", "replace", "Replace", "remove", "Remove", "ADD", "copy", "", "1"};

    // The organization's SCIM rate limit would answer part of the load with 429 instead of testing it.
    @RegisterExtension
    static final TestStack stack = TestStack.perClass(Map.of(ConfigKeys.SCIM_RATE_LIMIT, "100000")).withOrganization("Fuzz");

    @Test
    void generatedAndMutatedRequestsNeverGet5xxAndAlwaysAScimErrorBody() throws Exception {
        String userId = created("/Users", "{\"userName\":\"fuzz-anchor@fuzz.test\",\"active\":true}");
        String groupId = created("/Groups", "{\"displayName\":\"Fuzz anchor\",\"members\":[{\"value\":\"" + userId + "\"}]}");
        Random random = new Random(SEED);
        List<Request> requests = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            requests.add(new Request("POST", i % 2 == 0 ? "/Users" : "/Groups", mutate(random, seedBody(random, i)),
                    "application/scim+json"));
        }
        for (int i = 0; i < 500; i++) {
            requests.add(new Request("GET", (i % 2 == 0 ? "/Users" : "/Groups") + "?" + query(random), null, null));
        }
        for (int i = 0; i < 700; i++) {
            String target = i % 3 == 0 ? "/Groups/" + groupId : "/Users/" + userId;
            requests.add(new Request("PATCH", target, patchBody(random), "application/scim+json"));
        }
        for (int i = 0; i < 100; i++) {
            requests.add(new Request("PUT", "/Users/" + userId, mutate(random, seedBody(random, 0)), "application/scim+json"));
        }
        requests.addAll(oddities());

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (Request request : requests) {
                done.add(pool.submit(() -> check(request, send(request))));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(requests).hasSizeGreaterThan(1_900);
    }

    @Test
    void aRejectedWriteLeavesTheResourceExactlyAsItWas() throws Exception {
        String userId = created("/Users", "{\"userName\":\"fuzz-state@fuzz.test\",\"active\":true,"
                + "\"emails\":[{\"type\":\"work\",\"value\":\"s@fuzz.test\",\"primary\":true}],\"metadata\":{\"city\":\"Berlin\"}}");
        Random random = new Random(SEED + 1);
        JsonNode before = get("/Users/" + userId);
        int rejected = 0;
        for (int i = 0; i < 300; i++) {
            boolean put = i % 4 == 0;
            Request request = new Request(put ? "PUT" : "PATCH", "/Users/" + userId,
                    put ? mutate(random, seedBody(random, 0)) : patchBody(random), "application/scim+json");
            HttpResponse<String> response = send(request);
            check(request, response);
            JsonNode after = get("/Users/" + userId);
            if (response.statusCode() >= 400) {
                rejected++;
                assertThat(after).as("%s answered %d", request, response.statusCode()).isEqualTo(before);
            }
            before = after;
        }
        assertThat(rejected).as("the generator must produce rejections").isGreaterThan(50);
    }

    private record Request(String method, String path, String body, String contentType) {
        @Override
        public String toString() {
            String shown = body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "…" : body;
            return method + " " + path + " [" + contentType + "] " + shown;
        }
    }

    private static void check(Request request, HttpResponse<String> response) {
        int status = response.statusCode();
        assertThat(status).as("%s → %s", request, response.body()).isBetween(200, 499);
        if (status >= 400) {
            assertThat(response.headers().firstValue("Content-Type").orElse(""))
                    .as("%s", request).startsWith("application/scim+json");
            JsonNode body = parse(request, response.body());
            assertThat(body.path("schemas").toString()).as("%s", request).contains("urn:ietf:params:scim:api:messages:2.0:Error");
            assertThat(body.path("status").isTextual()).as("%s", request).isTrue();
            assertThat(body.path("status").asText()).as("%s", request).isEqualTo(Integer.toString(status));
        }
    }

    private static JsonNode parse(Request request, String body) {
        try {
            return ScimJson.mapper().readTree(body);
        } catch (IOException e) {
            throw new AssertionError(request + " answered a non-JSON error: " + body, e);
        }
    }

    private static String seedBody(Random random, int i) {
        String[] seeds = {
            "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"u" + random.nextInt() + "@f.test\","
                    + "\"active\":true,\"name\":{\"givenName\":\"A\",\"familyName\":\"B\"},"
                    + "\"emails\":[{\"type\":\"work\",\"value\":\"a@f.test\",\"primary\":true}],\"metadata\":{\"city\":\"Berlin\"}}",
            "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"g" + random.nextInt() + "\","
                    + "\"members\":[{\"value\":\"nobody\"}]}",
            "{\"userName\":\"e" + random.nextInt() + "@f.test\",\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\":"
                    + "{\"manager\":{\"value\":\"m\"},\"department\":\"D\"},\"metadata.city\":\"Paris\",\"roles\":[{\"value\":\"[\\\"r\\\"]\"}]}",
        };
        return seeds[(i + random.nextInt(seeds.length)) % seeds.length];
    }

    /** One to four mutations of the text or of its JSON structure. */
    private static String mutate(Random random, String body) {
        String out = body;
        int n = 1 + random.nextInt(4);
        for (int k = 0; k < n; k++) {
            int at = out.isEmpty() ? 0 : random.nextInt(out.length());
            switch (random.nextInt(9)) {
                case 0 -> out = out.substring(0, at) + out.substring(Math.min(out.length(), at + 1 + random.nextInt(5)));
                case 1 -> out = out.substring(0, at) + pick(random, new String[] {"{", "}", "[", "]", "\"", ",", ":", "\\",
                        "\u0000", "ü", "\ud83d\ude00", "null", "1e400"}) + out.substring(at);
                case 2 -> out = out.replaceFirst("\"[A-Za-z.:0-9]+\":", "\"" + pick(random, ATTRIBUTES).replace("\"", "") + "\":");
                case 3 -> out = out.replaceFirst(":(\"[^\"]*\"|true|false|\\d+)", ":" + java.util.regex.Matcher.quoteReplacement(pick(random, VALUES)));
                case 4 -> out = out.substring(0, at);
                case 5 -> out = "[" + out + "]";
                case 6 -> out = out.replaceFirst("\\{", "{\"" + pick(random, ATTRIBUTES).replace("\"", "").replace("\\", "")
                        + "\":" + java.util.regex.Matcher.quoteReplacement(pick(random, VALUES)) + ",");
                case 7 -> out = out.replaceFirst("\\{", java.util.regex.Matcher.quoteReplacement("{\"userName\":\"dup\","));
                default -> out = out.toUpperCase(java.util.Locale.ROOT);
            }
        }
        return out;
    }

    private static String patchBody(Random random) {
        StringBuilder ops = new StringBuilder();
        int n = 1 + random.nextInt(3);
        for (int k = 0; k < n; k++) {
            ops.append(k == 0 ? "" : ",").append("{\"op\":\"").append(pick(random, OPS)).append("\"");
            if (random.nextInt(4) != 0) {
                ops.append(",\"path\":").append(ScimJson.mapper().valueToTree(path(random)).toString());
            }
            if (random.nextInt(5) != 0) {
                ops.append(",\"value\":").append(pick(random, VALUES));
            }
            ops.append("}");
        }
        String body = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\""
                + (random.nextBoolean() ? "Operations" : "operations") + "\":[" + ops + "]}";
        return random.nextInt(5) == 0 ? mutate(random, body) : body;
    }

    private static String path(Random random) {
        String path = pick(random, ATTRIBUTES);
        if (random.nextInt(3) == 0) {
            path += "[" + pick(random, ATTRIBUTES) + " " + pick(random, OPERATORS) + " " + pick(random, VALUES) + "]";
        }
        if (random.nextInt(4) == 0) {
            path += "." + pick(random, ATTRIBUTES);
        }
        return path;
    }

    private static String query(Random random) {
        StringBuilder filter = new StringBuilder();
        int n = 1 + random.nextInt(6);
        for (int k = 0; k < n; k++) {
            filter.append(k == 0 ? "" : " ").append(switch (random.nextInt(3)) {
                case 0 -> pick(random, ATTRIBUTES);
                case 1 -> pick(random, OPERATORS);
                default -> pick(random, VALUES);
            });
        }
        String[] extras = {"", "&startIndex=" + (random.nextInt(5) - 2), "&count=" + pick(random, new String[] {"0", "-1",
                "99999999999", "x", ""}), "&attributes=" + pick(random, ATTRIBUTES), "&excludedAttributes=members",
                "&sortBy=" + pick(random, ATTRIBUTES) + "&sortOrder=" + pick(random, new String[] {"ascending", "up", ""})};
        return "filter=" + Gatehouse.encode(filter.toString()) + pick(random, extras).replace(" ", "%20")
                .replace("\"", "%22").replace("[", "%5B").replace("]", "%5D").replace("\\", "%5C");
    }

    /** Hand-made extremes: huge and deeply nested payloads, wrong content types, broken encodings. */
    private static List<Request> oddities() {
        List<Request> out = new ArrayList<>();
        // Over the body limit but within what the API drains first, so the client reads the 413 (a body far
        // past it is answered before it is read, and a client sending it whole may see the connection reset:
        // ScimProtocolIT covers that size with Expect: 100-continue).
        out.add(new Request("POST", "/Users", "{\"userName\":\"" + "h".repeat(900_000) + "\"}", "application/scim+json"));
        out.add(new Request("POST", "/Users", "[".repeat(100_000) + "]".repeat(100_000), "application/scim+json"));
        out.add(new Request("POST", "/Users", "{\"a\":".repeat(20_000) + "1" + "}".repeat(20_000), "application/scim+json"));
        out.add(new Request("POST", "/Users", "{\"userName\":\"x@f.test\"}", "text/plain"));
        out.add(new Request("POST", "/Users", "<user><userName>x</userName></user>", "application/xml"));
        out.add(new Request("POST", "/Users", "userName=x", "application/x-www-form-urlencoded"));
        out.add(new Request("POST", "/Users", "{\"userName\":\"x@f.test\"}", "application/json; charset=latin1"));
        out.add(new Request("POST", "/Users", "", "application/scim+json"));
        out.add(new Request("POST", "/Users", "null", "application/scim+json"));
        out.add(new Request("POST", "/Users", "\"just a string\"", "application/scim+json"));
        out.add(new Request("PATCH", "/Users/nobody", "{\"Operations\":[]}", "application/scim+json"));
        out.add(new Request("PATCH", "/Users/%00", "{}", "application/scim+json"));
        out.add(new Request("GET", "/Users?filter=" + "(".repeat(5_000) + "userName%20eq%20%22x%22" + ")".repeat(5_000), null, null));
        out.add(new Request("GET", "/Users?filter=" + "userName%20eq%20%22x%22%20or%20".repeat(2_000) + "active%20pr", null, null));
        out.add(new Request("DELETE", "/Users/" + "z".repeat(5_000), null, null));
        out.add(new Request("GET", "/Nonsense", null, null));
        out.add(new Request("BOGUS", "/Users", "{}", "application/scim+json"));
        out.add(new Request("POST", "/Users", null, "application/scim+json"));
        return out;
    }

    private static String pick(Random random, String[] options) {
        return options[random.nextInt(options.length)];
    }

    private static String created(String path, String body) {
        HttpResponse<String> response = stack.scim("POST", path, stack.token(), body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return TestHttp.json(response).get("id").asText();
    }

    private static JsonNode get(String path) {
        HttpResponse<String> response = stack.scim("GET", path, stack.token(), null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return TestHttp.json(response);
    }

    private static HttpResponse<String> send(Request request) {
        byte[] bytes = request.body() == null ? null : request.body().getBytes(
                request.contentType() != null && request.contentType().contains("latin1")
                        ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        // Sent again once if no answer came: eight threads share the client's kept-alive connections, and one
        // may take a connection the server closed an instant before (a keep-alive race seen once on a loaded
        // machine, no byte of an answer read). A second silence is the server's.
        UncheckedIOException first = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                return ApiHttp.send(ApiHttp.request(request.method(), stack.base() + "/scim/v2" + request.path(),
                        request.contentType(),
                        bytes == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes),
                        "Authorization", bearer(stack.token())));
            } catch (UncheckedIOException e) {
                first = first == null ? e : first;
            }
        }
        throw new AssertionError(request + " got no answer", first);
    }
}
