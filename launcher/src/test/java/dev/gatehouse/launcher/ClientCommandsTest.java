package dev.gatehouse.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.scim.ScimJson;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code client} commands against a stub of the admin API: what each sends (method, path, body,
 * admin key) and how it prints the answer, a refusal and a usage error.
 */
class ClientCommandsTest {
    private static final String KEY = "stub-admin-key";
    private static final String SECRET = "gh_cs_onlyOnceSecretValue";

    private record Request(String method, String path, String authorization, String body) {
    }

    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private int status = 200;
    private String answer = "";

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(int status, String body) {
        this.status = status;
        this.answer = body;
    }

    private CliRun run(String... args) {
        return CliRun.admin("http://127.0.0.1:" + server.getAddress().getPort(), KEY, args);
    }

    private static JsonNode json(String text) throws IOException {
        return ScimJson.mapper().readTree(text);
    }

    @Test
    void createSendsTheNameAndLifetimeAndPrintsTheSecretOnceWithTheNoticeOnStderr() throws IOException {
        answer(201, """
                {"clientId":"c-1","clientSecret":"%s","secretId":"s-1","expiresAt":"2026-06-01T00:00:00Z",
                 "notice":"Store this secret now: it is not shown again.",
                 "tokenUrl":"https://gh.example/oauth2/token","scimUrl":"https://gh.example/scim/v2"}""".formatted(SECRET));

        CliRun created = run("client", "create", "org 1", "--name", "Entra ID", "--secret-days", "90");

        assertThat(created.exit()).as(created.err()).isZero();
        Request sent = requests.get(0);
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/admin/v1/tenants/org%201/scim/clients");
        assertThat(sent.authorization()).isEqualTo("Bearer " + KEY);
        assertThat(json(sent.body())).isEqualTo(json("{\"name\":\"Entra ID\",\"secretLifetimeDays\":90}"));
        assertThat(created.out()).isEqualTo(String.join(System.lineSeparator(),
                "Client ID:     c-1",
                "Client secret: " + SECRET,
                "Secret ID:     s-1",
                "Expires:       2026-06-01T00:00:00Z",
                "Token URL:     https://gh.example/oauth2/token",
                "SCIM URL:      https://gh.example/scim/v2", ""));
        assertThat(created.err()).isEqualTo("Store this secret now: it is not shown again." + System.lineSeparator());
    }

    @Test
    void createWithoutOptionsLeavesTheDefaultsToTheServer() throws IOException {
        answer(201, "{\"clientId\":\"c-1\",\"clientSecret\":\"" + SECRET + "\",\"secretId\":\"s-1\",\"expiresAt\":\"x\"}");

        CliRun created = run("client", "create", "org");

        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(json(requests.get(0).body())).isEqualTo(json("{}"));
        assertThat(created.err()).contains("shown only once");
    }

    @Test
    void listPrintsEverySecretsStateAndTheFederatedCredentialButNoSecretValue() {
        answer(200, """
                {"tokenUrl":"https://gh.example/oauth2/token","scimUrl":"https://gh.example/scim/v2","clients":[
                 {"clientId":"client-aaaa","name":"Entra ID","createdAt":"2025-01-01T00:00:00Z","secrets":[
                   {"secretId":"sec-1","createdAt":"2025-01-01T00:00:00Z","expiresAt":"2025-02-01T00:00:00Z",
                    "expired":false,"expiresSoon":true,"lastUsedAt":"2025-01-20T10:00:00Z"},
                   {"secretId":"sec-2","createdAt":"2025-01-21T00:00:00Z","expiresAt":"2026-01-21T00:00:00Z",
                    "expired":false,"expiresSoon":false,"lastUsedAt":null}],
                  "federation":{"issuer":"https://login.microsoftonline.com/t/v2.0","subject":"mi-object-id",
                    "audience":"api://gatehouse","jwksUri":"https://login.microsoftonline.com/t/discovery/v2.0/keys",
                    "updatedAt":"2025-01-02T00:00:00Z","lastUsedAt":null}},
                 {"clientId":"client-b","name":null,"createdAt":"2025-01-01T00:00:00Z","secrets":[
                   {"secretId":"sec-3","createdAt":"2024-01-01T00:00:00Z","expiresAt":"2024-06-01T00:00:00Z",
                    "expired":true,"expiresSoon":false,"lastUsedAt":null}],"federation":null}]}""");

        CliRun listed = run("client", "list", "org");

        assertThat(listed.exit()).as(listed.err()).isZero();
        assertThat(requests.get(0).method()).isEqualTo("GET");
        assertThat(requests.get(0).path()).isEqualTo("/admin/v1/tenants/org/scim/clients");
        assertThat(listed.out().lines().toList()).containsExactly(
                "Token URL: https://gh.example/oauth2/token",
                "SCIM URL:  https://gh.example/scim/v2",
                "",
                "CLIENT ID    NAME      SECRET ID  EXPIRES               LAST USED             STATUS",
                "client-aaaa  Entra ID  sec-1      2025-02-01T00:00:00Z  2025-01-20T10:00:00Z  expires soon",
                "                       sec-2      2026-01-21T00:00:00Z  never                 valid",
                "  federated credential: issuer https://login.microsoftonline.com/t/v2.0, subject mi-object-id,"
                        + " audience api://gatehouse, JWKS https://login.microsoftonline.com/t/discovery/v2.0/keys,"
                        + " last used never",
                "client-b     -         sec-3      2024-06-01T00:00:00Z  never                 EXPIRED");
    }

