package dev.gatehouse.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.scim.ScimJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Organization administration from the command line, over a running stack's admin API
 * ({@code /admin/v1}): {@code tenant create|list|show}, {@code sso set}, {@code scim enable|disable},
 * {@code token generate}. The admin key comes from {@code --admin-key}, else
 * {@code GATEHOUSE_ADMIN_KEY}, else {@code ./data/admin.key} (where {@code gatehouse up} keeps it).
 */
final class AdminCommands {
    private AdminCommands() {
    }

    /** Thrown for an answer other than 2xx; its message is the API's error. */
    static final class Failed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failed(String message) {
            super(message, null, false, false);
        }
    }

    /** Where the stack is and how to authenticate to it, shared by every admin command. */
    static final class Connection {
        private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        @Option(names = "--url", defaultValue = "${env:GATEHOUSE_URL:-http://localhost:8080}",
                description = "Base URL of the Gatehouse API (default: $GATEHOUSE_URL or http://localhost:8080).")
        String url;

        @Option(names = "--admin-key", defaultValue = "${env:GATEHOUSE_ADMIN_KEY}",
                description = "The admin key (default: $GATEHOUSE_ADMIN_KEY, else ./data/admin.key).")
        String adminKey;

        JsonNode call(String method, String path, JsonNode body) {
            String key = adminKey();
            HttpRequest request = HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + key)
                    .header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body.toString()))
                    .build();
            HttpResponse<String> response;
            try {
                response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new Failed("cannot reach " + url + ": " + e.getClass().getSimpleName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Failed("interrupted");
            }
            JsonNode answer;
            try {
                answer = response.body().isEmpty() ? null : ScimJson.mapper().readTree(response.body());
            } catch (IOException e) {
                throw new Failed("unexpected answer from " + url + " (HTTP " + response.statusCode() + ")");
            }
            if (response.statusCode() >= 300) {
                String message = answer != null && answer.hasNonNull("error") ? answer.get("error").asText() : "HTTP " + response.statusCode();
                throw new Failed(message + " (HTTP " + response.statusCode() + ")");
            }
            return answer;
        }

        private String adminKey() {
            if (adminKey != null && !adminKey.isBlank()) {
                return adminKey.trim();
            }
            Path file = Path.of("data", "admin.key");
            try {
                if (Files.isReadable(file)) {
                    return Files.readString(file).trim();
                }
            } catch (IOException e) {
                // reported below
            }
            throw new Failed("no admin key: pass --admin-key or set GATEHOUSE_ADMIN_KEY");
        }
    }

    /** Runs a command body, turning a refused call into an error line and exit code 1. */
    abstract static class AdminCommand implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        Connection connection;

        abstract void run(PrintWriter out);

        @Override
        public Integer call() {
            try {
                run(spec.commandLine().getOut());
                spec.commandLine().getOut().flush();
                return 0;
            } catch (Failed e) {
                spec.commandLine().getErr().println("error: " + e.getMessage());
                spec.commandLine().getErr().flush();
                return 1;
            }
        }

        static String path(String tenantId) {
            return "/admin/v1/tenants/" + URLEncoder.encode(tenantId, StandardCharsets.UTF_8).replace("+", "%20");
        }

        /** Calls the admin API and prints the organization it answers with. */
        void show(PrintWriter out, String method, String path, JsonNode body) {
            print(out, connection.call(method, path, body));
        }
    }

    /** A command on one organization, named by its id. */
    abstract static class OrganizationCommand extends AdminCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The organization's id.")
        String id;
    }

    /** Turns SCIM on or off and prints the organization. */
    abstract static class ScimSwitch extends OrganizationCommand {
        private final boolean enabled;

        ScimSwitch(boolean enabled) {
            this.enabled = enabled;
        }

        @Override
        void run(PrintWriter out) {
            show(out, "PUT", path(id) + "/scim", ScimJson.mapper().createObjectNode().put("enabled", enabled));
        }
    }

    static void print(PrintWriter out, JsonNode t) {
        out.println("Organization: " + t.path("name").asText());
        out.println("ID:           " + t.path("id").asText());
        JsonNode sso = t.path("sso");
        if (sso.isObject()) {
            out.println("SSO:          Entra ID directory " + sso.path("directoryId").asText() + ", domains "
                    + String.join(", ", ScimJson.mapper().convertValue(sso.path("domains"), String[].class)));
        } else {
            out.println("SSO:          not set up");
        }
        out.println("SCIM:         " + (t.path("scimEnabled").asBoolean() ? "enabled" : "disabled")
                + " (" + t.path("activeTokens").asInt() + " active token" + (t.path("activeTokens").asInt() == 1 ? ")" : "s)"));
        out.println("Tenant URL:   " + t.path("scimUrl").asText());
        out.println("Created:      " + t.path("createdAt").asText());
        out.println("Updated:      " + t.path("updatedAt").asText());
    }

    @Command(name = "tenant", mixinStandardHelpOptions = true, description = "Create, list and show organizations.",
            subcommands = {TenantCreate.class, TenantList.class, TenantShow.class})
    static final class Tenant {
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create an organization.")
    static final class TenantCreate extends AdminCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The organization's name.")
        String name;

        @Override
        void run(PrintWriter out) {
            show(out, "POST", "/admin/v1/tenants", ScimJson.mapper().createObjectNode().put("name", name));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the organizations.")
    static final class TenantList extends AdminCommand {
        @Override
        void run(PrintWriter out) {
            out.printf("%-36s  %-8s  %-5s  %s%n", "ID", "SCIM", "SSO", "NAME");
            for (JsonNode t : connection.call("GET", "/admin/v1/tenants", null)) {
                out.printf("%-36s  %-8s  %-5s  %s%n", t.path("id").asText(),
                        t.path("scimEnabled").asBoolean() ? "enabled" : "disabled",
                        t.path("sso").isObject() ? "yes" : "no", t.path("name").asText());
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one organization.")
    static final class TenantShow extends OrganizationCommand {
        @Override
        void run(PrintWriter out) {
            show(out, "GET", path(id), null);
        }
    }

    @Command(name = "sso", mixinStandardHelpOptions = true, description = "An organization's single sign-on configuration.",
            subcommands = {SsoSet.class})
    static final class Sso {
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Set the organization's SSO provider, directory and verified domains (required before SCIM).")
    static final class SsoSet extends OrganizationCommand {
        @Option(names = "--provider", defaultValue = "entra-id", description = "Identity provider (default: entra-id).")
        String provider;

        @Option(names = "--directory-id", required = true, description = "The Entra ID directory (tenant) id, a GUID.")
        String directoryId;

        @Option(names = "--domain", required = true, split = ",",
                description = "A verified email domain (repeat the option or separate with commas).")
        List<String> domains;

        @Override
        void run(PrintWriter out) {
            ObjectNode body = ScimJson.mapper().createObjectNode().put("provider", provider).put("directoryId", directoryId);
            domains.forEach(body.putArray("domains")::add);
            show(out, "PUT", path(id) + "/sso", body);
        }
    }

    @Command(name = "scim", mixinStandardHelpOptions = true, description = "Turn SCIM provisioning on or off.",
            subcommands = {ScimEnable.class, ScimDisable.class})
    static final class Scim {
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Enable SCIM (SSO must be set up).")
    static final class ScimEnable extends ScimSwitch {
        ScimEnable() {
            super(true);
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true, description = "Disable SCIM; revokes every token at once.")
    static final class ScimDisable extends ScimSwitch {
        ScimDisable() {
            super(false);
        }
    }

    @Command(name = "token", mixinStandardHelpOptions = true, description = "SCIM bearer tokens.",
            subcommands = {TokenGenerate.class})
    static final class Token {
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Generate a SCIM token (printed once, alone on stdout); the previous one is revoked.")
    static final class TokenGenerate extends OrganizationCommand {
        @Option(names = "--grace-seconds", defaultValue = "0",
                description = "Keep accepting the previous token this long (default: 0, revoked at once).")
        long graceSeconds;

        @Override
        void run(PrintWriter out) {
            JsonNode answer = connection.call("POST", path(id) + "/scim/token",
                    ScimJson.mapper().createObjectNode().put("graceSeconds", graceSeconds));
            out.println(answer.path("token").asText());
            spec.commandLine().getErr().println("This token is shown only once: store it now (e.g. in Entra ID's Secret Token field).");
            spec.commandLine().getErr().flush();
        }
    }
}
