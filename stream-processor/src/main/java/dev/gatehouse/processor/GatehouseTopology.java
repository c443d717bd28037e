package dev.gatehouse.processor;

import dev.gatehouse.pipeline.LocalAnswers;
import dev.gatehouse.pipeline.Topics;
import dev.gatehouse.processor.apply.Sink;
import dev.gatehouse.processor.store.StoreNames;
import dev.gatehouse.processor.store.StoredResource;
import dev.gatehouse.processor.store.StoredResourceSerde;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The Gatehouse topology, built by one factory method used by the service and by the
 * TopologyTestDriver tests alike.
 *
 * <pre>
 * commands (key tenantId, value Command)
 *   └─ apply-commands  [stores: users, groups, memberships, indexes — persistent RocksDB]
 *        ├─ results               key: command.replyTo()   value: CommandResult (or in memory: LocalAnswers)
 *        ├─ users (state)         key: tenant/userId       value: user with "groups"; null on delete
 *        ├─ groups (state)        key: tenant/groupId      value: group (no member list); null on delete
 *        ├─ access-changes        key: tenant/resourceId   value: AccessChange
 *        ├─ commands              key: tenantId            value: Command (CONTINUE: a large change's next step)
 *        ├─ command-dead-letters  key: tenantId            value: CommandDeadLetter
 *        └─ timeline              key: tenantId            value: TimelineEvent (each user the command touched)
 * </pre>
 *
 * Records cross the processor as bytes: it reads commands itself (so an unreadable one is answered
 * and dead-lettered, not skipped in silence) and encodes its outputs itself (so one past the record
 * budget is caught before Kafka could refuse it).
 *
 * Commands are keyed by tenant, so one task owns all of a tenant's state: the stores of a task hold
 * exactly the tenants of its partition, and a query for a tenant goes to the owner of the partition
 * of the tenant id. The timeline topic (also written by access-sync) is not read here: each instance keeps
 * it in a store of its own, outside Kafka Streams ({@link TimelineFollower}), whose log is the topic itself.
 */
public final class GatehouseTopology {
    public static final String SOURCE = "commands";
    public static final String PROCESSOR = "apply-commands";

    private GatehouseTopology() {
    }

    public static Topology build(Topics topics) {
        return build(topics, CommandMetrics.NONE);
    }

    /** The topology, counting what it does with each command in {@code metrics}. */
    public static Topology build(Topics topics, CommandMetrics metrics) {
        return build(topics, metrics, LocalAnswers.NONE, ProcessorConfig.load(Map.of()).answerWait());
    }

    /**
     * As {@link #build(Topics, CommandMetrics)}, answering the API instances of {@code answers} in memory;
     * writers wait {@code answerWait} for their answers, and the commits of their commands come early.
     */
    public static Topology build(Topics topics, CommandMetrics metrics, LocalAnswers answers, Duration answerWait) {
        Topology topology = withStores(topics, true, answerWait, metrics, answers);
        addSink(topology, Sink.RESULTS, topics.results());
        addSink(topology, Sink.USERS, topics.users());
        addSink(topology, Sink.GROUPS, topics.groups());
        addSink(topology, Sink.ACCESS_CHANGES, topics.accessChanges());
        addSink(topology, Sink.COMMANDS, topics.commands());
        addSink(topology, Sink.COMMAND_DEAD_LETTERS, topics.commandDeadLetters());
        addSink(topology, Sink.TIMELINE, topics.timeline());
        return topology;
    }

    /**
     * The same processing into the same stores, with no outputs: a rebuild replays the commands topic
     * into a fresh application id and must not answer, re-publish state or re-send door changes. Nor does
     * it emit a timeline: the timeline topic already holds every event once, and each processor keeps it
     * in a timeline store of its own, whatever its application id.
     */
    public static Topology buildForRebuild(Topics topics) {
        return withStores(topics, false, Duration.ZERO, CommandMetrics.NONE, LocalAnswers.NONE);
    }

    private static Topology withStores(Topics topics, boolean forward, Duration answerWait, CommandMetrics metrics,
            LocalAnswers answers) {
        Serde<StoredResource> stored = new StoredResourceSerde();
        Topology topology = new Topology();
        topology.addSource(SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), topics.commands());
        topology.addProcessor(PROCESSOR, () -> new CommandProcessor(forward, answerWait, metrics, answers), SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.USERS), Serdes.String(), stored), PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.GROUPS), Serdes.String(), stored), PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.MEMBERSHIPS), Serdes.String(), Serdes.String()),
                PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.INDEXES), Serdes.String(), Serdes.String()),
                PROCESSOR);
        return topology;
    }

    /** The sink node name of an output. */
    static String sinkName(Sink sink) {
        return sink.name().toLowerCase(Locale.ROOT).replace('_', '-') + "-sink";
    }

    private static void addSink(Topology topology, Sink sink, String topic) {
        // Default partitioning (murmur2 of the key bytes), the same as a plain producer's, so the
        // results land on ResultPartitions.partitionFor(replyTo) where the API instance reads, and a
        // CONTINUE command keyed by tenant lands on the partition of that tenant's commands.
        topology.addSink(sinkName(sink), topic, new StringSerializer(), new ByteArraySerializer(), PROCESSOR);
    }
}
