package dev.gatehouse.pipeline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigSourceTest {

    @Test
    void takesDefaultsForAbsentKeys() {
        KafkaConfig kafka = KafkaConfig.load(Map.of());
        assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(kafka.topicPrefix()).isEqualTo("gatehouse.");
        assertThat(kafka.partitions()).isEqualTo(6);
        assertThat(kafka.replicationFactor()).isEqualTo((short) 1);
        assertThat(ConfigSource.of(Map.of()).optional(ConfigKeys.ADMIN_KEY)).isEmpty();
    }

    @Test
    void overridesWinAndKeepWhatWasSet() {
        ConfigSource source = ConfigSource.of(Map.of(ConfigKeys.BOOTSTRAP_SERVERS, "kafka:9092", "PATH", "/bin"))
                .with(Map.of(ConfigKeys.PARTITIONS, "3"));
        KafkaConfig kafka = KafkaConfig.from(source);
        assertThat(kafka.bootstrapServers()).isEqualTo("kafka:9092");
        assertThat(kafka.partitions()).isEqualTo(3);
        assertThat(source.given()).as("only GATEHOUSE_* keys are kept")
                .containsOnlyKeys(ConfigKeys.BOOTSTRAP_SERVERS, ConfigKeys.PARTITIONS);
        assertThat(KafkaConfig.from(ConfigSource.of(source.given()))).isEqualTo(kafka);
        assertThat(KafkaConfig.from(source.with(Map.of(ConfigKeys.PARTITIONS, " "))).partitions())
                .as("a blank value takes the default").isEqualTo(6);
    }

    @Test
    void rejectsValuesThatAreNotNumbersOrPorts() {
        assertThatThrownBy(() -> ConfigSource.of(Map.of(ConfigKeys.HTTP_PORT, "eighty")).port(ConfigKeys.HTTP_PORT))
                .hasMessageContaining("GATEHOUSE_HTTP_PORT");
        assertThatThrownBy(() -> KafkaConfig.load(Map.of(ConfigKeys.PARTITIONS, "0")))
                .hasMessageContaining("GATEHOUSE_PARTITIONS must be positive");
        assertThatThrownBy(() -> ConfigSource.of(Map.of(ConfigKeys.SIMULATOR_PORT, "70000")).port(ConfigKeys.SIMULATOR_PORT))
                .hasMessageContaining("port");
        assertThatThrownBy(() -> ConfigSource.of(Map.of(ConfigKeys.STANDBY_REPLICAS, "-1")).nonNegative(ConfigKeys.STANDBY_REPLICAS))
                .hasMessageContaining("GATEHOUSE_STANDBY_REPLICAS must not be negative");
    }

    @Test
    void topicDriftIsAppliedUnlessOnlyReportsAreAsked() {
        assertThat(KafkaConfig.load(Map.of()).applyTopicDrift()).isTrue();
        assertThat(KafkaConfig.load(Map.of(ConfigKeys.TOPIC_DRIFT, "Report")).applyTopicDrift()).isFalse();
        assertThatThrownBy(() -> KafkaConfig.load(Map.of(ConfigKeys.TOPIC_DRIFT, "fix")))
                .hasMessageContaining("GATEHOUSE_TOPIC_DRIFT must be apply or report");
    }

    @Test
    void aMisspelledKeyStopsWithTheClosestKnownKey() {
        assertThatThrownBy(() -> ConfigSource.of(Map.of("GATEHOUSE_HTTP_PRT", "8080")))
                .isInstanceOf(ConfigKeys.UnknownSettingException.class)
                .hasMessage("Unknown setting GATEHOUSE_HTTP_PRT; did you mean GATEHOUSE_HTTP_PORT?");
        assertThatThrownBy(() -> ConfigSource.of(Map.of("GATEHOUSE_BOOTSTRAP_SERVER", "kafka:9092")))
                .hasMessage("Unknown setting GATEHOUSE_BOOTSTRAP_SERVER; did you mean GATEHOUSE_BOOTSTRAP_SERVERS?");
        assertThatThrownBy(() -> ConfigSource.of(Map.of("GATEHOUSE_PARTITONS", "3")))
                .hasMessage("Unknown setting GATEHOUSE_PARTITONS; did you mean GATEHOUSE_PARTITIONS?");
        assertThatThrownBy(() -> ConfigSource.of(Map.of("GATEHOUSE_TOPIC_PREFIX ", "x.")))
                .hasMessage("Unknown setting GATEHOUSE_TOPIC_PREFIX ; did you mean GATEHOUSE_TOPIC_PREFIX?");
    }

    @Test
    void anUnknownKeyNearNothingGetsNoSuggestion() {
        assertThatThrownBy(() -> ConfigSource.of(Map.of("GATEHOUSE_COLOUR", "blue")))
                .hasMessage("Unknown setting GATEHOUSE_COLOUR");
        assertThatThrownBy(() -> ConfigSource.of(Map.of("GATEHOUSE_ZZ", "1", "GATEHOUSE_HTTP_PROT", "1")))
                .as("every unknown key, one line each")
                .hasMessage("Unknown setting GATEHOUSE_HTTP_PROT; did you mean GATEHOUSE_HTTP_PORT?\nUnknown setting GATEHOUSE_ZZ");
    }

    @Test
    void everyKeyOfEveryPartIsKnownAndOtherVariablesAreNotLookedAt() {
        Map<String, String> environment = new HashMap<>();
        ConfigKeys.names().forEach(k -> environment.put(k, "x"));
        environment.put("HOME", "/root");
        environment.put("GATEHOUSEKEEPER", "x");
        ConfigKeys.requireKnown(environment);
        assertThat(ConfigKeys.names()).contains(
                ConfigKeys.WEBHOOK_URL, // access-sync's
                ConfigKeys.HTTP_PORT, // the API's
                ConfigKeys.KAFKA_PORT, // the launcher's
                ConfigKeys.LOG_FORMAT, ConfigKeys.JAVA_OPTS, ConfigKeys.NEWMAN_DIR, ConfigKeys.URL,
                ConfigKeys.LOAD_TOKEN, ConfigKeys.CONNECTORS_FILE);
    }

    @Test
    void editDistanceCountsInsertionsDeletionsAndSubstitutions() {
        assertThat(ConfigKeys.distance("HTTP_PRT", "HTTP_PORT")).isEqualTo(1);
        assertThat(ConfigKeys.distance("HTTP_PROT", "HTTP_PORT")).isEqualTo(2);
        assertThat(ConfigKeys.distance("", "ABC")).isEqualTo(3);
        assertThat(ConfigKeys.distance("KITTEN", "SITTING")).isEqualTo(3);
    }
}
