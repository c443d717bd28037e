package dev.gatehouse.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.kafka.FreePorts;
import dev.gatehouse.pipeline.config.ConfigKeys;
import dev.gatehouse.testkit.TestKafka;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

/** A misspelled {@code GATEHOUSE_*} key stops a service before it binds a port or creates a topic on a real broker. */
class UnknownSettingIT {

    @Test
    void aMisspelledKeyStopsAServiceBeforeItBindsAPortOrCreatesATopic() throws Exception {
        String prefix = "unknown-" + UUID.randomUUID().toString().substring(0, 8) + ".";
        int port = FreePorts.next();
        Map<String, String> environment = new HashMap<>(Map.of(
                ConfigKeys.BOOTSTRAP_SERVERS, TestKafka.bootstrapServers(),
                ConfigKeys.TOPIC_PREFIX, prefix,
                ConfigKeys.HTTP_PORT, Integer.toString(port),
                "GATEHOUSE_HTTP_PRT", "8080"));
        ServiceCommands.Api api = new ServiceCommands.Api();
        api.environment = environment;

        assertThatThrownBy(api::call).isInstanceOf(ConfigKeys.UnknownSettingException.class)
                .hasMessage("Unknown setting GATEHOUSE_HTTP_PRT; did you mean GATEHOUSE_HTTP_PORT?");

        try (ServerSocket stillFree = new ServerSocket(port)) {
            assertThat(stillFree.getLocalPort()).isEqualTo(port);
        }
        try (Admin admin = Admin.create(Map.<String, Object>of(
                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()))) {
            assertThat(admin.listTopics().names().get()).noneMatch(topic -> topic.startsWith(prefix));
        }
    }
}
