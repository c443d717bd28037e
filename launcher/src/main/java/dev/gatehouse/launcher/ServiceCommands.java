package dev.gatehouse.launcher;

import dev.gatehouse.api.config.ApiConfig;
import dev.gatehouse.kafka.EmbeddedKafka;
import dev.gatehouse.pipeline.config.ConfigSource;
import dev.gatehouse.processor.ProcessorConfig;
import dev.gatehouse.sync.SyncConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * One subcommand per service, so each runs as its own process (docker-compose.yml, fault tests).
 * Each reads its settings from {@code GATEHOUSE_*} environment variables and runs until SIGTERM. An
 * unknown key stops it before it starts anything; a key of another service is accepted (one
 * environment often serves several, as in docker-compose.yml).
 */
final class ServiceCommands {
    private ServiceCommands() {
    }

    /** Options every service command takes. */
    abstract static class ServiceCommand implements Callable<Integer> {
        @Option(names = "--data-dir", description = "Data directory (default: GATEHOUSE_DATA_DIR or ./data).")
        Path dataDir;

        /** The environment the settings are read from; tests set their own. */
        Map<String, String> environment = System.getenv();

        ConfigSource settings() {
            return Settings.load(environment, dataDir, null);
        }

        @Override
        public Integer call() throws Exception {
            ConfigSource settings = settings();
            Running running = new Running().closeOnShutdown();
            System.out.println(start(settings, running));
            running.awaitStop();
            return 0;
        }

        /** Reads this service's record of {@code settings}, starts the service and returns the line saying where it runs. */
        abstract String start(ConfigSource settings, Running running);
    }

    @Command(name = "broker", mixinStandardHelpOptions = true,
            description = "Run the embedded single-node Kafka broker (port GATEHOUSE_KAFKA_PORT).")
    static final class Broker extends ServiceCommand {
        @Override
        String start(ConfigSource settings, Running running) {
            LauncherConfig config = LauncherConfig.from(settings);
            return "Kafka broker: " + running.add(EmbeddedKafka.start(
                    config.kafkaLogDir(), config.kafkaPort(), config.kafkaControllerPort())).bootstrapServers();
        }
    }

    @Command(name = "processor", mixinStandardHelpOptions = true,
            description = "Run the stream processor (Kafka Streams, state stores, query endpoint).")
    static final class Processor extends ServiceCommand {
        @Override
        String start(ConfigSource settings, Running running) {
            ProcessorConfig config = ProcessorConfig.from(settings);
            Stack.processor(config, running);
            return "Stream processor running; queries on port " + config.processorPort();
        }
    }

    @Command(name = "api", mixinStandardHelpOptions = true,
            description = "Run the SCIM ingest API and admin API (port GATEHOUSE_HTTP_PORT).")
    static final class Api extends ServiceCommand {
        @Option(names = "--port", description = "HTTP port (default: GATEHOUSE_HTTP_PORT or 8080).")
        Integer port;

        @Override
        ConfigSource settings() {
            return Settings.load(environment, dataDir, port);
        }

        @Override
        String start(ConfigSource settings, Running running) {
            return "SCIM API on port " + Stack.api(ApiConfig.from(settings), running).port();
        }
    }

    @Command(name = "access-sync", mixinStandardHelpOptions = true,
            description = "Run access-sync: push access changes to door systems.")
    static final class AccessSync extends ServiceCommand {
        @Override
        String start(ConfigSource settings, Running running) {
            SyncConfig config = SyncConfig.from(settings);
            return "access-sync running; webhook " + config.webhookUrl()
                    + "; metrics and health on port " + Stack.sync(config, running).httpPort();
        }
    }

    @Command(name = "simulator", mixinStandardHelpOptions = true,
            description = "Run the door-system simulator (port GATEHOUSE_SIMULATOR_PORT).")
    static final class Simulator extends ServiceCommand {
        @Override
        String start(ConfigSource settings, Running running) {
            LauncherConfig config = LauncherConfig.from(settings);
            Stack.simulator(config, running);
            return "Door simulator on port " + config.simulatorPort();
        }
    }
}
