package dev.gatehouse.testkit;

import dev.gatehouse.kafka.EmbeddedKafka;
import dev.gatehouse.kafka.FreePorts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;

/**
 * A Kafka cluster of separate OS processes, for tests that {@code kill -9} a broker: {@code size}
 * combined broker + controller KRaft nodes with ids 1..size and a static controller quorum of all of
 * them ({@code controller.quorum.voters}), each with its own two ports, log dir {@code <root>/node-<id>}
 * and output file {@code <root>/node-<id>.log} (appended across restarts). Each node is Kafka's own
 * {@code kafka.Kafka} main in a child JVM, on the classpath given (a jar that holds {@code kafka_2.13}
 * and a logging binding), so {@link #kill} is a real SIGKILL and {@link #start(int)} brings the node
 * back on the same ports and log dir, as a restarted machine would.
 *
 * <p>Replication 3 with {@code min.insync.replicas=2} everywhere, the internal topics included: an
 * acknowledged write survives one broker, and one broker may be down without stopping writes.
 * {@link #close()} kills every node; a shutdown hook does the same should the JVM be stopped first
 * ({@link JavaProcesses}).
 */
public final class KafkaProcessCluster implements AutoCloseable {
    /** One node: its id, client and controller ports, and files. */
    public record NodeSpec(int id, int port, int controllerPort, Path logDir, Path properties, Path output) {
        public String address() {
            return "127.0.0.1:" + port;
        }
    }

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Path root;
    private final String classpath;
    private final Map<Integer, NodeSpec> nodes = new TreeMap<>();
    private final JavaProcesses<Integer> processes = new JavaProcesses<>("kafka-cluster", id -> "node " + id);

    /**
     * Writes each node's {@code server.properties} and formats its log dir (one cluster id for all);
     * starts nothing yet. {@code classpath} is what each node's JVM runs on.
     */
    public KafkaProcessCluster(Path root, String classpath, int size) {
        this.root = root.toAbsolutePath();
        this.classpath = classpath;
        for (int id = 1; id <= size; id++) {
            nodes.put(id, new NodeSpec(id, FreePorts.next(), FreePorts.next(), this.root.resolve("node-" + id),
                    this.root.resolve("node-" + id + ".properties"), this.root.resolve("node-" + id + ".log")));
        }
        String voters = nodes.values().stream().map(n -> n.id() + "@127.0.0.1:" + n.controllerPort())
                .collect(Collectors.joining(","));
        String clusterId = Uuid.randomUuid().toString();
        try {
            Files.createDirectories(this.root);
            for (NodeSpec node : nodes.values()) {
                try (OutputStream out = Files.newOutputStream(node.properties())) {
                    properties(node, voters).store(out, "Gatehouse test cluster node " + node.id());
                }
                format(node, clusterId);
            }
        } catch (IOException e) {
            processes.close();
            throw new UncheckedIOException("cannot prepare the cluster under " + this.root, e);
        }
    }

    static Properties properties(NodeSpec node, String voters) {
        Properties p = EmbeddedKafka.kraftNode(node.id(), voters, node.port(), node.controllerPort(), node.logDir());
        p.put("default.replication.factor", "3");
        p.put("min.insync.replicas", "2");
        // The offsets topic has no min.isr of its own: it takes the broker's min.insync.replicas (2).
        p.put("offsets.topic.replication.factor", "3");
        p.put("transaction.state.log.replication.factor", "3");
        p.put("transaction.state.log.min.isr", "2");
        p.put("share.coordinator.state.topic.replication.factor", "3");
        p.put("share.coordinator.state.topic.min.isr", "2");
        // 5 instead of 50 partitions each: 300 fewer replicas to elect and catch up on a 2-core machine.
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("group.initial.rebalance.delay.ms", "0");
        return p;
    }

    private static void format(NodeSpec node, String clusterId) throws IOException {
        if (Files.exists(node.logDir().resolve("meta.properties"))) {
            return;
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int rc;
        try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            rc = StorageTool.execute(new String[] {"format", "-t", clusterId, "-c", node.properties().toString()}, print);
        }
        if (rc != 0) {
            throw new IllegalStateException("formatting " + node.logDir() + " failed: " + output.toString(StandardCharsets.UTF_8));
        }
    }

