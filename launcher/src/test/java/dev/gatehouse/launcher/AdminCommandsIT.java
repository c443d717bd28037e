package dev.gatehouse.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.api.IngestApiService;
import dev.gatehouse.api.config.ApiConfig;
import dev.gatehouse.kafka.FreePorts;
import dev.gatehouse.pipeline.config.ConfigKeys;
import dev.gatehouse.testkit.TestHttp;
import dev.gatehouse.testkit.TestKafka;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The admin commands against a running API on the real broker, through the launcher's command line. */
class AdminCommandsIT {
    private static final String KEY = "cli-admin-key";
    private static IngestApiService api;
    private static String url;

    @BeforeAll
    static void start() throws IOException {
        int unusedPort = FreePorts.next();
        api = IngestApiService.start(ApiConfig.from(TestKafka.settings(Map.of(
                ConfigKeys.ADMIN_KEY, KEY,
                ConfigKeys.PROCESSOR_URL, "http://127.0.0.1:" + unusedPort))));
        url = "http://127.0.0.1:" + api.port();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static CliRun run(String... args) {
        return CliRun.admin(url, KEY, args);
    }

    @Test
    void anOrganizationIsSetUpForEntraIdFromTheCommandLine() throws Exception {
        CliRun created = run("tenant", "create", "Cli Corp");
        assertThat(created.exit()).as(created.err()).isZero();
        Matcher idLine = Pattern.compile("ID:\\s+(\\S+)").matcher(created.out());
        assertThat(idLine.find()).as(created.out()).isTrue();
        String id = idLine.group(1);

        CliRun tooEarly = run("scim", "enable", id);
        assertThat(tooEarly.exit()).isEqualTo(1);
        assertThat(tooEarly.err()).contains("single sign-on").contains("HTTP 400");

        String directory = UUID.randomUUID().toString();
        CliRun sso = run("sso", "set", id, "--directory-id", directory, "--domain", "cli-" + directory.substring(0, 8) + ".example.com");
        assertThat(sso.exit()).as(sso.err()).isZero();
        assertThat(sso.out()).contains("Entra ID directory " + directory);
        assertThat(run("scim", "enable", id).out()).contains("SCIM:         enabled");

        CliRun token = run("token", "generate", id);
        assertThat(token.exit()).as(token.err()).isZero();
        String secret = token.out().trim();
        assertThat(secret).startsWith("gh_scim_").doesNotContain("\n");
        assertThat(token.err()).contains("shown only once");
        assertThat(scimStatus(secret)).isEqualTo(200);

        assertThat(run("tenant", "list").out()).contains(id).contains("Cli Corp").contains("enabled");
        assertThat(run("tenant", "show", id).out()).contains("Tenant URL:   " + url + "/scim/v2").contains("1 active token)");
        assertThat(run("tenant", "show", id).out()).doesNotContain(secret);

        assertThat(run("scim", "disable", id).out()).contains("SCIM:         disabled");
        assertThat(scimStatus(secret)).isEqualTo(401);
    }

    @Test
    void refusedCallsAndUnreachableStacksAreErrorsNotStackTraces() {
        CliRun missing = run("tenant", "show", "no-such-id");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("error: no such organization (HTTP 404)" + System.lineSeparator());

        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Gatehouse());
        cli.setErr(new PrintWriter(err, true));
        assertThat(cli.execute("tenant", "list", "--url", url, "--admin-key", "wrong")).isEqualTo(1);
        assertThat(err.toString()).contains("HTTP 401").doesNotContain("wrong");
    }

    private static int scimStatus(String token) {
        return TestHttp.get(url + "/scim/v2/ServiceProviderConfig", TestHttp.bearer(token)).statusCode();
    }
}
