package dev.gatehouse.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.gatehouse.launcher.TestStack;
import dev.gatehouse.pipeline.KafkaProps;
import dev.gatehouse.pipeline.Topics;
import dev.gatehouse.pipeline.config.ConfigKeys;
import dev.gatehouse.pipeline.config.KafkaConfig;
import dev.gatehouse.scim.ScimJson;
import dev.gatehouse.testkit.Gatehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The consumer example of docs/events.md against a real stack: it sees a user's groups and, after a
 * SCIM disable, that the user may no longer open doors, and it commits what it acted on.
 */
class AccessChangesConsumerExampleIT {
    @RegisterExtension
    static final TestStack STACK = TestStack.perClass().withOrganization("Consumer Example");

    /** What the example told the door system last, per user. */
    private record Decision(long version, boolean active, List<String> groupIds) {
    }

    @Test
    void theExampleFollowsAUsersGroupsAndRevocationAndCommitsAfterActing() throws Exception {
        String alice = created(STACK.scim("POST", "/Users", STACK.token(), "{\"userName\":\"alice@example.test\"}"));
        String staff = created(STACK.scim("POST", "/Groups", STACK.token(),
                "{\"displayName\":\"Staff\",\"members\":[{\"value\":\"" + alice + "\"}]}"));
        HttpResponse<String> disabled = STACK.scim("PATCH", "/Users/" + alice, STACK.token(),
                Gatehouse.patchBody("[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}]"));
        assertThat(disabled.statusCode()).as(disabled.body()).isEqualTo(204);

        KafkaConfig kafka = KafkaConfig.from(STACK.config());
        String topic = Topics.from(kafka).accessChanges();
        String group = "consumer-example-" + STACK.config().string(ConfigKeys.INSTANCE_ID);
        Map<String, Decision> decisions = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        CompletableFuture<Void> consumer = CompletableFuture.runAsync(() -> {
            try {
                AccessChangesConsumerExample.consume(kafka.bootstrapServers(), topic, group,
                        (tenant, user, version, active, groups) -> {
                            assertThat(tenant).isEqualTo(STACK.organization().id());
                            decisions.merge(user, new Decision(version, active, groups),
                                    (old, now) -> now.version() > old.version() ? now : old);
                        }, running::get);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!revoked(decisions.get(alice)) && System.nanoTime() < deadline && !consumer.isDone()) {
                Thread.sleep(100);
            }
        } finally {
            running.set(false);
        }
        consumer.get(30, TimeUnit.SECONDS);

        Decision last = decisions.get(alice);
        assertThat(last).as("the example saw alice's changes").isNotNull();
        assertThat(last.active()).as("disabled: no door opens").isFalse();
        assertThat(last.groupIds()).containsExactly(staff);
        try (Admin admin = Admin.create(KafkaProps.admin(kafka))) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            assertThat(committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum())
                    .as("offsets committed after acting").isPositive();
        }
    }

    private static boolean revoked(Decision decision) {
        return decision != null && !decision.active();
    }

    private static String created(HttpResponse<String> response) throws JsonProcessingException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return ScimJson.mapper().readTree(response.body()).path("id").asText();
    }
}
