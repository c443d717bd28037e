package dev.gatehouse.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.launcher.events.Event;
import dev.gatehouse.launcher.events.EventTopic;
import dev.gatehouse.pipeline.TopicSpec;
import dev.gatehouse.pipeline.Topics;
import dev.gatehouse.scim.ScimJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code events tail} without a broker: its options, the topic names, the tenant filter, the line format, redaction. */
class EventsTailTest {
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    /** Runs {@code gatehouse <args>} in this JVM with {@code environment}; the exit code. */
    private int run(Map<String, String> environment, String... args) {
        CommandLine line = TailCommandLine.of(environment, stdout, stderr, new AtomicReference<>());
        line.setOut(new java.io.PrintWriter(new PrintStream(stdout, true, StandardCharsets.UTF_8), true));
        line.setErr(new java.io.PrintWriter(new PrintStream(stderr, true, StandardCharsets.UTF_8), true));
        return line.execute(args);
    }

    private String err() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    private String out() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anUnknownTopicIsAUsageErrorListingTheKnownNames() {
        int code = run(Map.of(), "events", "tail", "--topic", "gatehouse.users");

        assertThat(code).isEqualTo(2);
        assertThat(err()).contains("Unknown topic 'gatehouse.users'; the topics are: tenants, commands, results, users, "
                + "groups, access-changes, dead-letters, command-dead-letters, door-status, audit");
        assertThat(out()).isEmpty();
    }

    @Test
    void aMissingTopicOrALimitBelowOneIsAUsageError() {
        assertThat(run(Map.of(), "events", "tail")).isEqualTo(2);
        assertThat(err()).contains("Missing required option: '--topic=<name>'");
        stderr.reset();
        assertThat(run(Map.of(), "events", "tail", "--topic", "users", "--limit", "0")).isEqualTo(2);
        assertThat(err()).contains("--limit must be at least 1, was 0");
        stderr.reset();
        assertThat(run(Map.of(), "events", "tail", "--topic", "users", "--limit", "ten")).isEqualTo(2);
        assertThat(err()).contains("'ten' is not an int");
        stderr.reset();
        assertThat(run(Map.of(), "events", "tail", "--topic", "users", "--tenant", " ")).isEqualTo(2);
        assertThat(err()).contains("--tenant must name an organization");
        assertThat(out()).isEmpty();
    }

    @Test
    void anUnknownSettingStopsTheCommandBeforeKafkaIsAsked() {
        int code = run(Map.of("GATEHOUSE_TOPIC_PREFX", "acme."), "events", "tail", "--topic", "users");

        assertThat(code).isEqualTo(1);
        assertThat(err().strip()).isEqualTo("Unknown setting GATEHOUSE_TOPIC_PREFX; did you mean GATEHOUSE_TOPIC_PREFIX?");
        assertThat(out()).isEmpty();
    }

    @Test
    void theHelpNamesTheTopicsAndTheSemantics() {
        assertThat(run(Map.of(), "events", "tail", "--help")).isZero();
        assertThat(out().replaceAll("\\s+", " "))
                .contains("tenants, commands, results, users, groups, access-changes, dead-letters, "
                        + "command-dead-letters, door-status, audit, access-tokens, provisioning-activity, timeline.")
                .contains("history ends at the end offsets taken at start")
                .contains("--from-beginning").contains("--follow").contains("ISO-8601").contains("[redacted]");
    }

    @Test
    void everyCatalogueTopicResolvesUnderThePrefixWithAnOwnerRule() {
        Topics catalogue = new Topics("acme.", 6, (short) 1);
        assertThat(EventTopic.names()).hasSize(catalogue.specs().size());
        for (TopicSpec spec : catalogue.specs()) {
            String name = spec.name().substring("acme.".length());
            Optional<EventTopic> topic = EventTopic.find(name, "acme.");
            assertThat(topic).as(name).isPresent();
            assertThat(topic.get().fullName()).isEqualTo(spec.name());
        }
        assertThat(EventTopic.find("access-changes", "acme.").get().fullName()).isEqualTo(catalogue.accessChanges());
        assertThat(EventTopic.find("nope", "acme.")).isEmpty();
    }

    @Test
    void theTenantFilterFollowsEachTopicsKeyFormat() {
        String t = "6f1c0000-0000-0000-0000-000000000001";
        EventTopic.Owner commands = EventTopic.find("commands", "").get().owner();
        assertThat(commands.owns(t, t, null)).isTrue();
        assertThat(commands.owns(t, t + "x", null)).isFalse();
        assertThat(commands.owns(t, "-", null)).isFalse();
        assertThat(EventTopic.find("audit", "").get().owner().owns(t, t, null)).isTrue();

        EventTopic.Owner users = EventTopic.find("users", "").get().owner();
        assertThat(users.owns(t, t + "/u1", null)).as("tombstones are kept by key").isTrue();
        assertThat(users.owns(t, t + "x/u1", null)).as("a tenant id that only starts alike").isFalse();
        assertThat(users.owns(t, t, null)).isFalse();
        assertThat(users.owns(t, null, null)).isFalse();
        assertThat(EventTopic.find("door-status", "").get().owner().owns(t, t + "/u1/webhook", null)).isTrue();
        assertThat(EventTopic.find("dead-letters", "").get().owner().owns(t, t + "/u1", null)).isTrue();

        EventTopic.Owner results = EventTopic.find("results", "").get().owner();
        assertThat(results.owns(t, "api-1", json("{\"tenantId\":\"" + t + "\",\"status\":201}"))).isTrue();
        assertThat(results.owns(t, t, json("{\"tenantId\":\"other\"}"))).as("the key is an API instance").isFalse();
        assertThat(results.owns(t, "api-1", null)).isFalse();
    }

