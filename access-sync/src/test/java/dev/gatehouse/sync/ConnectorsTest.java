package dev.gatehouse.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.sync.connector.DoorConnector;
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
}
