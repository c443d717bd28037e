package dev.gatehouse.processor;

import dev.gatehouse.contract.Command;
import dev.gatehouse.pipeline.JsonSerde;
import dev.gatehouse.pipeline.KafkaProps;
import dev.gatehouse.pipeline.Topics;
import dev.gatehouse.pipeline.config.ConfigKeys;
import dev.gatehouse.pipeline.config.ConfigSource;
import dev.gatehouse.pipeline.config.KafkaConfig;
import dev.gatehouse.testkit.TestKafka;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What the processor's tests on a real broker share: one test's settings on the shared test broker,
 * a service started and running, its query port's URL, and commands sent onto the commands topic.
 */
final class ProcessorOnBroker {
    private static final JsonSerde<Command> COMMANDS = JsonSerde.of(Command.class);

    private ProcessorOnBroker() {
    }

    /** One test's settings (its own topics, a free query port); {@code overrides} win. */
    static ConfigSource settings(Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>(Map.of(ConfigKeys.PROCESSOR_PORT, "0"));
        settings.putAll(overrides);
        return TestKafka.settings(settings);
    }

    static ConfigSource settings() {
        return settings(Map.of());
    }

    /** A processor started on {@code config}, once its streams run (at most a minute). */
    static StreamProcessorService startRunning(ConfigSource config) {
        StreamProcessorService service = StreamProcessorService.start(ProcessorConfig.from(config));
        try {
            return service.awaitRunning(Duration.ofSeconds(60));
        } catch (RuntimeException | Error e) {
            service.close();
            throw e;
        }
    }

    /** {@code http://127.0.0.1:<query port>}. */
    static String baseUrl(StreamProcessorService service) {
        return "http://127.0.0.1:" + service.queryPort();
    }

    /** Sends the commands in order, each keyed by its tenant, waiting for each to be written. */
    static void send(ConfigSource config, List<Command> commands) throws ExecutionException, InterruptedException {
        KafkaConfig kafka = KafkaConfig.from(config);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KafkaProps.producer(kafka, "test"))) {
            for (Command command : commands) {
                producer.send(record(Topics.from(kafka), command)).get();
            }
        }
    }

    static ProducerRecord<String, byte[]> record(Topics topics, Command command) {
        return new ProducerRecord<>(topics.commands(), command.tenantId(), COMMANDS.toBytes(command));
    }
}
