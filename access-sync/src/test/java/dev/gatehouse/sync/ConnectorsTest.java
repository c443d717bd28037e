package dev.gatehouse.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.sync.connector.DoorConnector;
import dev.gatehouse.sync.connector.webhook.SecurityEventConnector;
import dev.gatehouse.sync.connector.webhook.WebhookConnector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectorsTest {
    @TempDir
    Path dir;

    @Test
    void eachOrganizationGetsItsConnectorsAndNoKeyIsShown() throws Exception {
        Path file = Files.writeString(dir.resolve("connectors.json"), """
                [{"name": "kisi-acme", "type": "kisi", "tenant": "acme", "baseUrl": "http://127.0.0.1:1",
                  "apiKeyEnv": "ACME_KEY", "requestsPerSecond": 5},
                 {"name": "kisi-globex", "type": "kisi", "tenant": "globex", "apiKey": "inline-secret"}]""");
        List<DoorConnector> connectors = Connectors.load(file, Map.of("ACME_KEY", "env-secret"));
        assertThat(connectors).extracting(DoorConnector::name).containsExactly("kisi-acme", "kisi-globex");
        assertThat(connectors.get(0).serves("acme")).isTrue();
        assertThat(connectors.get(0).serves("globex")).as("organizations apart").isFalse();
        assertThat(connectors.get(0).capabilities().requestsPerSecond()).isEqualTo(5);
        String shown = connectors.get(0).operations().orElseThrow() + " " + connectors.get(1).operations().orElseThrow();
        assertThat(shown).doesNotContain("env-secret").doesNotContain("inline-secret").contains("redacted");
    }

    @Test
    void aConnectorWithoutKeyOrOfUnknownTypeIsRefused() throws Exception {
        Path noKey = Files.writeString(dir.resolve("a.json"), "[{\"name\":\"k\",\"type\":\"kisi\",\"tenant\":\"t\",\"apiKeyEnv\":\"MISSING\"}]");
        assertThatThrownBy(() -> Connectors.load(noKey, Map.of())).hasMessageContaining("no API key");
        Path unknown = Files.writeString(dir.resolve("b.json"), "[{\"name\":\"k\",\"type\":\"brivo\",\"tenant\":\"t\"}]");
        assertThatThrownBy(() -> Connectors.load(unknown, Map.of())).hasMessageContaining("unknown type brivo");
    }

    @Test
    void aWebhookEntryDeliversJsonByDefaultOrSecurityEventTokensForOneOrEveryOrganization() throws Exception {
        Path file = Files.writeString(dir.resolve("webhooks.json"), """
                [{"name": "doors-json", "type": "webhook", "url": "http://127.0.0.1:1/webhook", "secret": "short-is-fine"},
                 {"name": "doors-set", "type": "webhook", "url": "https://doors.example/events", "format": "secevent",
                  "secretEnv": "DOORS_SECRET", "issuer": "https://gatehouse.example", "audience": "https://doors.example",
                  "tenant": "acme"}]""");
        String secret = "a-shared-secret-of-at-least-32-bytes";
        List<DoorConnector> connectors = Connectors.load(file, Map.of("DOORS_SECRET", secret));
        assertThat(connectors.get(0)).isInstanceOf(WebhookConnector.class);
        assertThat(connectors.get(0).serves("anyone")).isTrue();
        assertThat(connectors.get(1)).isInstanceOf(SecurityEventConnector.class);
        assertThat(connectors.get(1).serves("acme")).isTrue();
        assertThat(connectors.get(1).serves("globex")).isFalse();
        assertThat(connectors.get(1).toString()).doesNotContain(secret).contains("redacted");
    }

    @Test
    void invalidSecurityEventSettingsStopStartUpWithoutShowingTheSecret() throws Exception {
        String entry = "{\"name\": \"doors\", \"type\": \"webhook\", \"url\": \"https://doors.example\", %s}";
        refused(entry.formatted("\"format\": \"secevent\", \"issuer\": \"gh\", \"audience\": \"doors\""),
                "connector doors: format secevent signs with HS256 and needs a secret");
        refused(entry.formatted("\"format\": \"secevent\", \"secret\": \"too-short\", \"issuer\": \"gh\", \"audience\": \"d\""),
                "connector doors: a SET secret must be at least 32 bytes");
        String secret = "\"secret\": \"a-shared-secret-of-at-least-32-bytes\"";
        refused(entry.formatted("\"format\": \"secevent\", " + secret + ", \"issuer\": \"gh\""), "connector doors: audience is required");
        refused(entry.formatted("\"format\": \"secevent\", " + secret + ", \"audience\": \"d\""), "connector doors: issuer is required");
        refused(entry.formatted("\"format\": \"jwt\", " + secret), "connector doors: unknown format jwt (webhook or secevent)");
        refused(entry.formatted(secret + ", \"audience\": \"d\""), "issuer and audience apply to format secevent only");
        refused(entry.formatted("\"secretEnv\": \"UNSET\""), "connector doors: secretEnv UNSET is not set");
        refused("{\"name\": \"doors\", \"type\": \"webhook\", \"url\": \"doors.example/path\"}",
                "url must be an absolute http or https URL");
    }

    private void refused(String entry, String message) throws Exception {
        Path file = Files.writeString(dir.resolve("bad.json"), "[" + entry + "]");
        assertThatThrownBy(() -> Connectors.load(file, Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message).hasMessageNotContaining("a-shared-secret").hasMessageNotContaining("too-short");
    }
}
