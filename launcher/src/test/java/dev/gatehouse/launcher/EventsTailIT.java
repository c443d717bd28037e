package dev.gatehouse.launcher;

import static dev.gatehouse.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.launcher.events.EventTopic;
import dev.gatehouse.pipeline.KafkaProps;
import dev.gatehouse.pipeline.config.ConfigKeys;
import dev.gatehouse.pipeline.config.KafkaConfig;
import dev.gatehouse.scim.ScimJson;
import dev.gatehouse.testkit.Contracts;
import dev.gatehouse.testkit.Gatehouse;
import dev.gatehouse.testkit.RemoteApiWrite;
import dev.gatehouse.testkit.TestHttp;
import dev.gatehouse.testkit.TopicRecords;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * {@code gatehouse events tail} on a real stack: SCIM writes of two organizations (users, one with a password, a
 * group with members, a PATCH disabling a user, a PATCH sending a password, a delete), a webhook call the door
 * simulator refuses for good (a connector dead letter) and a record on the commands topic that is not a command (a
 * command dead letter), then the command run in this JVM on every topic of the catalogue, its lines held against
 * the records a consumer of its own reads.
 */
class EventsTailIT {
    @RegisterExtension
    static final TestStack stack = TestStack.perClass().withDoors().withOrganization("Tail Acme");

    /** A password a SCIM client sends; it must never be printed. */
    private static final String PASSWORD = "Hunter2-never-printed";
    /** Topics that are compacted: a deleted resource's tombstone (a null value) may be on them. */
    private static final Set<String> COMPACTED = Set.of("tenants", "users", "groups", "door-status");

    private static Gatehouse.Organization other;
    private static String prefix;
    private static String ada;
    private static String bob;
    private static String carol;

