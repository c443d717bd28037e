package dev.gatehouse.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.pipeline.KafkaProps;
import dev.gatehouse.pipeline.Topics;
import dev.gatehouse.pipeline.config.ConfigSource;
import dev.gatehouse.pipeline.config.KafkaConfig;
import dev.gatehouse.testkit.TestKafka;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code gatehouse topics}: what an operator sees, and the exit code a deployment gates on. */
class TopicsCommandIT {

    @Test
    void printsWantedAgainstActualAndFailsUntilDriftIsApplied() throws Exception {
        ConfigSource config = TestKafka.settings();
        String results = Topics.from(KafkaConfig.from(config)).results();
        try (Admin admin = Admin.create(KafkaProps.admin(KafkaConfig.from(config)))) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, results);
            admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(
                    new ConfigEntry("retention.ms", "1000"), AlterConfigOp.OpType.SET)))).all().get(30, TimeUnit.SECONDS);
            while (!"1000".equals(admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS)
                    .get(resource).get("retention.ms").value())) {
                Thread.sleep(20);
            }
        }
        Run review = run(config);
        assertThat(review.exit).isEqualTo(1);
        assertThat(review.out).containsPattern(results + " +retention.ms +3600000 +1000 +DRIFT")
                .contains("1 propert(y/ies) drifting");

        Run applied = run(config, "--apply");
        assertThat(applied.exit).isZero();
        assertThat(applied.out).containsPattern(results + " +retention.ms +3600000 +1000 +APPLIED");
        Run after = run(config);
        assertThat(after.exit).isZero();
        assertThat(after.out).contains("No drift.");
    }

    private record Run(int exit, String out) {
    }

    private static Run run(ConfigSource config, String... args) {
        TopicsCommand command = new TopicsCommand();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        command.out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        command.config = KafkaConfig.from(config);
        int exit = new CommandLine(command).execute(args);
        return new Run(exit, buffer.toString(StandardCharsets.UTF_8));
    }
}
