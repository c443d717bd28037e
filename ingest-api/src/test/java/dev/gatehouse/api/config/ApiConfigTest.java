package dev.gatehouse.api.config;

import static dev.gatehouse.testkit.ConfigAssertions.assertHidesSecret;
import static dev.gatehouse.testkit.ConfigAssertions.assertReadsTheKeysOf;
import static dev.gatehouse.testkit.ConfigAssertions.assertRejects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.pipeline.config.ConfigKeys;
import dev.gatehouse.pipeline.config.ConfigSource;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiConfigTest {
    private static final String KEY_32 = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

    @Test
    void takesDefaultsForAbsentKeys() {
        ApiConfig config = ApiConfig.load(Map.of());
        assertThat(config.kafka().bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(config.httpHost()).isEqualTo("0.0.0.0");
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.adminKey()).isEmpty();
        assertThat(config.publicUrl()).isEmpty();
        assertThat(config.commandTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.scimRateLimit()).isEqualTo(200);
        assertThat(config.instanceId()).startsWith("api-");
        assertThat(config.accessTokenLifetime()).isEqualTo(Duration.ofHours(1));
        assertThat(config.doorStatusLimit()).isEqualTo(1_000_000);
    }

    @Test
    void theDoorStatusViewHoldsOneThousandToFiftyMillionPairs() {
        assertThat(ApiConfig.load(Map.of(ConfigKeys.DOOR_STATUS_LIMIT, "1000")).doorStatusLimit()).isEqualTo(1_000);
        assertThat(ApiConfig.load(Map.of(ConfigKeys.DOOR_STATUS_LIMIT, "50000000")).doorStatusLimit()).isEqualTo(50_000_000);
        for (String outside : new String[] {"999", "50000001"}) {
            assertThatThrownBy(() -> ApiConfig.load(Map.of(ConfigKeys.DOOR_STATUS_LIMIT, outside)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(ConfigKeys.DOOR_STATUS_LIMIT).hasMessageContaining("1000-50000000");
        }
    }

    @Test
    void anAccessTokenLivesBetweenOneAndSixHours() {
        assertThat(ApiConfig.load(Map.of(ConfigKeys.ACCESS_TOKEN_LIFETIME, "3600")).accessTokenLifetime()).hasHours(1);
        assertThat(ApiConfig.load(Map.of(ConfigKeys.ACCESS_TOKEN_LIFETIME, "21600")).accessTokenLifetime()).hasHours(6);
        for (String outside : new String[] {"3599", "21601"}) {
            assertThatThrownBy(() -> ApiConfig.load(Map.of(ConfigKeys.ACCESS_TOKEN_LIFETIME, outside)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(ConfigKeys.ACCESS_TOKEN_LIFETIME).hasMessageContaining("3600 and 21600");
        }
    }

    @Test
    void overridesWin() {
        ApiConfig config = ApiConfig.from(ConfigSource.of(Map.of(ConfigKeys.HTTP_PORT, "9000"))
                .with(Map.of(ConfigKeys.PARTITIONS, "3", ConfigKeys.PUBLIC_URL, "https://doors.example.com/")));
        assertThat(config.httpPort()).isEqualTo(9000);
        assertThat(config.kafka().partitions()).isEqualTo(3);
        assertThat(config.publicUrl()).contains("https://doors.example.com");
        assertThat(ApiConfig.from(ConfigSource.of(Map.of(ConfigKeys.HTTP_PORT, "9000"))
                .with(Map.of(ConfigKeys.HTTP_PORT, "9001"))).httpPort()).as("a later value of the same key").isEqualTo(9001);
    }

    @Test
    void theProcessorUrlFollowsTheProcessorsAddressUnlessSet() {
        assertThat(ApiConfig.load(Map.of(ConfigKeys.PROCESSOR_PORT, "18081")).processorUrl()).isEqualTo("http://127.0.0.1:18081");
        assertThat(ApiConfig.load(Map.of(ConfigKeys.PROCESSOR_URL, "http://processor:8081")).processorUrl())
                .isEqualTo("http://processor:8081");
    }

    @Test
    void theProcessorUrlIsOneUrlOrACommaSeparatedList() {
        assertThat(ApiConfig.load(Map.of(ConfigKeys.PROCESSOR_URL, "http://processor:8081/")).processorUrls())
                .containsExactly("http://processor:8081");
        ApiConfig several = ApiConfig.load(Map.of(
                ConfigKeys.PROCESSOR_URL, "http://processor-1:8081, http://processor-2:8081/,"));
        assertThat(several.processorUrls()).containsExactly("http://processor-1:8081", "http://processor-2:8081");
        assertThat(ApiConfig.load(Map.of(ConfigKeys.PROCESSOR_PORT, "18081")).processorUrls())
                .containsExactly("http://127.0.0.1:18081");
        assertRejects(ApiConfig::load, ConfigKeys.PROCESSOR_URL, " , ", "GATEHOUSE_PROCESSOR_URL");
    }

    @Test
    void rejectsValuesThatAreNotNumbersOrPorts() {
        assertRejects(ApiConfig::load, ConfigKeys.HTTP_PORT, "eighty", "GATEHOUSE_HTTP_PORT");
        assertRejects(ApiConfig::load, ConfigKeys.PARTITIONS, "0", "GATEHOUSE_PARTITIONS must be positive");
        assertRejects(ApiConfig::load, ConfigKeys.COMMAND_TIMEOUT_MS, "-5", "GATEHOUSE_COMMAND_TIMEOUT_MS must be positive");
    }

    @Test
    void neverPrintsSecrets() {
        assertHidesSecret(ApiConfig::load, ConfigKeys.ADMIN_KEY, "admin-secret-value");
        assertHidesSecret(ApiConfig::load, ConfigKeys.ENCRYPTION_KEY, KEY_32);
    }

    @Test
    void theEncryptionKeyIsTheBase64OfExactly32Bytes() {
        assertThat(ApiConfig.load(Map.of()).secretBox()).isEmpty();
        assertThat(ApiConfig.load(Map.of(ConfigKeys.ENCRYPTION_KEY, KEY_32)).secretBox()).isPresent();
        String urlSafe = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]);
        assertThat(ApiConfig.load(Map.of(ConfigKeys.ENCRYPTION_KEY, urlSafe)).secretBox()).as("as `up` writes it").isPresent();
        assertRejects(ApiConfig::load, ConfigKeys.ENCRYPTION_KEY, Base64.getEncoder().encodeToString(new byte[31]),
                "GATEHOUSE_ENCRYPTION_KEY must be the base64 of exactly 32 bytes, was 31");
        assertRejects(ApiConfig::load, ConfigKeys.ENCRYPTION_KEY, Base64.getEncoder().encodeToString(new byte[33]),
                "exactly 32 bytes, was 33");
        assertRejects(ApiConfig::load, ConfigKeys.ENCRYPTION_KEY, "not base64 at all!", "GATEHOUSE_ENCRYPTION_KEY must be base64");
    }

    @Test
    void readsTheKeysReadmeSaysTheApiReads() {
        assertReadsTheKeysOf(ConfigKeys.API, ApiConfig::from);
    }
}
