package dev.gatehouse.api;

import static dev.gatehouse.testkit.Gatehouse.patchBody;
import static dev.gatehouse.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.tenant.Tokens;
import dev.gatehouse.launcher.TestStack;
import dev.gatehouse.launcher.logging.LogSettings;
import dev.gatehouse.pipeline.config.KafkaConfig;
import dev.gatehouse.scim.ScimJson;
import dev.gatehouse.testkit.Gatehouse;
import dev.gatehouse.testkit.TestHttp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * Where a SCIM token must never be: in any topic (the broker's log segment files are scanned on
 * disk), in any log line (the production log set-up at DEBUG is captured for the whole stack's life), in any error body; and what a token must never reach: another organization's resources. The
 * isolation matrix asks every endpoint, with A's token, once with B's ids and names and once with ones
 * that exist nowhere: the two answers must not differ (status, body shape, error text), and B's data
 * must be what it was.
 */
class TokenSecrecyAndIsolationIT {
    private static final ByteArrayOutputStream LOGS = new ByteArrayOutputStream();
    private static TestStack stack;

    @BeforeAll
    static void start() {
        new LogSettings(false, Level.DEBUG).install(logging(), LOGS);
        stack = TestStack.start();
    }

    @AfterAll
    static void stop() throws JoranException {
        try {
            stack.close();
        } finally {
            LoggerContext context = logging();
            context.reset();
            new ContextInitializer(context).autoConfig();
        }
    }

    private static LoggerContext logging() {
        return (LoggerContext) LoggerFactory.getILoggerFactory();
    }

    @Test
    void aTokenIsInNoTopicNoLogLineAndNoErrorBody() throws IOException {
        List<String> tokens = new ArrayList<>();
        String id = json(stack.admin("POST", "/admin/v1/tenants", "{\"name\":\"Secretive\"}")).get("id").asText();
        stack.admin("PUT", "/admin/v1/tenants/" + id + "/sso", Gatehouse.ssoBody());
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
                        .filter(f -> f.getParent().getFileName().toString().startsWith(KafkaConfig.from(stack.config()).topicPrefix()))
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
        LoggerFactory.getLogger(TokenSecrecyAndIsolationIT.class).warn("log capture check {}", id);
        String logs = LOGS.toString(StandardCharsets.UTF_8);
        assertThat(logs.contains("log capture check " + id)).as("the capture sees log lines").isTrue();
        for (String token : tokens) {
            assertThat(logs.contains(token.substring(Tokens.PREFIX.length()))).as("a token is in the logs").isFalse();
        }
        assertThat(logs.contains(Gatehouse.ADMIN_KEY)).as("the admin key is in the logs").isFalse();
    }

    // ---- Tenant isolation matrix -------------------------------------------------------------------

    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    /**
     * What a row puts into its request: organization B's real ids and names, or ones that exist
     * nowhere. Every request is made with A's token; both variants must be answered alike.
     */
    record Ids(String tenantId, String userId, String userName, String externalId, String groupId, String groupName) {
    }

    /** The request of a row for the given ids. */
    record Request(String method, String path, String body) {
    }

    /** One endpoint of the matrix; {@code check} looks further at the answer to B's variant. */
    record Row(String name, Function<Ids, Request> request, BiConsumer<Ids, HttpResponse<String>> check) {
        Row(String name, Function<Ids, Request> request) {
            this(name, request, (ids, response) -> { });
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Organizations A and B, B's user (member of B's group) and what B reads of them before any row ran. */
    private record Isolation(String tokenA, String tokenB, Ids b, String groupOfA, String userOfA,
            String userBefore, String groupBefore, String listBefore) {
    }

    private static Isolation isolation;

    private static synchronized Isolation isolation() {
        if (isolation == null) {
            String a = stack.newTenant("Tenant A").token();
            Gatehouse.Organization tenantOfB = stack.newTenant("Tenant B");
            String b = tenantOfB.token();
            String tenantB = tenantOfB.id();
            JsonNode bob = json(stack.scim("POST", "/Users", b, "{\"userName\":\"bob@b.test\",\"externalId\":\"ext-bob\",\"active\":true}"));
            JsonNode doors = json(stack.scim("POST", "/Groups", b,
                    "{\"displayName\":\"B Doors\",\"externalId\":\"ext-b-doors\",\"members\":[{\"value\":\"" + bob.get("id").asText() + "\"}]}"));
            String aliceId = json(stack.scim("POST", "/Users", a, "{\"userName\":\"alice@a.test\"}")).get("id").asText();
            String aDoors = json(stack.scim("POST", "/Groups", a, "{\"displayName\":\"A Doors\"}")).get("id").asText();
            Ids ids = new Ids(tenantB, bob.get("id").asText(), "bob@b.test", "ext-bob", doors.get("id").asText(), "B Doors");
            isolation = new Isolation(a, b, ids, aDoors, aliceId, stack.scim("GET", "/Users/" + ids.userId(), b, null).body(),
                    stack.scim("GET", "/Groups/" + ids.groupId(), b, null).body(), stack.scim("GET", "/Users", b, null).body());
        }
        return isolation;
    }

    private static Ids missing() {
        String unique = UUID.randomUUID().toString();
        return new Ids(UUID.randomUUID().toString(), UUID.randomUUID().toString(), "nobody-" + unique.substring(0, 8) + "@b.test",
                "ext-" + unique, UUID.randomUUID().toString(), "No Such Doors " + unique.substring(0, 8));
    }

    private static String filter(String expression) {
        return "filter=" + Gatehouse.encode(expression);
    }

    /** A POST .search (RFC 7644 §3.4.3) with {@code filter} (null for all) and the largest page. */
    private static Request search(String path, String filter) {
        ObjectNode body = ScimJson.mapper().createObjectNode();
        body.putArray("schemas").add("urn:ietf:params:scim:api:messages:2.0:SearchRequest");
        body.put("count", 1000);
        if (filter != null) {
            body.put("filter", filter);
        }
        return new Request("POST", path, body.toString());
    }

    private static Request get(String path) {
        return new Request("GET", path, null);
    }

    private static void doesNotShow(Ids b, HttpResponse<String> response) {
        assertThat(response.body()).doesNotContain(b.userId()).doesNotContain(b.groupId()).doesNotContain("ext-bob");
    }

    static Stream<Row> rows() {
        return Stream.of(
                new Row("GET Users/{id}", ids -> get("/Users/" + ids.userId())),
                new Row("GET Users/{id}?attributes=userName", ids -> get("/Users/" + ids.userId() + "?attributes=userName")),
                new Row("PUT Users/{id}", ids -> new Request("PUT", "/Users/" + ids.userId(), "{\"userName\":\"mallory@a.test\"}")),
                new Row("PATCH Users/{id}", ids -> new Request("PATCH", "/Users/" + ids.userId(),
                        patchBody("[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]"))),
                new Row("DELETE Users/{id}", ids -> new Request("DELETE", "/Users/" + ids.userId(), null)),
                new Row("GET Groups/{id}", ids -> get("/Groups/" + ids.groupId())),
                new Row("GET Groups/{id}?excludedAttributes=members", ids -> get("/Groups/" + ids.groupId() + "?excludedAttributes=members")),
                new Row("PUT Groups/{id}", ids -> new Request("PUT", "/Groups/" + ids.groupId(), "{\"displayName\":\"Taken\"}")),
                new Row("PATCH Groups/{id} remove members", ids -> new Request("PATCH", "/Groups/" + ids.groupId(),
                        patchBody("[{\"op\":\"remove\",\"path\":\"members\"}]"))),
                new Row("PATCH Groups/{id} rename", ids -> new Request("PATCH", "/Groups/" + ids.groupId(),
                        patchBody("[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Owned\"}]"))),
                new Row("DELETE Groups/{id}", ids -> new Request("DELETE", "/Groups/" + ids.groupId(), null)),
                new Row("GET Users (all)", ids -> get("/Users?count=1000"), TokenSecrecyAndIsolationIT::doesNotShow),
                new Row("GET Groups (all)", ids -> get("/Groups?count=1000"), TokenSecrecyAndIsolationIT::doesNotShow),
                new Row("GET Users?filter=userName eq", ids -> get("/Users?" + filter("userName eq \"" + ids.userName() + "\""))),
                new Row("GET Users?filter=userName eq (other case)", ids -> get("/Users?" + filter("userName eq \"" + ids.userName().toUpperCase() + "\""))),
                new Row("GET Users?filter=externalId eq", ids -> get("/Users?" + filter("externalId eq \"" + ids.externalId() + "\""))),
                new Row("GET Users?filter=id eq", ids -> get("/Users?" + filter("id eq \"" + ids.userId() + "\""))),
                new Row("GET Users?filter=userName sw", ids -> get("/Users?" + filter("userName sw \"" + ids.userName().substring(0, 5) + "\""))),
                new Row("GET Groups?filter=displayName eq", ids -> get("/Groups?" + filter("displayName eq \"" + ids.groupName() + "\""))),
                new Row("GET Groups?filter=id eq", ids -> get("/Groups?" + filter("id eq \"" + ids.groupId() + "\""))),
                new Row("GET Groups?filter=members[value eq]", ids -> get("/Groups?" + filter("members[value eq \"" + ids.userId() + "\"]"))),
                new Row("POST Users/.search filter=userName eq", ids -> search("/Users/.search", "userName eq \"" + ids.userName() + "\"")),
                new Row("POST Groups/.search filter=displayName eq", ids -> search("/Groups/.search", "displayName eq \"" + ids.groupName() + "\"")),
                new Row("POST .search filter=id eq (users and groups)", ids -> search("/.search",
                        "id eq \"" + ids.userId() + "\" or id eq \"" + ids.groupId() + "\"")),
                new Row("POST .search (all)", ids -> search("/.search", null), TokenSecrecyAndIsolationIT::doesNotShow),
                new Row("PATCH A's group adding B's user as member", ids -> new Request("PATCH", "/Groups/" + isolation.groupOfA(),
                        patchBody("[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + ids.userId() + "\"}]}]")),
                        (ids, response) -> assertThat(stack.scim("GET", "/Groups/" + isolation.groupOfA(), isolation.tokenA(), null).body())
                                .as("not linked").doesNotContain(ids.userId())),
                new Row("PATCH A's user with B's user as manager", ids -> new Request("PATCH", "/Users/" + isolation.userOfA(),
                        patchBody("[{\"op\":\"add\",\"path\":\"" + ENTERPRISE + ":manager\",\"value\":\"" + ids.userId() + "\"}]")),
                        (ids, response) -> assertThat(stack.scim("GET", "/Users/" + isolation.userOfA(), isolation.tokenA(), null).body())
                                .as("no name or detail of B's user comes along").doesNotContain("bob@b.test")),
                new Row("POST Groups in A with B's user as member", ids -> new Request("POST", "/Groups",
                        "{\"displayName\":\"A " + UUID.randomUUID() + "\",\"members\":[{\"value\":\"" + ids.userId() + "\"}]}"),
                        (ids, response) -> assertThat(stack.scim("GET", "/Groups/" + json(response).get("id").asText(), isolation.tokenA(), null)
                                .body()).as("not linked").doesNotContain(ids.userId())),
                // Names are per organization: B's are free in A (last, so no filter row above finds A's copy).
                new Row("POST Users with B's userName", ids -> new Request("POST", "/Users", "{\"userName\":\"" + ids.userName() + "\"}"),
                        (ids, response) -> assertThat(response.statusCode()).as(response.body()).isEqualTo(201)),
                new Row("POST Groups with B's displayName", ids -> new Request("POST", "/Groups", "{\"displayName\":\"" + ids.groupName() + "\"}"),
                        (ids, response) -> assertThat(response.statusCode()).as(response.body()).isEqualTo(201)),
                // A SCIM token is no admin credential, whichever organization the path names.
                new Row("admin GET tenants/{id} with A's token", ids -> get("/admin/v1/tenants/" + ids.tenantId())),
                new Row("admin PUT tenants/{id}/scim with A's token", ids -> new Request("PUT", "/admin/v1/tenants/" + ids.tenantId() + "/scim", "{\"enabled\":false}")),
                new Row("admin POST tenants/{id}/scim/token with A's token", ids -> new Request("POST", "/admin/v1/tenants/" + ids.tenantId() + "/scim/token", null)),
                new Row("admin GET tenants/{id}/door-status with A's token", ids -> get("/admin/v1/tenants/" + ids.tenantId() + "/door-status")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void anotherOrganizationsIdsAndNamesAnswerAsIfTheyDidNotExist(Row row) {
        Isolation iso = isolation();
        Ids nowhere = missing();
        HttpResponse<String> forB = call(row.request().apply(iso.b()), iso.tokenA());
        HttpResponse<String> forNothing = call(row.request().apply(nowhere), iso.tokenA());

        assertThat(forB.statusCode()).as("status with B's ids: %s", forB.body()).isEqualTo(forNothing.statusCode());
        assertThat(forB.statusCode()).as("never a server error: %s", forB.body()).isLessThan(500);
        assertThat(shape(normalized(forB, iso.b()))).as("body shape").isEqualTo(shape(normalized(forNothing, nowhere)));
        if (forB.statusCode() >= 400) {
            assertThat(normalized(forB, iso.b())).as("the error, B's ids replaced").isEqualTo(normalized(forNothing, nowhere));
        }
        row.check().accept(iso.b(), forB);

        assertThat(stack.scim("GET", "/Users/" + iso.b().userId(), iso.tokenB(), null).body()).as("B's user unchanged").isEqualTo(iso.userBefore());
        assertThat(stack.scim("GET", "/Groups/" + iso.b().groupId(), iso.tokenB(), null).body()).as("B's group unchanged").isEqualTo(iso.groupBefore());
        assertThat(stack.scim("GET", "/Users", iso.tokenB(), null).body()).as("B's users unchanged").isEqualTo(iso.listBefore());
    }

    private static HttpResponse<String> call(Request request, String token) {
        return request.path().startsWith("/admin/")
                ? TestHttp.send(request.method(), stack.base() + request.path(), "Bearer " + token, request.body())
                : stack.scim(request.method(), request.path(), token, request.body());
    }

    /** The body as JSON with the row's ids and names replaced by placeholders (null when empty). */
    private static JsonNode normalized(HttpResponse<String> response, Ids ids) {
        if (response.body().isEmpty()) {
            return null;
        }
        String text = response.body().replace(ids.userId(), "{userId}").replace(ids.groupId(), "{groupId}")
                .replace(ids.tenantId(), "{tenantId}").replace(ids.userName(), "{userName}")
                .replace(ids.userName().toUpperCase(), "{userName}").replace(ids.externalId(), "{externalId}")
                .replace(ids.groupName(), "{groupName}");
        try {
            return ScimJson.mapper().readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    /** Field names and value types, recursively: what two answers must share whatever their values. */
    private static Object shape(JsonNode node) {
        if (node == null) {
            return "empty";
        }
        if (node.isObject()) {
            Map<String, Object> fields = new TreeMap<>();
            node.properties().forEach(f -> fields.put(f.getKey(), shape(f.getValue())));
            return fields;
        }
        if (node.isArray()) {
            List<Object> items = new ArrayList<>();
            node.forEach(item -> items.add(shape(item)));
            return items;
        }
        return node.getNodeType().name();
    }
}
