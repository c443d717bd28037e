package dev.gatehouse.processor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.contract.AccessChange;
import dev.gatehouse.contract.Command;
import dev.gatehouse.contract.CommandDeadLetter;
import dev.gatehouse.contract.CommandResult;
import dev.gatehouse.contract.Operation;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.contract.TimelineEvent;
import dev.gatehouse.pipeline.JsonSerde;
import dev.gatehouse.pipeline.LocalAnswers;
import dev.gatehouse.pipeline.Topics;
import dev.gatehouse.processor.query.QueryService;
import dev.gatehouse.processor.store.Directory;
import dev.gatehouse.processor.store.StoreNames;
import dev.gatehouse.processor.store.StoredResource;
import dev.gatehouse.processor.store.TimelineStore;
import dev.gatehouse.scim.ScimJson;
import dev.gatehouse.testkit.Contracts;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/**
 * {@link GatehouseTopology#build} under a TopologyTestDriver, with helpers to send SCIM commands. Every
 * output record a test reads is first checked against its topic's contract ({@link Contracts}: the
 * JSON Schema and key format in {@code contracts/}), so every topology test also proves that what the
 * processor writes is what consumers are promised.
 */
public final class TopologyFixture implements AutoCloseable {
    public static final Topics TOPICS = new Topics("test.", 1, (short) 1);
    public static final String TENANT = "acme";
    public static final String REPLY_TO = "api-1";
    public static final Instant START = Instant.parse("2026-03-01T09:00:00Z");

    public final TopologyTestDriver driver;
    private final TestInputTopic<String, Command> commands;
    private final Output<CommandResult> results;
    private final Output<JsonNode> users;
    private final Output<JsonNode> groups;
    private final Output<AccessChange> changes;
    private final Output<CommandDeadLetter> deadLetters;
    private final TestOutputTopic<String, byte[]> timeline;
    private final List<byte[]> unreadTimeline = new ArrayList<>();
    private final Path timelineDir;
    private TimelineStore timelineStore;
    private long timelineOffset;
    private final TestInputTopic<String, byte[]> raw;
    private int sequence;

    public TopologyFixture() {
        this(CommandMetrics.NONE);
    }

    /** A fixture whose topology counts what it does in {@code metrics}. */
    public TopologyFixture(CommandMetrics metrics) {
        this(metrics, LocalAnswers.NONE);
    }