    @Test
    void aRecordIsOneJsonLineInTheContractsOrder() {
        ConsumerRecord<String, byte[]> record = record("acme.users", 3, 42L, 1_764_000_000_123L, "t/u1",
                "{\"userName\":\"ada\",\n \"active\":true}");

        String line = Event.of(record).line();

        assertThat(line).isEqualTo("{\"topic\":\"acme.users\",\"partition\":3,\"offset\":42,"
                + "\"timestamp\":\"2025-11-24T16:00:00.123Z\",\"key\":\"t/u1\",\"value\":{\"userName\":\"ada\",\"active\":true}}");
    }

    @Test
    void aTombstoneHasANullValueAndARecordWithoutTimeANullTimestamp() {
        Event tombstone = Event.of(record("acme.users", 0, 7L, 0L, "t/u1", null));
        assertThat(tombstone.readable()).isTrue();
        assertThat(tombstone.line()).endsWith("\"timestamp\":\"1970-01-01T00:00:00Z\",\"key\":\"t/u1\",\"value\":null}");

        Event untimed = Event.of(new ConsumerRecord<>("acme.audit", 0, 1L, null, "{}".getBytes(StandardCharsets.UTF_8)));
        assertThat(untimed.line()).isEqualTo("{\"topic\":\"acme.audit\",\"partition\":0,\"offset\":1,\"timestamp\":null,"
                + "\"key\":null,\"value\":{}}");
    }

    @Test
    void aValueThatIsNotJsonIsMarkedUnreadable() {
        Event garbage = Event.of(record("acme.commands", 0, 1L, 5L, "t", "not json {"));
        assertThat(garbage.readable()).isFalse();
        assertThat(garbage.value()).isNull();
    }

    @Test
    void passwordsAClientSentAreRedactedWhereverTheyAre() {
        String command = "{\"commandId\":\"c1\",\"body\":{"
                + "\"userName\":\"ada\",\"password\":\"hunter2\","
                + "\"urn:ietf:params:scim:schemas:core:2.0:User\":{\"PassWord\":\"hunter3\"},"
                + "\"urn:ietf:params:scim:schemas:core:2.0:User:password\":\"hunter4\","
                + "\"metadata\":{\"password\":\"hunter5\",\"passwordHint\":\"kept\"},"
                + "\"Operations\":[{\"op\":\"Replace\",\"path\":\"password\",\"value\":\"hunter6\"},"
                + "{\"op\":\"replace\",\"path\":\"urn:ietf:params:scim:schemas:core:2.0:User:password\",\"value\":\"hunter7\"},"
                + "{\"op\":\"add\",\"value\":{\"password\":\"hunter8\",\"displayName\":\"Ada\"}},"
                + "{\"Op\":\"Replace\",\"Path\":\"password\",\"Value\":\"hunter9\"},"
                + "{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"kept too\"}]}}";

        String line = Event.of(record("acme.commands", 0, 1L, 5L, "t", command)).line();

        assertThat(line).doesNotContain("hunter").contains("\"passwordHint\":\"kept\"").contains("\"value\":\"kept too\"")
                .contains("\"displayName\":\"Ada\"");
        JsonNode body = json(line).get("value").get("body");
        assertThat(body.get("password").asText()).isEqualTo(Event.REDACTED);
        assertThat(body.get("Operations").get(0).get("value").asText()).isEqualTo(Event.REDACTED);
        assertThat(body.get("Operations").get(0).get("path").asText()).isEqualTo("password");
    }

    @Test
    void thePrinterStopsAtTheLimit() {
        EventsCommand.Printer printer = new EventsCommand.Printer(new PrintStream(stdout, true, StandardCharsets.UTF_8),
                Optional.of(2));
        Event event = Event.of(record("acme.users", 0, 1L, 5L, "t/u", "{}"));

        assertThat(printer.accept(event)).isTrue();
        assertThat(printer.accept(event)).isFalse();
        assertThat(out().lines()).hasSize(2).allSatisfy(l -> assertThat(json(l).get("topic").asText()).isEqualTo("acme.users"));
    }

    private static ConsumerRecord<String, byte[]> record(String topic, int partition, long offset, long timestamp,
            String key, String value) {
        byte[] bytes = value == null ? null : value.getBytes(StandardCharsets.UTF_8);
        return new ConsumerRecord<>(topic, partition, offset, timestamp, TimestampType.CREATE_TIME, -1,
                bytes == null ? -1 : bytes.length, key, bytes, new RecordHeaders(), Optional.empty());
    }

    private static JsonNode json(String text) {
        try {
            return ScimJson.mapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
