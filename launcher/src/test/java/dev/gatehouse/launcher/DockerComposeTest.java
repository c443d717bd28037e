package dev.gatehouse.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.api.config.ApiConfig;
import dev.gatehouse.kafka.EmbeddedKafka;
import dev.gatehouse.pipeline.config.ConfigKeys;
import dev.gatehouse.pipeline.config.ConfigSource;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

/**
 * No Docker engine runs here, so docker-compose.yml is checked against what the jar really reads:
 * every service runs a real subcommand, every GATEHOUSE_* key is one the config knows, addresses
 * name services of the file, images are pinned.
 */
class DockerComposeTest {
    private static Map<String, Map<String, Object>> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void load() throws IOException {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(20);
        try (Reader reader = Files.newBufferedReader(Path.of("..", "docker-compose.yml"), StandardCharsets.UTF_8)) {
            Map<String, Object> compose = new Yaml(options).load(reader);
            services = (Map<String, Map<String, Object>>) compose.get("services");
        }
    }

    @Test
    void runsKafkaAndEachServiceInItsOwnContainer() {
        assertThat(services).containsOnlyKeys("kafka", "processor-1", "processor-2", "api-1", "api-2", "access-sync", "simulator");
    }

    @Test
    void twoProcessorsShareAnApplicationIdWithAStandbyAndStateOfTheirOwn() {
        Map<String, Object> one = environment(services.get("processor-1"));
        Map<String, Object> two = environment(services.get("processor-2"));
        assertThat(one.get("GATEHOUSE_APPLICATION_ID")).isNotNull().isEqualTo(two.get("GATEHOUSE_APPLICATION_ID"));
        for (Map<String, Object> processor : List.of(one, two)) {
            assertThat(Integer.parseInt(String.valueOf(processor.get("GATEHOUSE_STANDBY_REPLICAS")))).isEqualTo(1);
            assertThat(Integer.parseInt(String.valueOf(processor.get("GATEHOUSE_SESSION_TIMEOUT_MS")))).isBetween(6_000, 45_000);
        }
        assertThat(services.get("processor-1").get("volumes")).isNotEqualTo(services.get("processor-2").get("volumes"));
    }

    @Test
    void everyServiceRunsASubcommandOfTheLauncher() {
        Set<String> subcommands = new CommandLine(new Gatehouse()).getSubcommands().keySet();
        services.forEach((name, service) -> {
            if (!name.equals("kafka")) {
                assertThat(subcommands).as(name).contains(command(service).get(0));
            }
        });
    }

    @Test
    void everyEnvironmentKeyIsOneTheConfigReads() {
        services.forEach((name, service) -> environment(service).keySet().stream()
                .filter(key -> key.startsWith("GATEHOUSE_"))
                .forEach(key -> assertThat(ConfigKeys.names()).as(name + " sets " + key).contains(key)));
    }

    @Test
    void addressesPointAtServicesOfThisFile() {
        List<String> processorUrls = List.of("processor-1", "processor-2").stream()
                .map(name -> "http://" + name + ":" + environment(services.get(name)).get("GATEHOUSE_PROCESSOR_PORT"))
                .toList();
        for (String name : List.of("api-1", "api-2")) {
            Map<String, Object> api = environment(services.get(name));
            ApiConfig config = ApiConfig.load(Map.of(
                    ConfigKeys.PROCESSOR_URL, String.valueOf(api.get("GATEHOUSE_PROCESSOR_URL"))));
            assertThat(config.processorUrls()).as(name + " reads from every processor").containsExactlyInAnyOrderElementsOf(processorUrls);
            assertThat(api.get("GATEHOUSE_BOOTSTRAP_SERVERS")).isEqualTo("kafka:9092");
        }
        assertThat(environment(services.get("access-sync")).get("GATEHOUSE_WEBHOOK_URL"))
                .isEqualTo("http://simulator:" + environment(services.get("simulator")).get("GATEHOUSE_SIMULATOR_PORT") + "/webhook");
        for (String name : List.of("processor-1", "processor-2")) {
            assertThat(environment(services.get(name)).get("GATEHOUSE_PROCESSOR_HOST")).as("advertises itself").isEqualTo(name);
        }
        assertThat(services.get("api-1").get("ports")).isNotEqualTo(services.get("api-2").get("ports"));
    }

    @Test
    void everyConfigValueParses() {
        services.forEach((name, service) -> {
            if (!name.equals("kafka")) {
                Map<String, String> env = new java.util.HashMap<>();
                environment(service).forEach((k, v) -> env.put(k, interpolated(String.valueOf(v))));
                assertThat(StackConfig.from(ConfigSource.of(env))).as(name).isNotNull();
            }
        });
    }

    /**
     * A value as compose fills it in when the variable is unset: {@code ${NAME:-default}} is its default,
     * {@code ${NAME:?message}} (required) a placeholder value.
     */
    private static String interpolated(String value) {
        if (!value.startsWith("${")) {
            return value;
        }
        int fallback = value.indexOf(":-");
        return fallback > 0 ? value.substring(fallback + 2, value.length() - 1) : "x";
    }

    @Test
    void theBrokerAbortsTimedOutTransactionsAsSoonAsGatehousesOwnBrokers() {
        String setting = "transaction.abort.timed.out.transaction.cleanup.interval.ms";
        String own = EmbeddedKafka.kraftNode(1, "1@127.0.0.1:9093", 9092, 9093, Path.of("kafka")).getProperty(setting);
        Map<String, Object> kafka = environment(services.get("kafka"));

        assertThat(own).isNotNull();
        // The apache/kafka image reads KAFKA_<SETTING, dots as underscores, in capitals>.
        assertThat(kafka.get("KAFKA_" + setting.replace('.', '_').toUpperCase(Locale.ROOT))).isEqualTo(own);
    }

    @Test
    void imagesArePinned() {
        services.values().forEach(service -> {
            String image = String.valueOf(service.get("image"));
            assertThat(image).contains(":").doesNotEndWith(":latest");
        });
        assertThat(services.get("kafka").get("image")).isEqualTo("apache/kafka:4.4.0");
    }

    @SuppressWarnings("unchecked")
    private static List<String> command(Map<String, Object> service) {
        return (List<String>) service.get("command");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environment(Map<String, Object> service) {
        return (Map<String, Object>) service.getOrDefault("environment", Map.of());
    }
}