    /**
     * Starts every node that is not running and waits until each serves as an unfenced broker. All are
     * launched before any is awaited: a controller quorum needs a majority to elect a leader.
     */
    public synchronized KafkaProcessCluster start() {
        List<Integer> started = new ArrayList<>();
        for (int id : nodes.keySet()) {
            if (!isRunning(id)) {
                launch(id);
                started.add(id);
            }
        }
        started.forEach(this::awaitServing);
        return this;
    }

    /** Starts one node on its ports and log dir and waits until it serves as an unfenced broker. */
    public synchronized void start(int id) {
        if (isRunning(id)) {
            throw new IllegalStateException("node " + id + " is already running");
        }
        launch(id);
        awaitServing(id);
    }

    /** {@code kill -9}: SIGKILL, nothing flushed, no controlled shutdown. */
    public synchronized void kill(int id) {
        processes.kill(id);
    }

    public synchronized boolean isRunning(int id) {
        return processes.isRunning(id);
    }

    public Collection<NodeSpec> nodes() {
        return nodes.values();
    }

    /** Every node's client address, comma-separated. */
    public String bootstrapServers() {
        return nodes.values().stream().map(NodeSpec::address).collect(Collectors.joining(","));
    }

    /** An admin client on every node (the caller closes it), with timeouts short enough for polling. */
    public Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 6_000);
        return Admin.create(props);
    }

    /** The topic as the cluster describes it now: its partitions with leader, replicas and ISR. */
    public TopicDescription describe(String topic) {
        try (Admin admin = admin()) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic);
        } catch (Exception e) {
            throw new IllegalStateException("cannot describe " + topic, e);
        }
    }

    /** The active controller: the leader of the KRaft metadata quorum. */
    public int activeController() {
        try (Admin admin = admin()) {
            return admin.describeMetadataQuorum().quorumInfo().get(10, TimeUnit.SECONDS).leaderId();
        } catch (Exception e) {
            throw new IllegalStateException("cannot describe the metadata quorum", e);
        }
    }

    /**
     * Waits until {@code id} is in the in-sync replica set of every partition of every topic (internal
     * ones included) that it is a replica of; returns how long that took.
     */
    public Duration awaitInEveryIsr(int id, Duration timeout) {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        String missing = "not asked yet";
        try (Admin admin = admin()) {
            while (System.nanoTime() < deadline) {
                missing = partitionsMissing(admin, id);
                if (missing.isEmpty()) {
                    return Duration.ofNanos(System.nanoTime() - started);
                }
                JavaProcesses.sleep(200);
            }
        }
        throw new IllegalStateException("node " + id + " not back in every ISR within " + timeout + ": " + missing);
    }

    /** The partitions whose replicas include {@code id} but whose ISR does not, or why that is unknown. */
    private static String partitionsMissing(Admin admin, int id) {
        try {
            var names = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get(5, TimeUnit.SECONDS);
            List<String> missing = new ArrayList<>();
            for (TopicDescription d : admin.describeTopics(names).allTopicNames().get(5, TimeUnit.SECONDS).values()) {
                for (TopicPartitionInfo p : d.partitions()) {
                    boolean replica = p.replicas().stream().anyMatch(n -> n.id() == id);
                    if (replica && p.isr().stream().noneMatch(n -> n.id() == id)) {
                        missing.add(d.name() + "-" + p.partition());
                    }
                }
            }
            return missing.isEmpty() ? "" : missing.size() + " partitions, e.g. " + missing.subList(0, Math.min(5, missing.size()));
        } catch (Exception e) {
            return "the cluster did not answer: " + e;
        }
    }

    private void launch(int id) {
        NodeSpec node = nodes.get(id);
        processes.start(id, List.of("-cp", classpath, "kafka.Kafka", node.properties().toString()), Map.of(), node.output());
    }

    /** Until the node's own listener lists it among the live (unfenced) brokers. */
    private void awaitServing(int id) {
        NodeSpec node = nodes.get(id);
        processes.awaitReady(id, START_TIMEOUT, 200, "serving", () -> JavaProcesses.kafkaAnswers(node.port(), node.address(),
                live -> live.stream().anyMatch(n -> n.id() == node.id())));
    }

    @Override
    public void close() {
        processes.close();
    }
}
