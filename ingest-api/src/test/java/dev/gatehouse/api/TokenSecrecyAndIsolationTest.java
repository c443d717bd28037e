package dev.gatehouse.api;

import static dev.gatehouse.api.ApiFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.api.tenant.Tokens;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Where a SCIM token must never be: in any topic (the broker's log segment files are scanned on
 * disk), in any log line (standard error, where slf4j-simple writes, is captured for the whole stack's
 * life), in any error body; and what a token must never reach: another organization's resources.
 */
class TokenSecrecyAndIsolationTest {
    private static final ByteArrayOutputStream LOGS = new ByteArrayOutputStream();
    private static PrintStream originalErr;
    private static TestStack stack;

    @BeforeAll
    static void start() {
        originalErr = System.err;
        System.setErr(new PrintStream(new Tee(originalErr, LOGS), true, StandardCharsets.UTF_8));
        stack = TestStack.start();
    }

    @AfterAll
    static void stop() {
        try {
            stack.close();
        } finally {
            System.setErr(originalErr);
        }
    }

    /** Copies everything to the real stream and to the capture. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int x) throws IOException {
            a.write(x);
            synchronized (LOGS) {
                b.write(x);
            }
        }

        @Override
        public void write(byte[] bytes, int off, int len) throws IOException {
            a.write(bytes, off, len);
            synchronized (LOGS) {
                b.write(bytes, off, len);
            }
        }
    }

    @Test
    void aTokenIsInNoTopicNoLogLineAndNoErrorBody() throws IOException {
        List<String> tokens = new ArrayList<>();
        String id = json(stack.admin("POST", "/admin/v1/tenants", "{\"name\":\"Secretive\"}")).get("id").asText();
        stack.admin("PUT", "/admin/v1/tenants/" + id + "/sso", ApiFixture.ssoBody());
        stack.admin("PUT", "/admin/v1/tenants/" + id + "/scim", "{\"enabled\":true}");
        for (int i = 0; i < 3; i++) {
            tokens.add(json(stack.admin("POST", "/admin/v1/tenants/" + id + "/scim/token", null)).get("token").asText());
            HttpResponse<String> used = stack.scim("POST", "/Users", tokens.get(i), "{\"userName\":\"u" + i + "@secret.test\"}");
            assertThat(used.statusCode()).isEqualTo(201);
        }
        // Revoked and mangled tokens on every path that answers an error.
        for (String token : tokens.subList(0, 2)) {
            assertThat(stack.scim("GET", "/Users", token, null).body()).doesNotContain(token);
            assertThat(stack.scim("POST", "/Users", token, "{\"userName\":\"x\"}").body()).doesNotContain(token);
        }
        String live = tokens.get(2);
        assertThat(stack.scim("GET", "/Users", live + "x", null).body()).doesNotContain(live);
        assertThat(stack.scim("POST", "/Users", live, "{\"userName\":\"u0@secret.test\"}").body())
                .as("a 409 is no echo of the credential").doesNotContain(live).doesNotContain("Bearer");
        stack.admin("PUT", "/admin/v1/tenants/" + id + "/scim", "{\"enabled\":false}");
        assertThat(stack.scim("GET", "/Users", live, null).body()).doesNotContain(live);
        assertThat(stack.admin("GET", "/admin/v1/tenants/" + id + "/audit", null).body()).doesNotContain(live);
        assertThat(stack.admin("GET", "/admin/v1/tenants/" + id + "/activity", null).body()).doesNotContain(live);

        // Topics: every segment file of this stack's topics, read raw from the broker's log dir.
        Path brokerDirs = Path.of("target", "test-kafka");
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(brokerDirs)) {
            try (Stream<Path> walk = Files.walk(brokerDirs)) {
                walk.filter(Files::isRegularFile)
                        .filter(f -> f.getFileName().toString().endsWith(".log"))
                        .filter(f -> f.getParent().getFileName().toString().startsWith(stack.config.topicPrefix()))
                        .forEach(files::add);
            }
        }
        assumeTrue(!files.isEmpty(), "the broker's log dir is on this disk only with the embedded broker");
        boolean hashFound = false;
        boolean nameFound = false;
        for (Path file : files) {
            String segment = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            hashFound |= segment.contains(Tokens.hash(tokens.get(0)));
            nameFound |= segment.contains("Secretive");
            for (String token : tokens) {
                // Short messages: a failing assertion must not print (or leak) whole segments.
                assertThat(segment.contains(token) || segment.contains(token.substring(Tokens.PREFIX.length())))
                        .as("a token is in segment %s", file).isFalse();
            }
        }
        assertThat(hashFound).as("the scan reads what the topics hold: the token's hash").isTrue();
        assertThat(nameFound).as("the scan reads what the topics hold: the organization's name").isTrue();

        // Log lines: everything the stack logged while this class ran.
        LoggerFactory.getLogger(TokenSecrecyAndIsolationTest.class).warn("log capture check {}", id);
        String logs;
        synchronized (LOGS) {
            logs = LOGS.toString(StandardCharsets.UTF_8);
        }
        assertThat(logs.contains("log capture check " + id)).as("the capture sees log lines").isTrue();
        for (String token : tokens) {
            assertThat(logs.contains(token.substring(Tokens.PREFIX.length()))).as("a token is in the logs").isFalse();
        }
        assertThat(logs.contains(ApiFixture.ADMIN_KEY)).as("the admin key is in the logs").isFalse();
    }

    @Test
    void aTokenReadsAndChangesNothingOfAnotherOrganizationOnAnyEndpoint() {
        String a = stack.newTenantToken("Tenant A");
        String b = stack.newTenantToken("Tenant B");
        JsonNode user = json(stack.scim("POST", "/Users", b, "{\"userName\":\"bob@b.test\",\"externalId\":\"ext-bob\",\"active\":true}"));
        String userId = user.get("id").asText();
        JsonNode group = json(stack.scim("POST", "/Groups", b,
                "{\"displayName\":\"B Doors\",\"members\":[{\"value\":\"" + userId + "\"}]}"));
        String groupId = group.get("id").asText();
        String userBefore = stack.scim("GET", "/Users/" + userId, b, null).body();
        String groupBefore = stack.scim("GET", "/Groups/" + groupId, b, null).body();

        String patchUser = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                + "\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]}";
        String patchGroup = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                + "\"Operations\":[{\"op\":\"remove\",\"path\":\"members\"}]}";
        for (String path : List.of("/Users/" + userId, "/Groups/" + groupId)) {
            assertThat(stack.scim("GET", path, a, null).statusCode()).as("GET " + path).isEqualTo(404);
            assertThat(stack.scim("PATCH", path, a, path.startsWith("/Users") ? patchUser : patchGroup).statusCode())
                    .as("PATCH " + path).isEqualTo(404);
            String replacement = path.startsWith("/Users") ? "{\"userName\":\"mallory@a.test\"}" : "{\"displayName\":\"Taken\"}";
            assertThat(stack.scim("PUT", path, a, replacement).statusCode()).as("PUT " + path).isEqualTo(404);
            assertThat(stack.scim("DELETE", path, a, null).statusCode()).as("DELETE " + path).isEqualTo(404);
        }
        for (String list : List.of("/Users", "/Groups", "/Users?filter=" + TestStack.encode("userName eq \"bob@b.test\""),
                "/Users?filter=" + TestStack.encode("id eq \"" + userId + "\""),
                "/Users?filter=" + TestStack.encode("externalId eq \"ext-bob\""),
                "/Groups?filter=" + TestStack.encode("displayName eq \"B Doors\""))) {
            JsonNode page = json(stack.scim("GET", list, a, null));
            assertThat(page.get("totalResults").asInt()).as("GET " + list).isZero();
        }
        HttpResponse<String> ownGroup = stack.scim("POST", "/Groups", a,
                "{\"displayName\":\"A Doors\",\"members\":[{\"value\":\"" + userId + "\"}]}");
        assertThat(ownGroup.statusCode()).isEqualTo(201);
        JsonNode members = json(stack.scim("GET", "/Groups/" + json(ownGroup).get("id").asText(), a, null)).path("members");
        assertThat(members.toString()).as("another organization's user cannot be made a member").doesNotContain(userId);

        assertThat(stack.scim("GET", "/Users/" + userId, b, null).body()).as("B's user unchanged").isEqualTo(userBefore);
        assertThat(stack.scim("GET", "/Groups/" + groupId, b, null).body()).as("B's group unchanged").isEqualTo(groupBefore);
    }
}
