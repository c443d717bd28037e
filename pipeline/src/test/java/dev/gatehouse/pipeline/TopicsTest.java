package dev.gatehouse.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.pipeline.config.ConfigKeys;
import dev.gatehouse.pipeline.config.KafkaConfig;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TopicsTest {
    private final Topics topics = new Topics("gh.", 6, (short) 1);

    @Test
    void namesEveryTopicWithThePrefix() {
        assertThat(topics.specs()).extracting(TopicSpec::name).containsExactly(
                "gh.tenants", "gh.commands", "gh.results", "gh.users", "gh.groups",
                "gh.access-changes", "gh.dead-letters", "gh.command-dead-letters", "gh.door-status", "gh.audit",
                "gh.access-tokens", "gh.provisioning-activity", "gh.timeline");
    }

    @Test
    void keepsCommandsForeverAndCompactsState() {
        Map<String, TopicSpec> byName = topics.specs().stream().collect(Collectors.toMap(TopicSpec::name, s -> s));
        assertThat(byName.get("gh.commands").configs())
                .containsEntry("cleanup.policy", "delete").containsEntry("retention.ms", "-1");
        assertThat(byName.get("gh.commands").partitions()).isEqualTo(6);
        assertThat(byName.get("gh.tenants").configs()).containsEntry("cleanup.policy", "compact");
        assertThat(byName.get("gh.users").configs()).containsEntry("cleanup.policy", "compact");
        assertThat(byName.get("gh.door-status").configs()).containsEntry("cleanup.policy", "compact");
        assertThat(byName.get("gh.results").configs()).containsEntry("retention.ms", "3600000");
        assertThat(byName.get("gh.audit").configs())
                .containsEntry("cleanup.policy", "delete").containsEntry("retention.ms", "-1");
        assertThat(byName.get("gh.audit").partitions()).isEqualTo(1);
        // A grant outlives the longest access token (6 hours) by days, so "last used" survives a quiet weekend.
        assertThat(byName.get("gh.access-tokens").configs())
                .containsEntry("cleanup.policy", "delete").containsEntry("retention.ms", Long.toString(7 * 24 * 3_600_000L));
        assertThat(byName.get("gh.access-tokens").partitions()).isEqualTo(1);
        assertThat(byName.get("gh.provisioning-activity").configs())
                .containsEntry("cleanup.policy", "delete").containsEntry("retention.ms", Long.toString(7 * 24 * 3_600_000L))
                .containsEntry("message.timestamp.type", "LogAppendTime");
        assertThat(byName.get("gh.provisioning-activity").partitions()).isEqualTo(1);
        // A tenant's timeline is on the partition of its commands, kept the configured days (30 by default).
        assertThat(byName.get("gh.timeline").partitions()).isEqualTo(6);
        assertThat(byName.get("gh.timeline").configs())
                .containsEntry("cleanup.policy", "delete").containsEntry("retention.ms", Long.toString(30 * 24 * 3_600_000L))
                // Two producers: the broker's append time keeps each partition's timestamps in order.
                .containsEntry("message.timestamp.type", "LogAppendTime");
        assertThat(byName.get("gh.commands").configs()).containsEntry("min.insync.replicas", "1");
        assertThat(topics.specs()).allSatisfy(s -> assertThat(s.configs())
                .containsEntry("max.message.bytes", Integer.toString(Topics.MAX_MESSAGE_BYTES)));
        assertThat(new Topics("gh.", 6, (short) 3).specs()).allSatisfy(s -> {
            assertThat(s.replication()).isEqualTo((short) 3);
            assertThat(s.configs()).containsEntry("min.insync.replicas", "2");
        });
    }

    @Test
    void theTimelineIsKeptAsLongAsConfigured() {
        KafkaConfig config = KafkaConfig.load(Map.of(ConfigKeys.TIMELINE_RETENTION_DAYS, "90"));
        TopicSpec timeline = Topics.from(config).specs().stream().filter(s -> s.name().endsWith("timeline"))
                .findFirst().orElseThrow();

        assertThat(timeline.configs()).containsEntry("retention.ms", Long.toString(90 * 24 * 3_600_000L));
        assertThat(KafkaConfig.load(Map.of()).timelineRetentionDays()).isEqualTo(30);
        assertThatThrownBy(() -> KafkaConfig.load(Map.of(ConfigKeys.TIMELINE_RETENTION_DAYS, "0")))
                .hasMessageContaining(ConfigKeys.TIMELINE_RETENTION_DAYS);
        assertThatThrownBy(() -> KafkaConfig.load(Map.of(ConfigKeys.TIMELINE_RETENTION_DAYS, "3651")))
                .hasMessageContaining("1-3650");
    }
}