    @BeforeAll
    static void writes() throws Exception {
        prefix = KafkaConfig.from(stack.config()).topicPrefix();
        other = stack.newTenant("Tail Other");
        created(scim(other, "POST", "/Users", "{\"userName\":\"zoe@other.test\"}"));

        ada = created(scim(stack.organization(), "POST", "/Users",
                "{\"userName\":\"ada@acme.test\",\"password\":\"" + PASSWORD + "\",\"metadata\":{\"city\":\"Berlin\"}}"));
        bob = created(scim(stack.organization(), "POST", "/Users", "{\"userName\":\"bob@acme.test\"}"));
        carol = created(scim(stack.organization(), "POST", "/Users", "{\"userName\":\"carol@acme.test\"}"));
        created(scim(stack.organization(), "POST", "/Groups", "{\"displayName\":\"Engineering\","
                + "\"members\":[{\"value\":\"" + ada + "\"},{\"value\":\"" + bob + "\"},{\"value\":\"" + carol + "\"}]}"));
        expect(204, scim(stack.organization(), "PATCH", "/Users/" + bob,
                Gatehouse.patchBody("[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}]")));
        expect(204, scim(stack.organization(), "PATCH", "/Users/" + carol,
                Gatehouse.patchBody("[{\"op\":\"replace\",\"path\":\"password\",\"value\":\"" + PASSWORD + "\"}]")));
        expect(204, scim(stack.organization(), "DELETE", "/Users/" + ada, null));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode persons = json(TestHttp.get(stack.doors() + "/persons", null));
            return persons.size() == 2 && persons.toString().contains("\"active\":false");
        });

        // An OAuth client gets an access token: a grant on the access-tokens topic.
        String accessToken = stack.gatehouse().accessToken(stack.gatehouse().createClient(stack.organization().id()));
        expect(200, stack.scim("GET", "/Users", accessToken, null));

        // The webhook's next call is refused for good (400): the change it carries becomes a dead letter.
        String simulator = "http://127.0.0.1:" + stack.config().string(ConfigKeys.SIMULATOR_PORT);
        expect(200, TestHttp.send("POST", simulator + "/v1/faults", null, "{\"failNext\":1,\"status\":400}"));
        created(scim(stack.organization(), "POST", "/Users", "{\"userName\":\"refused@acme.test\"}"));

        // A record on the commands topic that is not even JSON: the processor dead-letters it (key "-": it names no
        // organization). Its key is Acme's, so tail --tenant sees it on the commands topic and names it on stderr.
        KafkaConfig kafka = KafkaConfig.from(stack.config());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KafkaProps.producer(kafka, "events-tail-it"))) {
            producer.send(new ProducerRecord<>(prefix + "commands", stack.organization().id(),
                    "not a command {".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
            // Writes from an API instance in another process, one per organization (a delete of no one: 404, nothing
            // changed): their answers go through the results topic, while this stack's own API is answered in memory.
            // One after the other: a result takes its command's time, and the two organizations' commands are applied
            // by different tasks in any order, while the tail's lines of one partition are oldest first.
            List<String> tenants = List.of(stack.organization().id(), other.id());
            for (int i = 0; i < tenants.size(); i++) {
                producer.send(new ProducerRecord<>(prefix + "commands", tenants.get(i), RemoteApiWrite.deleteOfNoOne(tenants.get(i))))
                        .get(30, TimeUnit.SECONDS);
                int answered = i + 1;
                await().atMost(Duration.ofSeconds(30)).until(() -> records("results").size() == answered);
            }
        }
        for (String topic : EventTopic.names()) {
            await().atMost(Duration.ofSeconds(30)).alias(topic + " has records")
                    .until(() -> !records(topic).isEmpty());
        }
    }

    @Test
    void everyTopicPrintsEachRecordAsOneWellFormedLine() {
        for (String topic : EventTopic.names()) {
            // Records may still arrive (door status, results): the lines lie between what was there before and after.
            List<String> before = records(topic).stream().filter(EventsTailIT::readable)
                    .map(r -> r.partition() + "/" + r.offset()).toList();
            Run run = run("--topic", topic, "--from-beginning");
            assertThat(run.code).as(topic + ": " + run.err).isZero();
            Map<String, ConsumerRecord<String, byte[]>> byPosition = new HashMap<>();
            records(topic).forEach(r -> byPosition.put(r.partition() + "/" + r.offset(), r));
            List<JsonNode> lines = run.lines();
            assertThat(positions(lines)).as(topic + ": every record there was (but those that are not JSON)")
                    .containsAll(before).doesNotHaveDuplicates();
            for (JsonNode line : lines) {
                checkRecord(topic, line);
                ConsumerRecord<String, byte[]> record = byPosition.get(line.get("partition").asInt() + "/" + line.get("offset").asLong());
                assertThat(record).as(topic + ": a record at " + line).isNotNull();
                assertThat(line.get("key").asText()).isEqualTo(record.key());
                assertThat(line.get("timestamp").asText()).isEqualTo(Instant.ofEpochMilli(record.timestamp()).toString());
                assertThat(line.get("value").isNull()).isEqualTo(record.value() == null);
            }
            assertThat(lines).as(topic + ": oldest first").isSortedAccordingTo(CHRONOLOGICAL);
        }
    }

    @Test
    void whatClientsSentIsShownWithoutTheirPasswords() {
        Run commands = run("--topic", "commands", "--from-beginning", "--tenant", stack.organization().id());

        assertThat(commands.out).contains("\"password\":\"[redacted]\"").contains("\"path\":\"password\",\"value\":\"[redacted]\"")
                .doesNotContain(PASSWORD);
        assertThat(commands.err).as("the record that is not JSON is named, not printed")
                .contains("not printed: " + prefix + "commands partition").contains("holds a value that is not JSON");
        Run deadLetters = run("--topic", "command-dead-letters", "--from-beginning");
        assertThat(deadLetters.lines()).anySatisfy(l -> assertThat(l.at("/value/reason").asText()).isEqualTo("unreadable"));
        // Blanked before it was published: the password is on no topic at all, not only hidden by tail.
        for (String topic : EventTopic.names()) {
            for (ConsumerRecord<String, byte[]> record : records(topic)) {
                assertThat(record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8))
                        .as("a record on " + topic).doesNotContain(PASSWORD);
            }
        }
    }

    @Test
    void withoutFromBeginningTheLastRecordsAreShownOldestFirst() {
        assertThat(records("access-changes")).as("more than the default ten").hasSizeGreaterThan(10);
        for (String topic : List.of("commands", "access-changes", "audit", "door-status")) {
            // Retried while records still arrive between the command's read and the test's own.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                List<JsonNode> lines = run("--topic", topic).lines();
                assertThat(positions(lines)).as(topic).isEqualTo(positions(lastOfEachPartitionMerged(topic, 10)));
            });
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<JsonNode> lastTwo = run("--topic", "users", "--limit", "2").lines();
            assertThat(positions(lastTwo)).isEqualTo(positions(lastOfEachPartitionMerged("users", 2)));
        });
    }

    @Test
    void theLimitBoundsWhatIsPrinted() {
        List<JsonNode> all = run("--topic", "access-changes", "--from-beginning").lines();
        assertThat(all.size()).isGreaterThan(3);

        List<JsonNode> first = run("--topic", "access-changes", "--from-beginning", "--limit", "3").lines();

        assertThat(positions(first)).isEqualTo(positions(all.subList(0, 3)));
        assertThat(run("--topic", "tenants", "--limit", "1").lines()).hasSize(1);
    }

    @Test
    void theTenantFilterKeepsOneOrganizationsRecordsOnEveryTopic() {
        String acme = stack.organization().id();
        for (String topic : EventTopic.names()) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                List<JsonNode> all = run("--topic", topic, "--from-beginning").lines();
                List<JsonNode> acmes = run("--topic", topic, "--from-beginning", "--tenant", acme).lines();
                List<JsonNode> others = run("--topic", topic, "--from-beginning", "--tenant", other.id()).lines();

                acmes.forEach(l -> assertThat(tenantOf(topic, l)).as(topic + " " + l).isEqualTo(acme));
                others.forEach(l -> assertThat(tenantOf(topic, l)).as(topic + " " + l).isEqualTo(other.id()));
                assertThat(positions(all)).as(topic).containsAll(positions(acmes)).containsAll(positions(others));
                List<JsonNode> ofEither = all.stream().filter(l -> Set.of(acme, other.id()).contains(tenantOf(topic, l))).toList();
                assertThat(acmes.size() + others.size()).as(topic).isEqualTo(ofEither.size());
                if (topic.equals("command-dead-letters")) {
                    // The one command dead letter is of a record that named no organization: key "-", nobody's.
                    assertThat(all).isNotEmpty();
                    assertThat(acmes).isEmpty();
                } else {
                    assertThat(acmes).as(topic).isNotEmpty();
                }
            });
        }
        assertThat(run("--topic", "results", "--from-beginning", "--tenant", other.id()).lines()).isNotEmpty();
        assertThat(run("--topic", "users", "--from-beginning", "--tenant", other.id()).lines())
                .singleElement().satisfies(l -> assertThat(l.at("/value/userName").asText()).isEqualTo("zoe@other.test"));
    }

    @Test
    void followPrintsRecordsWrittenAfterItStartedUntilStopped() throws Exception {
        Gatehouse.Organization fresh = stack.newTenant("Tail Follower");
        AtomicReference<EventsCommand.Tail> tail = new AtomicReference<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompletableFuture<Integer> following = CompletableFuture.supplyAsync(
                () -> command(out, new ByteArrayOutputStream(), tail).execute(
                        "events", "tail", "--topic", "users", "--tenant", fresh.id(), "--follow"));
        await().atMost(Duration.ofSeconds(30)).until(() -> tail.get() != null && tail.get().following);

        String id = created(scim(fresh, "POST", "/Users", "{\"userName\":\"late@follower.test\"}"));

        await().atMost(Duration.ofSeconds(30)).until(() -> out.toString(StandardCharsets.UTF_8).contains(id));
        assertThat(following).isNotDone();
        tail.get().stop();
        assertThat(following.get(10, TimeUnit.SECONDS)).isZero();
        List<JsonNode> lines = lines(out.toString(StandardCharsets.UTF_8));
        assertThat(lines).singleElement().satisfies(l -> {
            checkRecord("users", l);
            assertThat(l.get("key").asText()).isEqualTo(fresh.id() + "/" + id);
        });
        assertNoSecret(out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void followEndsByItselfOnceTheLimitIsPrinted() throws Exception {
        Gatehouse.Organization fresh = stack.newTenant("Tail Limited");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AtomicReference<EventsCommand.Tail> tail = new AtomicReference<>();
        CompletableFuture<Integer> following = CompletableFuture.supplyAsync(() -> command(out, new ByteArrayOutputStream(),
                tail).execute("events", "tail", "--topic", "access-changes", "--tenant", fresh.id(), "--follow", "--limit", "1"));
        await().atMost(Duration.ofSeconds(30)).until(() -> tail.get() != null && tail.get().following);
        assertThat(following).isNotDone();

        created(scim(fresh, "POST", "/Users", "{\"userName\":\"one@limited.test\"}"));
        // The tail ends on its own after the first record. A second user only after that: the two users'
        // changes may sit in different partitions, which a follower reads in no particular order.
        assertThat(following.get(30, TimeUnit.SECONDS)).isZero();
        created(scim(fresh, "POST", "/Users", "{\"userName\":\"two@limited.test\"}"));

        assertThat(lines(out.toString(StandardCharsets.UTF_8))).singleElement()
                .satisfies(l -> assertThat(l.at("/value/state/userName").asText()).isEqualTo("one@limited.test"));
    }

    @Test
    void aTopicPrefixWithoutTopicsIsAClearError() {
        Map<String, String> environment = new HashMap<>(stack.config().given());
        environment.put(ConfigKeys.TOPIC_PREFIX, "nothing-here.");
        Run run = run(environment, "--topic", "users");

        assertThat(run.code).isEqualTo(1);
        assertThat(run.out).isEmpty();
        assertThat(run.err).contains("topic nothing-here.users does not exist on the cluster");
    }

    /**
     * The checks every printed line of {@code topic} must pass: the contract's fields in its order, the topic's
     * full name, a partition, an offset, an ISO-8601 UTC timestamp, a string key whose organization matches the
     * value's, and a value of the topic's record type (or a tombstone on a compacted topic).
     */
    private static void checkRecord(String topic, JsonNode line) {
        List<String> fields = new ArrayList<>();
        line.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).as(line.toString()).containsExactly("topic", "partition", "offset", "timestamp", "key", "value");
        assertThat(line.get("topic").asText()).isEqualTo(prefix + topic);
        assertThat(line.get("partition").isInt()).isTrue();
        assertThat(line.get("partition").asInt()).isBetween(0, 5);
        assertThat(line.get("offset").isIntegralNumber()).isTrue();
        assertThat(line.get("offset").asLong()).isNotNegative();
        assertThat(line.get("timestamp").asText()).endsWith("Z");
        assertThat(Instant.parse(line.get("timestamp").asText())).isAfter(Instant.parse("2020-01-01T00:00:00Z"));
        assertThat(line.get("key").isTextual()).as(line.toString()).isTrue();
        String key = line.get("key").asText();
        JsonNode value = line.get("value");
        Contracts.assertValid(topic, key, value.isNull() ? null : value); // contracts/<topic>.schema.json
        if (value.isNull()) {
            assertThat(COMPACTED).as("a tombstone on " + topic).contains(topic);
            return;
        }
        assertThat(value.isObject()).as(line.toString()).isTrue();
        switch (topic) {
            case "tenants" -> {
                assertThat(value.get("id").asText()).isEqualTo(key);
                assertThat(value.has("name")).isTrue();
            }
            case "commands" -> {
                assertThat(value.get("tenantId").asText()).isEqualTo(key);
                assertThat(value.hasNonNull("commandId")).isTrue();
                assertThat(value.hasNonNull("operation")).isTrue();
            }
            case "results" -> {
                assertThat(value.hasNonNull("commandId")).isTrue();
                assertThat(value.get("status").isInt()).isTrue();
            }
            case "users", "groups" -> assertThat(key).isEqualTo(key.substring(0, key.indexOf('/')) + "/" + value.get("id").asText());
            case "access-changes" -> {
                assertThat(key).isEqualTo(value.get("tenantId").asText() + "/" + value.get("resourceId").asText());
                assertThat(value.get("version").asLong()).isPositive();
            }
            case "dead-letters" -> {
                assertThat(key).isEqualTo(value.at("/change/tenantId").asText() + "/" + value.at("/change/resourceId").asText());
                assertThat(value.get("connector").asText()).isEqualTo("webhook");
                assertThat(value.hasNonNull("error")).isTrue();
            }
            case "command-dead-letters" -> {
                assertThat(key).isEqualTo(value.path("tenantId").asText("-"));
                assertThat(value.get("reason").asText()).isIn("unreadable", "failed", "too-large", "refused");
            }
            case "door-status" -> {
                assertThat(key).isEqualTo(value.get("tenantId").asText() + "/" + value.get("resourceId").asText() + "/"
                        + value.get("connector").asText());
                assertThat(value.get("version").asLong()).isPositive();
            }
            case "audit" -> {
                assertThat(key).isEqualTo(value.path("tenantId").asText("-"));
                assertThat(value.hasNonNull("action")).isTrue();
            }
            case "access-tokens" -> {
                // Keyed by the token's hash, never the token; the grant names its organization and client.
                assertThat(key).matches("[0-9a-f]{64}");
                assertThat(value.hasNonNull("tenantId")).isTrue();
                assertThat(value.hasNonNull("clientId")).isTrue();
                assertThat(Instant.parse(value.get("expiresAt").asText())).isAfter(Instant.parse(value.get("issuedAt").asText()));
            }
            case "timeline" -> {
                // Keyed by organization; about one person, naming attributes and never their values.
                assertThat(key).isEqualTo(value.get("tenantId").asText());
                assertThat(value.get("kind").asText()).isIn("scim", "door");
                assertThat(value.hasNonNull("resourceId")).isTrue();
            }
            case "provisioning-activity" -> {
                // Keyed by organization: one API instance's calls of one span, counted and listed without bodies.
                assertThat(key).isEqualTo(value.get("tenantId").asText());
                assertThat(value.get("calls").asInt()).isPositive();
                assertThat(value.get("entries").size()).isBetween(1, value.get("calls").asInt());
                assertThat(value.get("entries").findValues("body")).isEmpty();
            }
            default -> throw new AssertionError("no check for topic " + topic + ": add one here");
        }
    }

    /** The organization a printed line of {@code topic} belongs to, read from the value where it names one. */
    private static String tenantOf(String topic, JsonNode line) {
        String key = line.get("key").asText();
        return switch (topic) {
            case "results", "access-tokens" -> line.at("/value/tenantId").asText();
            case "users", "groups", "access-changes", "dead-letters", "door-status" -> key.substring(0, key.indexOf('/'));
            default -> key;
        };
    }

    /** Oldest first by timestamp, then partition, then offset. */
    private static final Comparator<JsonNode> CHRONOLOGICAL = Comparator
            .comparing((JsonNode l) -> Instant.parse(l.get("timestamp").asText()))
            .thenComparingInt(l -> l.get("partition").asInt())
            .thenComparingLong(l -> l.get("offset").asLong());

    /** What {@code tail} without --from-beginning promises: the last n of each partition, merged, the last n. */
    private static List<JsonNode> lastOfEachPartitionMerged(String topic, int n) {
        Map<Integer, List<JsonNode>> byPartition = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records(topic)) {
            if (readable(record)) {
                byPartition.computeIfAbsent(record.partition(), p -> new ArrayList<>()).add(ScimJson.mapper().createObjectNode()
                        .put("partition", record.partition()).put("offset", record.offset())
                        .put("timestamp", Instant.ofEpochMilli(record.timestamp()).toString()));
            }
        }
        List<JsonNode> merged = new ArrayList<>();
        byPartition.values().forEach(list -> merged.addAll(list.subList(Math.max(0, list.size() - n), list.size())));
        merged.sort(CHRONOLOGICAL);
        return merged.subList(Math.max(0, merged.size() - n), merged.size());
    }

    private static boolean readable(ConsumerRecord<String, byte[]> record) {
        try {
            return record.value() == null || ScimJson.mapper().readTree(record.value()) != null;
        } catch (IOException e) {
            return false;
        }
    }

    private static List<String> positions(List<JsonNode> lines) {
        return lines.stream().map(l -> l.get("partition").asInt() + "/" + l.get("offset").asLong()).toList();
    }

    /** Every committed record of {@code topic} now. */
    private static List<ConsumerRecord<String, byte[]>> records(String topic) {
        return TopicRecords.all(KafkaConfig.from(stack.config()), prefix + topic);
    }

    /** The output of one run of the command. */
    private record Run(int code, String out, String err) {
        List<JsonNode> lines() {
            return EventsTailIT.lines(out);
        }
    }

    private static Run run(String... args) {
        return run(stack.config().given(), args);
    }

    /** {@code gatehouse events tail <args>} in this JVM with {@code environment}; no run may print a secret. */
    private static Run run(Map<String, String> environment, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("events", "tail"));
        all.addAll(List.of(args));
        int code = command(environment, out, err, new AtomicReference<>()).execute(all.toArray(String[]::new));
        Run run = new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        assertNoSecret(run.out + run.err);
        return run;
    }

    private static CommandLine command(ByteArrayOutputStream out, ByteArrayOutputStream err,
            AtomicReference<EventsCommand.Tail> created) {
        return command(stack.config().given(), out, err, created);
    }

    /** The whole command line, as {@code main} builds it, with the tail command writing to {@code out} and {@code err}. */
    private static CommandLine command(Map<String, String> environment, ByteArrayOutputStream out, ByteArrayOutputStream err,
            AtomicReference<EventsCommand.Tail> created) {
        return TailCommandLine.of(environment, out, err, created);
    }

    private static void assertNoSecret(String output) {
        assertThat(output).doesNotContain(stack.token()).doesNotContain(other.token()).doesNotContain("gh_scim_")
                .doesNotContain(Gatehouse.ADMIN_KEY).doesNotContain("test-webhook-secret").doesNotContain(PASSWORD);
    }

    private static List<JsonNode> lines(String out) {
        List<JsonNode> lines = new ArrayList<>();
        Iterator<String> it = out.lines().iterator();
        while (it.hasNext()) {
            String line = it.next();
            try {
                lines.add(ScimJson.mapper().readTree(line));
            } catch (IOException e) {
                throw new AssertionError("not a JSON line: " + line, e);
            }
        }
        return lines;
    }

    private static HttpResponse<String> scim(Gatehouse.Organization organization, String method, String path, String body) {
        return stack.gatehouse().scim(method, path, organization.token(), body);
    }

    private static String created(HttpResponse<String> response) {
        return json(expect(201, response)).get("id").asText();
    }

    private static HttpResponse<String> expect(int status, HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return response;
    }
}
