package dev.gatehouse.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (combined KRaft broker + controller) running in this JVM, from
 * Kafka's own artifacts. Its log lives in {@code logDir}, so data survives a restart; it binds
 * 127.0.0.1 only.
 *
 * <p>The settings that matter on one node (docs/architecture.md, "A one-node broker"): replication
 * factor 1 and min.isr 1 for the offsets, transaction-state and share-coordinator topics (or
 * exactly-once and group commits stall), and no initial rebalance delay.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final int NODE_ID = 1;
    /** The log cleaner's heap buffer of keys (Kafka's default is 128 MiB). */
    static final long DEDUPE_BUFFER_BYTES = 16L << 20;
    /** How often the broker aborts transactions past their timeout (Kafka's default is 10 s). */
    static final long TIMED_OUT_TRANSACTIONS_CHECK_MS = 1_000;

    private final KafkaRaftServer server;
    private final int port;
    private final Path logDir;

    private EmbeddedKafka(KafkaRaftServer server, int port, Path logDir) {
        this.server = server;
        this.port = port;
        this.logDir = logDir;
    }

    /**
     * Formats {@code logDir} if it is new, then starts the broker; returns once it is unfenced and
     * serving. A port of 0 picks a free one.
     */
    public static EmbeddedKafka start(Path logDir, int port, int controllerPort) {
        int brokerPort = port == 0 ? FreePorts.next() : port;
        int ctrlPort = controllerPort == 0 ? FreePorts.next() : controllerPort;
        Properties props = properties(logDir, brokerPort, ctrlPort);
        try {
            Files.createDirectories(logDir);
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                format(logDir, props);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Kafka log dir " + logDir, e);
        }
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
        LOG.info("Kafka broker serving on 127.0.0.1:{} (log dir {})", brokerPort, logDir);
        return new EmbeddedKafka(server, brokerPort, logDir);
    }

    static Properties properties(Path logDir, int port, int controllerPort) {
        Properties p = kraftNode(NODE_ID, NODE_ID + "@127.0.0.1:" + controllerPort, port, controllerPort, logDir);
        p.put("num.partitions", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
        // The log cleaner's dedupe buffer is allocated on the heap at start-up and held for good: Kafka's
        // default of 128 MiB is sized for a dedicated broker. 16 MiB still compacts about 600,000 keys
        // per pass (a larger topic is compacted in several passes), and keeps the heap of `up` small
        // (docs/operations.md, "Memory").
        p.put("log.cleaner.dedupe.buffer.size", Long.toString(DEDUPE_BUFFER_BYTES));
        return p;
    }

    /**
     * What every KRaft node of Gatehouse's own brokers shares (this one, the test clusters): broker and
     * controller in one process, plaintext listeners on 127.0.0.1, topics created only on purpose, and
     * timed-out transactions aborted within a second. The caller adds replication settings for its
     * cluster's size.
     */
    public static Properties kraftNode(int nodeId, String voters, int port, int controllerPort, Path logDir) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(nodeId));
        p.put("controller.quorum.voters", voters);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDir.toAbsolutePath().toString());
        p.put("auto.create.topics.enable", "false");
        // A producer that dies mid-transaction holds read_committed readers (access-sync's revocations
        // among them) at its transaction until the broker aborts it: at the first check after the
        // transaction's timeout. Checking each second instead of each ten cuts that wait to at most a
        // second past the timeout; a check only looks over the open transactions.
        p.put("transaction.abort.timed.out.transaction.cleanup.interval.ms",
                Long.toString(TIMED_OUT_TRANSACTIONS_CHECK_MS));
        return p;
    }

    private static void format(Path logDir, Properties props) throws IOException {
        Path file = logDir.resolveSibling(logDir.getFileName() + ".format.properties");
        try (OutputStream out = Files.newOutputStream(file)) {
            props.store(out, "Gatehouse embedded broker");
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        String clusterId = Uuid.randomUuid().toString();
        int rc;
        try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            rc = StorageTool.execute(new String[] {"format", "-t", clusterId, "-c", file.toString()}, print);
        } finally {
            Files.deleteIfExists(file);
        }
        if (rc != 0) {
            throw new IllegalStateException("formatting the Kafka log dir failed: "
                    + output.toString(StandardCharsets.UTF_8));
        }
    }


    /** The broker's address for clients: {@code 127.0.0.1:<port>}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path logDir() {
        return logDir;
    }

    /** Shuts the broker down and waits for it; safe to call twice. */
    @Override
    public synchronized void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}
