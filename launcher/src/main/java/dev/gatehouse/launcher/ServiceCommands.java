package dev.gatehouse.launcher;

import dev.gatehouse.api.IngestApiService;
import dev.gatehouse.kafka.EmbeddedKafka;
import dev.gatehouse.pipeline.GatehouseConfig;
import dev.gatehouse.processor.StreamProcessorService;
import dev.gatehouse.simulator.DoorSimulator;
import dev.gatehouse.sync.AccessSyncService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * One subcommand per service, so each runs as its own process (docker-compose.yml, fault tests).
 * Each reads its settings from {@code GATEHOUSE_*} environment variables and runs until SIGTERM.
 */
final class ServiceCommands {
    private ServiceCommands() {
    }

    /** Options every service command takes. */
    abstract static class ServiceCommand implements Callable<Integer> {
        @Option(names = "--data-dir", description = "Data directory (default: GATEHOUSE_DATA_DIR or ./data).")
        Path dataDir;

        GatehouseConfig config() {
            return Settings.load(dataDir, null);
        }

        @Override
        public Integer call() throws Exception {
            Running running = new Running().closeOnShutdown();
            start(config(), running);
            running.awaitStop();
            return 0;
        }

        abstract void start(GatehouseConfig config, Running running);
    }

    @Command(name = "broker", mixinStandardHelpOptions = true,
            description = "Run the embedded single-node Kafka broker (port GATEHOUSE_KAFKA_PORT).")
    static final class Broker extends ServiceCommand {
        @Override
        void start(GatehouseConfig config, Running running) {
            EmbeddedKafka kafka = running.add(EmbeddedKafka.start(
                    config.kafkaLogDir(), config.kafkaPort(), config.kafkaControllerPort()));
            System.out.println("Kafka broker: " + kafka.bootstrapServers());
        }
    }

    @Command(name = "processor", mixinStandardHelpOptions = true,
            description = "Run the stream processor (Kafka Streams, state stores, query endpoint).")
    static final class Processor extends ServiceCommand {
        @Override
        void start(GatehouseConfig config, Running running) {
            running.add(StreamProcessorService.start(config)).awaitRunning(Duration.ofMinutes(5));
            System.out.println("Stream processor running; queries on port " + config.processorPort());
        }
    }

    @Command(name = "api", mixinStandardHelpOptions = true,
            description = "Run the SCIM ingest API and admin API (port GATEHOUSE_HTTP_PORT).")
    static final class Api extends ServiceCommand {
        @Option(names = "--port", description = "HTTP port (default: GATEHOUSE_HTTP_PORT or 8080).")
        Integer port;

        @Override
        GatehouseConfig config() {
            return Settings.load(dataDir, port);
        }

        @Override
        void start(GatehouseConfig config, Running running) {
            IngestApiService api = running.add(IngestApiService.start(config));
            System.out.println("SCIM API on port " + api.port());
        }
    }

    @Command(name = "access-sync", mixinStandardHelpOptions = true,
            description = "Run access-sync: push access changes to door systems.")
    static final class AccessSync extends ServiceCommand {
        @Override
        void start(GatehouseConfig config, Running running) {
            AccessSyncService sync = running.add(AccessSyncService.start(config));
            System.out.println("access-sync running; webhook " + config.webhookUrl()
                    + "; metrics and health on port " + sync.httpPort());
        }
    }

    @Command(name = "simulator", mixinStandardHelpOptions = true,
            description = "Run the door-system simulator (port GATEHOUSE_SIMULATOR_PORT).")
    static final class Simulator extends ServiceCommand {
        @Override
        void start(GatehouseConfig config, Running running) {
            running.add(DoorSimulator.start(config.simulatorPort(), config.webhookSecret()));
            System.out.println("Door simulator on port " + config.simulatorPort());
        }
    }
}
