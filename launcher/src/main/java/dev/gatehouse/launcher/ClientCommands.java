package dev.gatehouse.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.scim.ScimJson;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * An organization's SCIM clients from the command line, over a running stack's admin API. A client
 * authenticates at the token endpoint with OAuth 2.0 client credentials (its id and one of at most two
 * live secrets, or a federated credential: a token its identity provider signed) and uses the access
 * token it gets as its SCIM bearer token. {@code client create|list|show|secret-add|secret-revoke|
 * federation|delete}, with the connection options of {@link AdminCommands}. A client secret is printed
 * once, when it is created, and never again.
 */
final class ClientCommands {
    private static final String NOTICE =
            "This client secret is shown only once: store it now (e.g. in Entra ID's Client Secret field).";

    private ClientCommands() {
    }

    @Command(name = "client", mixinStandardHelpOptions = true,
            description = "SCIM clients with OAuth 2.0 client credentials (client id and secrets, or a federated credential).",
            subcommands = {ClientCreate.class, ClientList.class, ClientShow.class, SecretAdd.class, SecretRevoke.class,
                FederationSet.class, ClientDelete.class})
    static final class Client {
    }

    /** One path segment, percent-encoded. */
    static String segment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The admin API's path of the organization's clients. */
    static String clients(String tenantId) {
        return AdminCommands.AdminCommand.path(tenantId) + "/scim/clients";
    }

    /** A command on one client of one organization. */
    abstract static class OneClient extends AdminCommands.OrganizationCommand {
        @Parameters(index = "1", paramLabel = "CLIENT_ID", description = "The client's id.")
        String clientId;

        String clientPath() {
            return clients(id) + "/" + segment(clientId);
        }
    }

    /** A body with {@code secretLifetimeDays} when it was given, else empty (the server's default). */
    static ObjectNode lifetime(Integer secretDays) {
        ObjectNode body = ScimJson.mapper().createObjectNode();
        if (secretDays != null) {
            body.put("secretLifetimeDays", secretDays);
        }
        return body;
    }

    /**
     * Prints a new secret, the one time it is shown, on stdout with what the client needs beside it;
     * the notice that it is not shown again goes to stderr, as {@code token generate}'s does.
     */
    static void printSecret(CommandLine.Model.CommandSpec spec, PrintWriter out, JsonNode answer) {
        out.println("Client ID:     " + answer.path("clientId").asText());
        out.println("Client secret: " + answer.path("clientSecret").asText());
        out.println("Secret ID:     " + answer.path("secretId").asText());
        out.println("Expires:       " + answer.path("expiresAt").asText());
        if (answer.hasNonNull("tokenUrl")) {
            out.println("Token URL:     " + answer.path("tokenUrl").asText());
        }
        if (answer.hasNonNull("scimUrl")) {
            out.println("SCIM URL:      " + answer.path("scimUrl").asText());
        }
        out.flush();
        String notice = answer.path("notice").asText("");
        PrintWriter err = spec.commandLine().getErr();
        err.println(notice.isBlank() ? NOTICE : notice);
        err.flush();
    }

    /** A secret's state as the list shows it. */
    static String status(JsonNode secret) {
        if (secret.path("expired").asBoolean()) {
            return "EXPIRED";
        }
        return secret.path("expiresSoon").asBoolean() ? "expires soon" : "valid";
    }

    private static String orNever(JsonNode instant) {
        return instant == null || instant.isNull() || instant.isMissingNode() ? "never" : instant.asText();
    }