    @Test
    void anOrganizationWithoutClientsSaysHowToCreateOne() {
        answer(200, "{\"tokenUrl\":\"t\",\"scimUrl\":\"s\",\"clients\":[]}");

        assertThat(run("client", "list", "org").out()).contains("No clients yet: gatehouse client create org");
    }

    @Test
    void secretAddSecretRevokeAndDeleteCallTheClientsPaths() throws IOException {
        answer(201, "{\"clientId\":\"c/1\",\"clientSecret\":\"" + SECRET + "\",\"secretId\":\"s-2\",\"expiresAt\":\"x\"}");
        CliRun added = run("client", "secret-add", "org", "c/1", "--secret-days", "30");
        assertThat(added.exit()).as(added.err()).isZero();
        assertThat(added.out()).contains("Client secret: " + SECRET).contains("Secret ID:     s-2").doesNotContain("Token URL");
        assertThat(requests.get(0).path()).isEqualTo("/admin/v1/tenants/org/scim/clients/c%2F1/secrets");
        assertThat(json(requests.get(0).body())).isEqualTo(json("{\"secretLifetimeDays\":30}"));

        answer(204, "");
        CliRun revoked = run("client", "secret-revoke", "org", "c/1", "s-1");
        assertThat(revoked.exit()).as(revoked.err()).isZero();
        assertThat(revoked.out()).isEqualTo("Secret s-1 of client c/1 revoked." + System.lineSeparator());
        assertThat(requests.get(1).method()).isEqualTo("DELETE");
        assertThat(requests.get(1).path()).isEqualTo("/admin/v1/tenants/org/scim/clients/c%2F1/secrets/s-1");

        CliRun deleted = run("client", "delete", "org", "c/1");
        assertThat(deleted.exit()).as(deleted.err()).isZero();
        assertThat(requests.get(2).method()).isEqualTo("DELETE");
        assertThat(requests.get(2).path()).isEqualTo("/admin/v1/tenants/org/scim/clients/c%2F1");
    }

    @Test
    void federationSendsOnlyWhatWasGivenAndRemoveDeletesIt() throws IOException {
        answer(200, """
                {"clientId":"c-1","name":"x","createdAt":"t","secrets":[],
                 "federation":{"issuer":"https://login.microsoftonline.com/d/v2.0","subject":"sub-1","audience":"aud-1",
                   "jwksUri":"https://login.microsoftonline.com/d/discovery/v2.0/keys","updatedAt":"t","lastUsedAt":null}}""");
        CliRun set = run("client", "federation", "org", "c-1", "--subject", "sub-1", "--audience", "aud-1");
        assertThat(set.exit()).as(set.err()).isZero();
        assertThat(requests.get(0).method()).isEqualTo("PUT");
        assertThat(requests.get(0).path()).isEqualTo("/admin/v1/tenants/org/scim/clients/c-1/federation");
        assertThat(json(requests.get(0).body())).isEqualTo(json("{\"subject\":\"sub-1\",\"audience\":\"aud-1\"}"));
        assertThat(set.out()).contains("c-1").contains("(no secret)")
                .contains("issuer https://login.microsoftonline.com/d/v2.0, subject sub-1, audience aud-1");

        run("client", "federation", "org", "c-1", "--subject", "s", "--audience", "a", "--issuer", "https://idp.example",
                "--jwks-uri", "https://idp.example/keys");
        assertThat(json(requests.get(1).body())).isEqualTo(json(
                "{\"subject\":\"s\",\"audience\":\"a\",\"issuer\":\"https://idp.example\",\"jwksUri\":\"https://idp.example/keys\"}"));

        answer(204, "");
        CliRun removed = run("client", "federation", "org", "c-1", "--remove");
        assertThat(removed.exit()).as(removed.err()).isZero();
        assertThat(requests.get(2).method()).isEqualTo("DELETE");
        assertThat(requests.get(2).path()).isEqualTo("/admin/v1/tenants/org/scim/clients/c-1/federation");
    }

    @Test
    void federationWithoutSubjectAndAudienceOrWithRemoveAndAValueIsAUsageErrorThatCallsNothing() {
        CliRun missing = run("client", "federation", "org", "c-1", "--subject", "s");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("--subject and --audience are required");

        CliRun both = run("client", "federation", "org", "c-1", "--remove", "--audience", "a");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("--remove takes no");

        assertThat(requests).isEmpty();
    }

    @Test
    void aRefusalPrintsTheApisErrorAndExitsOne() {
        answer(409, "{\"error\":\"a client has at most 2 live secrets\"}");

        CliRun refused = run("client", "secret-add", "org", "c-1");

        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.out()).isEmpty();
        assertThat(refused.err()).isEqualTo("error: a client has at most 2 live secrets (HTTP 409)" + System.lineSeparator());
    }
}
