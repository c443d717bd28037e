package dev.gatehouse.launcher;

import static dev.gatehouse.testkit.Gatehouse.ADMIN_KEY;
import static dev.gatehouse.testkit.Gatehouse.encode;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.testkit.TestHttp;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * The {@code client} commands on a running stack, through the launcher's command line: a client is
 * created, listed without its secret, gets an access token at the token endpoint with the printed
 * secret, lists users over SCIM with it; its secret is rotated, a federated credential set and removed,
 * and once it is deleted its access token is refused.
 */
class ClientCommandsIT {
    @RegisterExtension
    static final TestStack stack = TestStack.perClass().withOrganization("Client Corp");

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Gatehouse());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] full = new String[args.length + 4];
        System.arraycopy(args, 0, full, 0, args.length);
        System.arraycopy(new String[] {"--url", stack.base(), "--admin-key", ADMIN_KEY}, 0, full, args.length, 4);
        int exit = cli.execute(full);
        return new Run(exit, out.toString(), err.toString());
    }

    private static String field(Run run, String label) {
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(label) + ":\\s+(\\S+)$").matcher(run.out());
        assertThat(line.find()).as(label + " in " + run.out()).isTrue();
        return line.group(1);
    }

    /** {@code POST /oauth2/token}, client credentials in the body (client_secret_post). */
    private static HttpResponse<String> tokenRequest(String clientId, String secret) {
        return stack.gatehouse().tokenRequest("grant_type=client_credentials&client_id=" + encode(clientId)
                + "&client_secret=" + encode(secret));
    }

    /** The access token the client's id and secret get: a 200 Bearer answer that expires. */
    private static String accessToken(String clientId, String secret) {
        HttpResponse<String> answer = tokenRequest(clientId, secret);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode body = TestHttp.json(answer);
        assertThat(body.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.path("expires_in").asLong()).isPositive();
        return body.path("access_token").asText();
    }

    /** Asserts that the token endpoint refuses the client's id and secret. */
    private static void assertRefused(String clientId, String secret) {
        HttpResponse<String> answer = tokenRequest(clientId, secret);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(401);
        assertThat(TestHttp.json(answer).path("error").asText()).isEqualTo("invalid_client");
    }

    private static int users(String accessToken) {
        return stack.scim("GET", "/Users", accessToken, null).statusCode();
    }

    @Test
    void aClientIsCreatedUsedRotatedFederatedAndDeletedFromTheCommandLine() {
        String org = stack.organization().id();

        Run created = run("client", "create", org, "--name", "Entra provisioning", "--secret-days", "30");
        assertThat(created.exit()).as(created.err()).isZero();
        String clientId = field(created, "Client ID");
        String secret = field(created, "Client secret");
        String firstSecretId = field(created, "Secret ID");
        assertThat(field(created, "Token URL")).isEqualTo(stack.base() + "/oauth2/token");
        assertThat(field(created, "SCIM URL")).isEqualTo(stack.base() + "/scim/v2");
        assertThat(created.err()).isNotBlank().doesNotContain(secret);

        Run listed = run("client", "list", org);
        assertThat(listed.exit()).as(listed.err()).isZero();
        assertThat(listed.out()).contains(clientId).contains("Entra provisioning").contains(firstSecretId)
                .contains("Token URL: " + stack.base() + "/oauth2/token").doesNotContain(secret);

        // The printed secret gets an access token, which lists users over SCIM.
        String accessToken = accessToken(clientId, secret);
        assertThat(users(accessToken)).isEqualTo(200);

        // Rotation: a second secret, then the first revoked; only the second gets tokens.
        Run added = run("client", "secret-add", org, clientId);
        assertThat(added.exit()).as(added.err()).isZero();
        String secondSecret = field(added, "Client secret");
        String secondSecretId = field(added, "Secret ID");
        assertThat(secondSecretId).isNotEqualTo(firstSecretId);
        Run revoked = run("client", "secret-revoke", org, clientId, firstSecretId);
        assertThat(revoked.exit()).as(revoked.err()).isZero();
        assertRefused(clientId, secret);
        String secondAccessToken = accessToken(clientId, secondSecret);
        Run afterRotation = run("client", "list", org);
        assertThat(afterRotation.out()).contains(secondSecretId).doesNotContain(firstSecretId).doesNotContain(secondSecret);

        // A federated credential: issuer and keys default to the organization's Entra ID directory.
        String directoryId = TestHttp.json(stack.admin("GET", "/admin/v1/tenants/" + org, null)).path("sso").path("directoryId").asText();
        Run federated = run("client", "federation", org, clientId, "--subject", "mi-object-id", "--audience", "api://AzureADTokenExchange");
        assertThat(federated.exit()).as(federated.err()).isZero();
        assertThat(federated.out()).contains("issuer https://login.microsoftonline.com/" + directoryId + "/v2.0")
                .contains("subject mi-object-id").contains("audience api://AzureADTokenExchange")
                .contains("JWKS https://login.microsoftonline.com/" + directoryId + "/discovery/v2.0/keys");
        assertThat(run("client", "show", org, clientId).out()).contains("subject mi-object-id");
        assertThat(run("client", "federation", org, clientId, "--remove").exit()).isZero();
        assertThat(run("client", "show", org, clientId).out()).doesNotContain("federated credential");

        // Deleted: its access tokens are refused and it is listed no more.
        Run deleted = run("client", "delete", org, clientId);
        assertThat(deleted.exit()).as(deleted.err()).isZero();
        assertThat(users(accessToken)).isEqualTo(401);
        assertThat(users(secondAccessToken)).isEqualTo(401);
        assertThat(run("client", "list", org).out()).doesNotContain(clientId);
    }

    @Test
    void refusalsAreTheApisErrorsAndExitOne() {
        String org = stack.organization().id();

        Run unknownClient = run("client", "secret-revoke", org, "no-such-client", "no-such-secret");
        assertThat(unknownClient.exit()).isEqualTo(1);
        assertThat(unknownClient.err()).startsWith("error: ").contains("(HTTP 404)");

        Run badLifetime = run("client", "create", org, "--secret-days", "1096");
        assertThat(badLifetime.exit()).isEqualTo(1);
        assertThat(badLifetime.err()).startsWith("error: ").contains("(HTTP 400)");
        assertThat(badLifetime.out()).isEmpty();

        String withoutScim = stack.newTenant("No Scim Corp").id();
        assertThat(stack.admin("PUT", "/admin/v1/tenants/" + withoutScim + "/scim", "{\"enabled\":false}").statusCode()).isEqualTo(200);
        Run scimOff = run("client", "create", withoutScim);
        assertThat(scimOff.exit()).isEqualTo(1);
        assertThat(scimOff.err()).contains("(HTTP 409)");
    }
}
