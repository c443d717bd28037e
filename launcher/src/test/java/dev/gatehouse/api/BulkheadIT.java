package dev.gatehouse.api;

import static dev.gatehouse.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.contract.Command;
import dev.gatehouse.contract.Operation;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.launcher.TestStack;
import dev.gatehouse.pipeline.JsonSerde;
import dev.gatehouse.pipeline.KafkaProps;
import dev.gatehouse.pipeline.Topics;
import dev.gatehouse.pipeline.config.ConfigKeys;
import dev.gatehouse.pipeline.config.KafkaConfig;
import dev.gatehouse.scim.ScimJson;
import dev.gatehouse.scim.limits.Limits;
import dev.gatehouse.testkit.Gatehouse;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The bulkheads on a real broker and processor: a membership change larger than a step lets another
 * organization's revocation through between its steps, in the same partition; and the largest record
 * the budget allows is accepted by Kafka end to end.
 */
class BulkheadIT {
    // One partition: both organizations' commands queue in the same place, in order.
    @RegisterExtension
    static final TestStack stack = TestStack.perClass(Map.of(ConfigKeys.PARTITIONS, "1"));
    private static Gatehouse.Organization a;
    private static Gatehouse.Organization b;

    @BeforeAll
    static void createOrganizations() {
        a = stack.newTenant("Heavy");
        b = stack.newTenant("Neighbour");
    }

    /** Users of {@code tenant}, created by commands straight on the topic (no answers awaited). */
    private static List<String> seedUsers(String tenantId, int count) throws Exception {
        return seedUsers(tenantId, count, "");
    }

    /** As above, each user with {@code displayName} when it is not empty. */
    private static List<String> seedUsers(String tenantId, int count, String displayName) throws Exception {
        List<String> ids = new ArrayList<>();
        JsonSerde<Command> serde = JsonSerde.of(Command.class);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KafkaProps.producer(KafkaConfig.from(stack.config()), "seed"))) {
            for (int i = 0; i < count; i++) {
                String id = UUID.randomUUID().toString();
                ids.add(id);
                Command create = new Command(UUID.randomUUID().toString(), tenantId, Operation.CREATE, ResourceType.USER, id,
                        user("seed-" + id + "@heavy.test", displayName),
                        Instant.now().truncatedTo(ChronoUnit.MILLIS), null, null, null);
                producer.send(new ProducerRecord<>(Topics.from(KafkaConfig.from(stack.config())).commands(), tenantId, serde.toBytes(create)));
            }
        }
        String last = ids.get(count - 1);
        Awaitility.await().atMost(java.time.Duration.ofSeconds(120))
                .until(() -> stack.scim("GET", "/Users/" + last, a.token(), null).statusCode() == 200);
        return ids;
    }

    private static ObjectNode user(String userName, String displayName) {
        ObjectNode user = ScimJson.mapper().createObjectNode().put("userName", userName);
        if (!displayName.isEmpty()) {
            user.put("displayName", displayName);
        }
        return user;
    }

    @Test
    void anotherOrganizationsRevocationIsAnsweredBetweenTheStepsOfAHeavyChange() throws Exception {
        int size = 3 * Limits.STEP_WORK_BYTES / Limits.MEMBER_CHANGE_BYTES + 100;
        List<String> members = seedUsers(a.id(), size);
        String group = json(stack.scim("POST", "/Groups", a.token(), "{\"displayName\":\"Everyone\"}")).get("id").asText();
        for (int from = 0; from < size; from += Limits.MEMBERS_PER_REQUEST) {
            ArrayNode values = ScimJson.mapper().createArrayNode();
            members.subList(from, Math.min(size, from + Limits.MEMBERS_PER_REQUEST))
                    .forEach(id -> values.addObject().put("value", id));
            ObjectNode op = ScimJson.mapper().createObjectNode().put("op", "add").put("path", "members");
            op.set("value", values);
            assertThat(stack.scim("PATCH", "/Groups/" + group, a.token(),
                    "{\"Operations\":[" + op + "]}").statusCode()).isEqualTo(204);
        }
        String victim = json(stack.scim("POST", "/Users", b.token(), "{\"userName\":\"leaver@neighbour.test\"}"))
                .get("id").asText();

        // The delete is sent first; the revocation right behind it, into the same partition.
        CompletableFuture<Long> deleted = CompletableFuture.supplyAsync(() -> {
            HttpResponse<String> response = stack.scim("DELETE", "/Groups/" + group, a.token(), null);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
            return System.nanoTime();
        });
        Thread.sleep(20);
        HttpResponse<String> revoked = stack.scim("PATCH", "/Users/" + victim, b.token(),
                "{\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]}");
        long revokedAt = System.nanoTime();

        assertThat(revoked.statusCode()).isEqualTo(204);
        assertThat(deleted.get()).as("the revocation was answered before the heavy change's last step")
                .isGreaterThan(revokedAt);
        JsonNode groups = json(stack.scim("GET", "/Users/" + members.get(0), a.token(), null)).path("groups");
        assertThat(groups).isEmpty();
    }

    @Test
    void theLargestGroupAnswerTheBudgetAllowsTravelsThroughKafka() throws Exception {
        // Members named by their users' displayNames, each as long as a name may be and as large as
        // JSON can write one (a control character takes six bytes): a 1.5 MB answer.
        List<String> users = seedUsers(a.id(), Limits.MEMBERS_PER_REQUEST, "\u0001".repeat(Limits.NAME_CHARS));
        ObjectNode group = ScimJson.mapper().createObjectNode().put("displayName", "Largest");
        ArrayNode members = group.putArray("members");
        users.forEach(id -> members.addObject().put("value", id));
        String body = group.toString();
        assertThat(body.length()).isLessThan(Limits.REQUEST_BODY_BYTES);

        HttpResponse<String> created = stack.scim("POST", "/Groups", a.token(), body);

        assertThat(created.statusCode()).as(created.body().length() > 300 ? created.body().substring(0, 300) : created.body())
                .isEqualTo(201);
        assertThat(json(created).get("members")).hasSize(Limits.MEMBERS_PER_REQUEST)
                .allSatisfy(m -> assertThat(m.get("display").asText()).hasSize(Limits.NAME_CHARS));
        assertThat(created.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isGreaterThan(1_000_000);
    }
}