    /**
     * A fixture whose topology also answers the API instances of {@code answers} in memory: their results
     * are held on the calling thread (the driver's) until the test calls {@link LocalAnswers#committed}.
     */
    public TopologyFixture(CommandMetrics metrics, LocalAnswers answers) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "gatehouse-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        Path stateDir = Path.of("target", "ttd", UUID.randomUUID().toString()).toAbsolutePath();
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        timelineDir = stateDir.resolve("timeline-store");
        driver = new TopologyTestDriver(GatehouseTopology.build(TOPICS, metrics, answers,
                ProcessorConfig.load(Map.of()).answerWait()), props);
        commands = commandsInput(driver);
        results = output(TOPICS.results(), CommandResult.class);
        users = output(TOPICS.users(), JsonNode.class);
        groups = output(TOPICS.groups(), JsonNode.class);
        changes = output(TOPICS.accessChanges(), AccessChange.class);
        deadLetters = output(TOPICS.commandDeadLetters(), CommandDeadLetter.class);
        timeline = driver.createOutputTopic(TOPICS.timeline(), new StringDeserializer(), new ByteArrayDeserializer());
        raw = driver.createInputTopic(TOPICS.commands(), new StringSerializer(), new ByteArraySerializer());
    }

    private <T> Output<T> output(String topic, Class<T> type) {
        return new Output<>(topic, driver.createOutputTopic(topic, new StringDeserializer(), new ByteArrayDeserializer()),
                JsonSerde.of(type));
    }

    /**
     * An output topic read as sent: each record's key and value are checked against the topic's
     * contract, then the value is decoded ({@code null}: a tombstone).
     */
    private record Output<T>(String topic, TestOutputTopic<String, byte[]> records, JsonSerde<T> serde) {
        List<KeyValue<String, T>> read() {
            List<KeyValue<String, T>> out = new ArrayList<>();
            for (KeyValue<String, byte[]> record : checked(topic, records.readKeyValuesToList())) {
                out.add(KeyValue.pair(record.key, serde.fromBytes(record.value)));
            }
            return out;
        }

        List<T> values() {
            return read().stream().map(kv -> kv.value).toList();
        }
    }

    /** {@code records} of {@code topic}, once each is known to be valid on it (else an AssertionError). */
    private static List<KeyValue<String, byte[]>> checked(String topic, List<KeyValue<String, byte[]>> records) {
        for (KeyValue<String, byte[]> record : records) {
            Contracts.assertValid(topic, record.key, record.value);
        }
        return records;
    }

    /** A command numbered by this fixture: id c&lt;n&gt;, received n seconds after {@link #START}. */
    public Command command(Operation operation, ResourceType type, String id, String body, String ifMatch) {
        int n = ++sequence;
        return new Command("c" + n, TENANT, operation, type, id, body == null ? null : json(body),
                START.plusSeconds(n), REPLY_TO, ifMatch, "req-" + n);
    }

    /** Pipes one command and returns its result (exactly one result per command). */
    public CommandResult send(Command command) {
        commands.pipeInput(command.tenantId(), command);
        List<KeyValue<String, CommandResult>> out = results.read();
        if (out.size() != 1 || !REPLY_TO.equals(out.get(0).key)) {
            throw new AssertionError("expected one result keyed " + REPLY_TO + ", got " + out);
        }
        return out.get(0).value;
    }

    /**
     * Pipes several commands in one go, as if they were waiting in the topic together, and returns every
     * result in the order produced (the steps of a large change interleave with what follows it).
     */
    public List<CommandResult> sendAll(List<Command> batch) {
        for (Command command : batch) {
            commands.pipeInput(command.tenantId(), command);
        }
        return results.values();
    }

    /** Pipes a record of any bytes to the commands topic; returns the results it produced (zero or one). */
    public List<KeyValue<String, CommandResult>> sendRaw(String key, byte[] value) {
        raw.pipeInput(key, value);
        return results.read();
    }

    /**
     * Every record of an output topic as sent, its value as bytes (reading takes them off the topic),
     * each checked against the topic's contract.
     */
    public List<KeyValue<String, byte[]>> rawRecords(String topic) {
        return checked(topic, driver.createOutputTopic(topic, new StringDeserializer(), new ByteArrayDeserializer())
                .readKeyValuesToList());
    }

    public List<CommandDeadLetter> deadLetters() {
        return deadLetters.values();
    }

    public CommandResult send(Operation operation, ResourceType type, String id, String body) {
        return send(command(operation, type, id, body, null));
    }

    public CommandResult createUser(String id, String userName) {
        return send(userCreate(id, userName));
    }

    /** The command {@link #createUser} sends, numbered but not sent (to replay it elsewhere too). */
    public Command userCreate(String id, String userName) {
        return command(Operation.CREATE, ResourceType.USER, id, "{\"schemas\":[\"" + ResourceType.USER.schema()
                + "\"],\"userName\":\"" + userName + "\",\"active\":true}", null);
    }

    public CommandResult createGroup(String id, String displayName, String... members) {
        return send(groupCreate(id, displayName, members));
    }

    /** The command {@link #createGroup} sends, numbered but not sent. */
    public Command groupCreate(String id, String displayName, String... members) {
        StringBuilder list = new StringBuilder();
        for (String member : members) {
            list.append(list.length() == 0 ? "" : ",").append("{\"value\":\"").append(member).append("\"}");
        }
        return command(Operation.CREATE, ResourceType.GROUP, id, "{\"schemas\":[\"" + ResourceType.GROUP.schema()
                + "\"],\"displayName\":\"" + displayName + "\",\"members\":[" + list + "]}", null);
    }

    public CommandResult patch(ResourceType type, String id, String operationsJson) {
        return send(Operation.PATCH, type, id,
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":" + operationsJson + "}");
    }

    public List<KeyValue<String, JsonNode>> userStates() {
        return users.read();
    }

    public List<KeyValue<String, JsonNode>> groupStates() {
        return groups.read();
    }

    public List<AccessChange> changes() {
        return changes.values();
    }

    /** The timeline events written since the last read, each checked against the timeline's contract. */
    public List<TimelineEvent> timeline() {
        readTimeline();
        List<TimelineEvent> events = unreadTimeline.stream().map(JsonSerde.of(TimelineEvent.class)::fromBytes).toList();
        unreadTimeline.clear();
        return events;
    }

    /**
     * A timeline store (in the driver's state directory, keeping 30 days before a day after {@link #START}) holding every
     * timeline record the topology wrote so far, as the processor's {@link TimelineFollower} would have read them.
     */
    public TimelineStore timelineStore() {
        readTimeline();
        return timelineStore;
    }

    /** Moves the timeline records written since the last look into the timeline store, checked, and keeps them unread. */
    private void readTimeline() {
        if (timelineStore == null) {
            timelineStore = TimelineStore.open(timelineDir, null, Duration.ofDays(30),
                    () -> START.plus(Duration.ofDays(1)).toEpochMilli());
        }
        for (TestRecord<String, byte[]> record : timeline.readRecordsToList()) {
            Contracts.assertValid(TOPICS.timeline(), record.key(), record.value());
            timelineStore.append(List.of(new TimelineStore.Entry(0, timelineOffset++, record.timestamp(), record.value())));
            unreadTimeline.add(record.value());
        }
    }

    /** Drains every output topic, e.g. after setting up a scenario (the records drained are checked too). */
    public void drain() {
        results.read();
        users.read();
        groups.read();
        changes.read();
        deadLetters.read();
        timeline();
    }

    public <V> KeyValueStore<String, V> store(String name) {
        return driver.getKeyValueStore(name);
    }

    /** A whole store as sorted key → value text, for comparisons. */
    public TreeMap<String, String> dump(String name) {
        return dump(this.<Object>store(name));
    }

    /** A whole store of any driver as sorted key → value text. */
    public static TreeMap<String, String> dump(KeyValueStore<String, ?> store) {
        TreeMap<String, String> out = new TreeMap<>();
        try (KeyValueIterator<String, ?> it = store.all()) {
            it.forEachRemaining(kv -> out.put(kv.key, String.valueOf(kv.value)));
        }
        return out;
    }

    /**
     * A driver of {@link GatehouseTopology#buildForRebuild}, in a state directory of its own: the same stores,
     * no outputs. Its commands go to {@link #TOPICS}' commands topic, as the fixture's do.
     */
    public static TopologyTestDriver rebuildDriver() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "gatehouse-rebuild-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG,
                Path.of("target", "ttd", UUID.randomUUID().toString()).toAbsolutePath().toString());
        return new TopologyTestDriver(GatehouseTopology.buildForRebuild(TOPICS), props);
    }

    /** {@code driver}'s commands topic, taking commands as the API writes them. */
    public static TestInputTopic<String, Command> commandsInput(TopologyTestDriver driver) {
        return driver.createInputTopic(TOPICS.commands(), new StringSerializer(), JsonSerde.of(Command.class).serializer());
    }

    public List<String> keys(String name) {
        return new ArrayList<>(dump(name).keySet());
    }

    public Directory directory() {
        return new Directory(this.<StoredResource>store(StoreNames.USERS), this.<StoredResource>store(StoreNames.GROUPS),
                this.<String>store(StoreNames.MEMBERSHIPS), this.<String>store(StoreNames.INDEXES));
    }

    public QueryService queries() {
        return new QueryService(directory());
    }

    public static JsonNode json(String text) {
        try {
            return ScimJson.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    @Override
    public void close() {
        driver.close();
        if (timelineStore != null) {
            timelineStore.close();
        }
    }
}