    /**
     * Prints clients as a table, one row per secret (the client's id and name on its first row), each
     * client's federated credential on a line under its rows.
     */
    static void printClients(PrintWriter out, JsonNode clients) {
        List<String[]> rows = new ArrayList<>();
        List<String> federation = new ArrayList<>();
        rows.add(new String[] {"CLIENT ID", "NAME", "SECRET ID", "EXPIRES", "LAST USED", "STATUS"});
        federation.add(null);
        for (JsonNode client : clients) {
            String clientId = client.path("clientId").asText();
            String name = client.hasNonNull("name") && !client.path("name").asText().isEmpty() ? client.path("name").asText() : "-";
            JsonNode secrets = client.path("secrets");
            if (secrets.isEmpty()) {
                rows.add(new String[] {clientId, name, "(no secret)", "", "", ""});
                federation.add(null);
            }
            boolean first = true;
            for (JsonNode secret : secrets) {
                rows.add(new String[] {first ? clientId : "", first ? name : "", secret.path("secretId").asText(),
                    secret.path("expiresAt").asText(), orNever(secret.get("lastUsedAt")), status(secret)});
                federation.add(null);
                first = false;
            }
            JsonNode f = client.path("federation");
            if (f.isObject()) {
                federation.set(federation.size() - 1, "  federated credential: issuer " + f.path("issuer").asText()
                        + ", subject " + f.path("subject").asText() + ", audience " + f.path("audience").asText()
                        + ", JWKS " + f.path("jwksUri").asText() + ", last used " + orNever(f.get("lastUsedAt")));
            }
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (int r = 0; r < rows.size(); r++) {
            StringBuilder line = new StringBuilder();
            String[] row = rows.get(r);
            for (int i = 0; i < row.length; i++) {
                line.append(row[i]);
                if (i < row.length - 1) {
                    line.append(" ".repeat(widths[i] - row[i].length() + 2));
                }
            }
            out.println(line.toString().stripTrailing());
            if (federation.get(r) != null) {
                out.println(federation.get(r));
            }
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a SCIM client and its first secret (printed once); SCIM must be enabled.")
    static final class ClientCreate extends AdminCommands.OrganizationCommand {
        @Option(names = "--name", description = "A name for the client, e.g. the identity provider that uses it.")
        String name;

        @Option(names = "--secret-days", paramLabel = "DAYS",
                description = "Days until the secret expires, 1 to 1095 (default: the server's).")
        Integer secretDays;

        @Override
        void run(PrintWriter out) {
            ObjectNode body = lifetime(secretDays);
            if (name != null) {
                body.put("name", name);
            }
            printSecret(spec, out, connection.call("POST", clients(id), body));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the organization's SCIM clients, their secrets (never the secrets' values) and federated credentials.")
    static final class ClientList extends AdminCommands.OrganizationCommand {
        @Override
        void run(PrintWriter out) {
            JsonNode answer = connection.call("GET", clients(id), null);
            out.println("Token URL: " + answer.path("tokenUrl").asText());
            out.println("SCIM URL:  " + answer.path("scimUrl").asText());
            out.println();
            if (answer.path("clients").isEmpty()) {
                out.println("No clients yet: gatehouse client create " + id);
            } else {
                printClients(out, answer.path("clients"));
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one SCIM client.")
    static final class ClientShow extends OneClient {
        @Override
        void run(PrintWriter out) {
            printClients(out, ScimJson.mapper().createArrayNode().add(connection.call("GET", clientPath(), null)));
        }
    }

    @Command(name = "secret-add", mixinStandardHelpOptions = true,
            description = "Add a secret to a client (printed once), e.g. before the current one expires; a client has at most two.")
    static final class SecretAdd extends OneClient {
        @Option(names = "--secret-days", paramLabel = "DAYS",
                description = "Days until the secret expires, 1 to 1095 (default: the server's).")
        Integer secretDays;

        @Override
        void run(PrintWriter out) {
            printSecret(spec, out, connection.call("POST", clientPath() + "/secrets", lifetime(secretDays)));
        }
    }

    @Command(name = "secret-revoke", mixinStandardHelpOptions = true,
            description = "Revoke one of a client's secrets: it gets no more access tokens.")
    static final class SecretRevoke extends OneClient {
        @Parameters(index = "2", paramLabel = "SECRET_ID", description = "The secret's id (see client list).")
        String secretId;

        @Override
        void run(PrintWriter out) {
            connection.call("DELETE", clientPath() + "/secrets/" + segment(secretId), null);
            out.println("Secret " + secretId + " of client " + clientId + " revoked.");
        }
    }

    @Command(name = "federation", mixinStandardHelpOptions = true,
            description = {"Set a client's federated credential: a token its identity provider signed, instead of a secret.",
                "With Entra ID as the organization's SSO, --issuer and --jwks-uri default to its directory's."})
    static final class FederationSet extends OneClient {
        @Option(names = "--subject", description = "The token's subject (sub), e.g. the managed identity's object id.")
        String subject;

        @Option(names = "--audience", description = "The audience (aud) the token must be issued for.")
        String audience;

        @Option(names = "--issuer", description = "The token's issuer (iss) (default for Entra ID SSO: its directory's v2.0 issuer).")
        String issuer;

        @Option(names = "--jwks-uri", paramLabel = "URI",
                description = "Where the issuer's signing keys are (default for Entra ID SSO: its directory's keys).")
        String jwksUri;

        @Option(names = "--remove", description = "Remove the client's federated credential instead.")
        boolean remove;

        @Override
        void run(PrintWriter out) {
            if (remove) {
                if (subject != null || audience != null || issuer != null || jwksUri != null) {
                    throw new CommandLine.ParameterException(spec.commandLine(),
                            "--remove takes no --subject, --audience, --issuer or --jwks-uri");
                }
                connection.call("DELETE", clientPath() + "/federation", null);
                out.println("Federated credential of client " + clientId + " removed.");
                return;
            }
            if (subject == null || audience == null) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--subject and --audience are required (or --remove)");
            }
            ObjectNode body = ScimJson.mapper().createObjectNode().put("subject", subject).put("audience", audience);
            if (issuer != null) {
                body.put("issuer", issuer);
            }
            if (jwksUri != null) {
                body.put("jwksUri", jwksUri);
            }
            printClients(out, ScimJson.mapper().createArrayNode().add(connection.call("PUT", clientPath() + "/federation", body)));
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete a client with its secrets and federated credential.")
    static final class ClientDelete extends OneClient {
        @Override
        void run(PrintWriter out) {
            connection.call("DELETE", clientPath(), null);
            out.println("Client " + clientId + " deleted.");
        }
    }
}
