package dev.gatehouse.launcher;

import static dev.gatehouse.testkit.Gatehouse.ADMIN_KEY;
import static dev.gatehouse.testkit.Gatehouse.encode;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.testkit.TestHttp;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code client} commands on a running stack, through the launcher's command line: a client is
 * created, listed without its secret, gets an access token at the token endpoint with the printed
 * secret, lists users over SCIM with it; its secret is rotated, a federated credential set and removed,
 * and once it is deleted its access token is refused.
 */
class ClientCommandsIT {
    @RegisterExtension
    static final TestStack stack = TestStack.perClass().withOrganization("Client Corp");

    private static CliRun run(String... args) {
        return CliRun.admin(stack.base(), ADMIN_KEY, args);
    }

    private static String field(CliRun run, String label) {
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(label) + ":\\s+(\\S+)$").matcher(run.out());
        assertThat(line.find()).as(label + " in " + run.out()).isTrue();
        return line.group(1);
    }

    private static int users(String accessToken) {
        return stack.scim("GET", "/Users", accessToken, null).statusCode();
    }

    @Test
    void aClientIsCreatedUsedRotatedFederatedAndDeletedFromTheCommandLine() {
        String org = stack.organization().id();

        CliRun created = run("client", "create", org, "--name", "Entra provisioning", "--secret-days", "30");
        assertThat(created.exit()).as(created.err()).isZero();
        String clientId = field(created, "Client ID");
        String secret = field(created, "Client secret");
        String firstSecretId = field(created, "Secret ID");
        assertThat(field(created, "Token URL")).isEqualTo(stack.base() + "/oauth2/token");
        assertThat(field(created, "SCIM URL")).isEqualTo(stack.base() + "/scim/v2");
        assertThat(created.err()).isNotBlank().doesNotContain(secret);

        CliRun listed = run("client", "list", org);
        assertThat(listed.exit()).as(listed.err()).isZero();
        assertThat(listed.out()).contains(clientId).contains("Entra provisioning").contains(firstSecretId)
                .contains("Token URL: " + stack.base() + "/oauth2/token").doesNotContain(secret);

        // The printed secret gets an access token, which lists users over SCIM.
        String accessToken = stack.gatehouse().accessToken(clientId, secret);
        assertThat(users(accessToken)).isEqualTo(200);

        // Rotation: a second secret, then the first revoked; only the second gets tokens.
        CliRun added = run("client", "secret-add", org, clientId);
        assertThat(added.exit()).as(added.err()).isZero();
        String secondSecret = field(added, "Client secret");
        String secondSecretId = field(added, "Secret ID");
        assertThat(secondSecretId).isNotEqualTo(firstSecretId);
        CliRun revoked = run("client", "secret-revoke", org, clientId, firstSecretId);
        assertThat(revoked.exit()).as(revoked.err()).isZero();
        stack.gatehouse().assertTokenRefused(clientId, secret);
        String secondAccessToken = stack.gatehouse().accessToken(clientId, secondSecret);
        CliRun afterRotation = run("client", "list", org);
        assertThat(afterRotation.out()).contains(secondSecretId).doesNotContain(firstSecretId).doesNotContain(secondSecret);

        // A federated credential: issuer and keys default to the organization's Entra ID directory.
        String directoryId = TestHttp.json(stack.admin("GET", "/admin/v1/tenants/" + org, null)).path("sso").path("directoryId").asText();
        CliRun federated = run("client", "federation", org, clientId, "--subject", "mi-object-id", "--audience", "api://AzureADTokenExchange");
        assertThat(federated.exit()).as(federated.err()).isZero();
        assertThat(federated.out()).contains("issuer https://login.microsoftonline.com/" + directoryId + "/v2.0")
                .contains("subject mi-object-id").contains("audience api://AzureADTokenExchange")
                .contains("JWKS https://login.microsoftonline.com/" + directoryId + "/discovery/v2.0/keys");
        assertThat(run("client", "show", org, clientId).out()).contains("subject mi-object-id");
        assertThat(run("client", "federation", org, clientId, "--remove").exit()).isZero();
        assertThat(run("client", "show", org, clientId).out()).doesNotContain("federated credential");

        // Deleted: its access tokens are refused and it is listed no more.
        CliRun deleted = run("client", "delete", org, clientId);
        assertThat(deleted.exit()).as(deleted.err()).isZero();
        assertThat(users(accessToken)).isEqualTo(401);
        assertThat(users(secondAccessToken)).isEqualTo(401);
        assertThat(run("client", "list", org).out()).doesNotContain(clientId);
    }

    @Test
    void refusalsAreTheApisErrorsAndExitOne() {
        String org = stack.organization().id();

        CliRun unknownClient = run("client", "secret-revoke", org, "no-such-client", "no-such-secret");
        assertThat(unknownClient.exit()).isEqualTo(1);
        assertThat(unknownClient.err()).startsWith("error: ").contains("(HTTP 404)");

        CliRun badLifetime = run("client", "create", org, "--secret-days", "1096");
        assertThat(badLifetime.exit()).isEqualTo(1);
        assertThat(badLifetime.err()).startsWith("error: ").contains("(HTTP 400)");
        assertThat(badLifetime.out()).isEmpty();

        String withoutScim = stack.newTenant("No Scim Corp").id();
        assertThat(stack.admin("PUT", "/admin/v1/tenants/" + withoutScim + "/scim", "{\"enabled\":false}").statusCode()).isEqualTo(200);
        CliRun scimOff = run("client", "create", withoutScim);
        assertThat(scimOff.exit()).isEqualTo(1);
        assertThat(scimOff.err()).contains("(HTTP 409)");
    }
}
