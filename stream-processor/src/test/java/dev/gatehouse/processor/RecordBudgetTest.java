package dev.gatehouse.processor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.contract.CommandResult;
import dev.gatehouse.contract.Operation;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.pipeline.Topics;
import dev.gatehouse.scim.ScimJson;
import dev.gatehouse.scim.limits.JsonLimits;
import dev.gatehouse.scim.limits.Limits;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every record the largest commands the budget allows can produce fits the record budget, so Kafka
 * (whose topics and producers allow the budget plus framing) never refuses one. The names are the
 * worst case for their size: 256 control characters, each written as a six-byte JSON escape.
 */
class RecordBudgetTest {
    /** A name of the longest length whose JSON form is as large as a name's can be. */
    private static final String WORST_NAME = "\u0001".repeat(Limits.NAME_CHARS);
    private final TopologyFixture fx = new TopologyFixture();
    private final Map<String, Integer> largest = new LinkedHashMap<>();

    @AfterEach
    void close() {
        System.out.println("largest records: " + largest + " of a budget of " + Limits.RECORD_BYTES + " bytes");
        fx.close();
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    /** A result as the processor wrote it: the results topic is read by the fixture's own send. */
    private void resultFits(CommandResult result) {
        int bytes = TopologyFixture.REPLY_TO.length()
                + dev.gatehouse.pipeline.JsonSerde.of(CommandResult.class).toBytes(result).length;
        largest.merge(TopologyFixture.TOPICS.results(), bytes, Math::max);
        assertThat(bytes).as("a result").isLessThanOrEqualTo(Limits.RECORD_BYTES);
    }

    /** Reads every output topic and checks each record against the budget. */
    private void everyOutputFits() {
        for (String topic : List.of(TopologyFixture.TOPICS.results(), TopologyFixture.TOPICS.users(),
                TopologyFixture.TOPICS.groups(), TopologyFixture.TOPICS.accessChanges(), TopologyFixture.TOPICS.commands(),
                TopologyFixture.TOPICS.commandDeadLetters())) {
            for (KeyValue<String, byte[]> record : fx.rawRecords(topic)) {
                int bytes = record.key.getBytes(StandardCharsets.UTF_8).length
                        + (record.value == null ? 0 : record.value.length);
                largest.merge(topic, bytes, Math::max);
                assertThat(bytes).as("a record for " + topic).isLessThanOrEqualTo(Limits.RECORD_BYTES);
            }
        }
        assertThat(Topics.MAX_MESSAGE_BYTES).isGreaterThan(Limits.RECORD_BYTES);
    }

    /** A user as large as a resource may be, with the longest names. */
    private ObjectNode largestUser() {
        ObjectNode user = ScimJson.mapper().createObjectNode()
                .put("userName", WORST_NAME).put("displayName", WORST_NAME).put("externalId", WORST_NAME);
        ObjectNode metadata = user.putObject("metadata");
        for (int i = 0; i < 50; i++) {
            metadata.put(String.format("%050d", i), "m".repeat(500));
        }
        ObjectNode extension = user.putObject("urn:example:filler:2.0:User");
        int i = 0;
        while (JsonLimits.serializedBytes(user) < Limits.STORED_RESOURCE_BYTES - 4_096) {
            extension.put("f" + i++, "\u0001".repeat(100));
        }
        return user;
    }

    @Test
    void theLargestUserInTheMostGroupsFits() {
        String userId = id();
        fx.createUser(userId, "small@acme.test");
        for (int g = 0; g < Limits.GROUPS_PER_USER; g++) {
            fx.send(Operation.CREATE, ResourceType.GROUP, id(),
                    "{\"displayName\":\"g" + g + "\",\"members\":[{\"value\":\"" + userId + "\"}]}");
            if (g % 100 == 0) {
                everyOutputFits(); // keeps the captured outputs few as we go
            }
        }
        assertThat(fx.directory().groupsOf(TopologyFixture.TENANT, userId)).hasSize(Limits.GROUPS_PER_USER);

        // The user grows to the largest a resource may be: its state, event and answer list every group.
        CommandResult replaced = fx.send(Operation.REPLACE, ResourceType.USER, userId, largestUser().toString());

        assertThat(replaced.status()).as(replaced.body().toString()).isEqualTo(200);
        resultFits(replaced);
        everyOutputFits();
        assertThat(largest.get(TopologyFixture.TOPICS.users())).isGreaterThan(Limits.STORED_RESOURCE_BYTES);
    }

    @Test
    void theLargestGroupAnswerFits() {
        ArrayNode members = ScimJson.mapper().createArrayNode();
        for (int m = 0; m < Limits.MEMBERS_PER_REQUEST; m++) {
            String userId = id();
            fx.send(Operation.CREATE, ResourceType.USER, userId, "{\"userName\":\"u" + m + "\"}");
            members.addObject().put("value", userId).put("display", WORST_NAME);
        }
        everyOutputFits();
        ObjectNode group = largestUser();
        group.remove("userName");
        group.remove("metadata");
        group.set("members", members);

        CommandResult created = fx.send(Operation.CREATE, ResourceType.GROUP, id(), group.toString());

        assertThat(created.status()).as(created.body().path("detail").asText()).isEqualTo(201);
        assertThat(created.body().get("members")).hasSize(Limits.MEMBERS_PER_REQUEST);
        resultFits(created);
        everyOutputFits();
        assertThat(largest.get(TopologyFixture.TOPICS.results())).isGreaterThan(Limits.RECORD_BYTES / 2);
    }
}
