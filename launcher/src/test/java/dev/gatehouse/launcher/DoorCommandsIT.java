package dev.gatehouse.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.pipeline.KafkaProps;
import dev.gatehouse.pipeline.Topics;
import dev.gatehouse.pipeline.config.ConfigSource;
import dev.gatehouse.pipeline.config.KafkaConfig;
import dev.gatehouse.sync.SyncConfig;
import dev.gatehouse.testkit.TestKafka;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The door commands against a real broker: what an operator types and sees. */
class DoorCommandsIT {

    @Test
    void dlqListAndRedriveShowTheLettersWithoutTheirPersonalData() throws Exception {
        ConfigSource config = TestKafka.settings();
        String letter = "{\"change\":{\"tenantId\":\"acme\",\"resourceId\":\"u1\",\"resourceType\":\"USER\",\"version\":1,"
                + "\"state\":{\"userName\":\"secret.person@example.test\"}},"
                + "\"connector\":\"kisi-acme\",\"error\":\"kisi create user answered 422\",\"attempts\":1,\"at\":\"2026-11-29T00:00:00Z\"}";
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KafkaProps.producer(KafkaConfig.from(config), "test"))) {
            producer.send(new ProducerRecord<>(Topics.from(KafkaConfig.from(config)).deadLetters(), "acme/u1",
                    letter.getBytes(StandardCharsets.UTF_8))).get();
        }
        String listed = run(new DoorCommands.DlqList(), config);
        assertThat(listed).contains("kisi-acme").contains("acme/u1").contains("422").contains("1 dead letter(s)")
                .doesNotContain("secret.person");
        assertThat(run(new DoorCommands.DlqRedrive(), config)).contains("1 letter(s) redriven");
        assertThat(run(new DoorCommands.DlqRedrive(), config)).contains("0 letter(s) redriven");
    }

    @Test
    void replayRefusesATimeThatIsNotIso() {
        int exit = new CommandLine(new Gatehouse()).execute("replay", "--tenant", "t", "--connector", "webhook", "--since", "yesterday");
        assertThat(exit).isEqualTo(2);
    }

    private static String run(DoorCommands.DoorCommand command, ConfigSource config) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        command.out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        command.config = SyncConfig.from(config);
        assertThat(new CommandLine(command).execute()).isZero();
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
