package dev.gatehouse.launcher.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.launcher.fault.FaultLoad.Timed;
import dev.gatehouse.pipeline.Topics;
import dev.gatehouse.pipeline.config.KafkaConfig;
import dev.gatehouse.testkit.KafkaProcessCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.IntSupplier;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The fault tests' load on a real three-node KRaft cluster, each broker its own OS process
 * ({@link KafkaProcessCluster}), with the services as separate JVMs on it ({@link ProcessStack#onCluster})
 * and every topic replicated three times with {@code min.insync.replicas=2}. Mid-load, first the broker
 * leading the {@code commands} partition most of the scenario's organizations hash to is killed with
 * SIGKILL, then the active controller; each is started again on the same ports and log dir once writes
 * succeed again, and must rejoin every ISR. The time from the kill until every organization's writes
 * succeed again is printed and checked against a generous bound: a liveness check, not a timing test.
 * Afterwards {@link DirectoryCheck}: no answered write lost or applied twice, the doors equal the directory.
 *
 * <p>The leader goes first and is back in every ISR before the controller is killed: with three voters,
 * two nodes down would lose the controller quorum (and min.isr 2 would stop every write anyway).
 * Output: {@code target/fault-tests/cluster-<run>/}, the nodes under {@code kafka/}.
 * {@code -Dgatehouse.cluster.users=N} sets the users per organization (3 organizations, ~5 writes each).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaClusterFaultIT {
    private static final int BROKERS = 3;
    private static final int ORGANIZATIONS = 3;
    private static final int USERS = Integer.getInteger("gatehouse.cluster.users", 60);
    private static final int CONCURRENCY = 12;
    /**
     * How long writes may fail after a kill before the test calls it a hang. Usually the broker session
     * timeout (9 s by default) until the controller fences the dead node and moves its leaderships, plus a
     * controller election when the controller died: 10-15 s. But a processor transaction open at the kill
     * can outlive its 10 s {@code transaction.timeout.ms} (Streams' exactly-once default) while it waits
     * for the new leaders; the coordinator aborts it, the commit then fails with InvalidTxnStateException,
     * the stream thread is replaced, and the new one joins its group only once the old member's session
     * timed out (45 s by default: a Streams consumer does not leave its group on close): ~60 s. 120 s
     * covers that on a busy 2-core machine and still tells a hang.
     */
    private static final Duration RESUME_BOUND = Duration.ofSeconds(120);
    private static final String THREAD_REPLACED = "stream thread failed; replacing it";
    private static final Duration ISR_BOUND = Duration.ofSeconds(120);
    private static final String COMMANDS = Topics.from(KafkaConfig.load(Map.of())).commands();

    private KafkaProcessCluster cluster;
    private ProcessStack stack;

    @BeforeAll
    void startClusterAndStack() {
        Path root = Path.of("target", "fault-tests", "cluster-" + Instant.now().toString().replace(':', '-'));
        try {
            cluster = new KafkaProcessCluster(root.resolve("kafka"), ProcessStack.packagedJar().toString(), BROKERS).start();
            stack = ProcessStack.onCluster(root, cluster.bootstrapServers(), BROKERS).startAll();
        } catch (RuntimeException e) {
            stopClusterAndStack();
            throw e;
        }
    }

    @AfterAll
    void stopClusterAndStack() {
        if (stack != null) {
            stack.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /** After a scenario that failed half-way: every node back and in sync, every service running. */
    @BeforeEach
    void everyNodeInSyncAndEveryServiceRunning() {
        cluster.start();
        for (KafkaProcessCluster.NodeSpec node : cluster.nodes()) {
            cluster.awaitInEveryIsr(node.id(), ISR_BOUND);
        }
        stack.ensureAllRunning();
    }

    @Test
    @Order(1)
    void commandsLeaderKilledMidLoadWritesResumeAndNoAnsweredWriteIsLost() throws Exception {
        List<Organization> orgs = Organization.several(stack, "Cluster leader", ORGANIZATIONS, 4);
        int partition = busiestCommandsPartition(orgs);
        killMidLoad("commands leader", orgs, 21, () -> cluster.describe(COMMANDS).partitions().get(partition).leader().id(),
                "the leader of partition " + partition + ", which " + orgsOn(orgs, partition) + " of " + orgs.size()
                        + " organizations hash to; ");
    }

    @Test
    @Order(2)
    void activeControllerKilledMidLoadWritesResumeAndNoAnsweredWriteIsLost() throws Exception {
        List<Organization> orgs = Organization.several(stack, "Cluster controller", ORGANIZATIONS, 4);
        killMidLoad("active controller", orgs, 22, cluster::activeController, "");
    }

    /**
     * Runs a load; in its middle kills the node {@code victim} names then, waits until every organization's
     * writes succeed again (measured), restarts the node and waits until it is back in every ISR; then
     * checks the directory and the doors.
     */
    private void killMidLoad(String role, List<Organization> orgs, long seed, IntSupplier victim, String detail)
            throws Exception {
        FaultLoad load = new FaultLoad(stack.apiUrls(), orgs, USERS, seed);
        Map<ProcessStack.Service, Long> pids = new EnumMap<>(ProcessStack.Service.class);
        stack.services().forEach(s -> pids.put(s, stack.pid(s)));
        Thread running = load.start(CONCURRENCY);
        load.awaitProgress(running, 4, "a quarter", Duration.ofMinutes(3)); // the fault lands early, and the load outlasts the outage
        long replacedBefore = occurrences(stack.log(ProcessStack.Service.PROCESSOR), THREAD_REPLACED);

        // Asked right before the kill: leaderships and the controller may have moved since the last scenario.
        int node = victim.getAsInt();
        String roles = detail + roles(node);
        cluster.kill(node);
        long killedAt = System.nanoTime();
        Instant killedWall = Instant.now().truncatedTo(ChronoUnit.MILLIS); // to find the moment in the logs
        assertThat(running.isAlive()).as("the load was still running when node %d was killed", node).isTrue();

        long resumedAt = awaitWritesResumed(load, running, orgs, killedAt);
        int failedMeanwhile = (int) load.timeline().stream()
                .filter(t -> !t.ok() && t.answeredNanos() >= killedAt && t.answeredNanos() <= resumedAt).count();
        long replaced = occurrences(stack.log(ProcessStack.Service.PROCESSOR), THREAD_REPLACED) - replacedBefore;
        System.out.printf("cluster: %s broker %d killed at %s (%s); writes resumed after %.1f s (every organization); "
                + "%d writes answered 503 or dropped meanwhile; the processor replaced its stream thread %d times%n",
                role, node, killedWall, roles, seconds(resumedAt - killedAt), failedMeanwhile, replaced);

        long restartedAt = System.nanoTime();
        cluster.start(node);
        long servingAt = System.nanoTime();
        Duration inSync = cluster.awaitInEveryIsr(node, ISR_BOUND);
        System.out.printf("cluster: broker %d started again %.1f s after the kill, serving %.1f s later, back in every ISR "
                + "%.1f s after that; the load %s%n", node, seconds(restartedAt - killedAt), seconds(servingAt - restartedAt),
                inSync.toMillis() / 1e3, running.isAlive() ? "still running (" + load.writesSent() + " of ~"
                        + load.plannedWrites() + " writes sent)" : "had ended");

        load.finish(running, Duration.ofMinutes(5));
        load.settle(orgs);
        System.out.printf("cluster: %s: %s%n", role, load.summary());
        assertThat(load.unexpected()).as("answers other than 2xx, 503 and 409 to a repeated create").isEmpty();
        assertThat(load.missingRetryAfter()).as("503 answers without Retry-After").isEmpty();
        for (Map.Entry<ProcessStack.Service, Long> e : pids.entrySet()) {
            assertThat(stack.isRunning(e.getKey()) && stack.pid(e.getKey()) == e.getValue())
                    .as("%s recovered without a restart", e.getKey()).isTrue();
        }
        new DirectoryCheck(stack).verify(load, orgs);
    }

    /**
     * Waits until a write of every organization sent after the kill got a 2xx; returns the latest of
     * those first answers ({@link System#nanoTime}). Fails past {@link #RESUME_BOUND}, or when the load
     * ended first (then the load is too small to measure: raise the users).
     */
    private static long awaitWritesResumed(FaultLoad load, Thread running, List<Organization> orgs, long killedAt) {
        while (true) {
            List<Timed> timeline = load.timeline();
            long latest = Long.MIN_VALUE;
            List<String> waiting = new ArrayList<>();
            for (Organization org : orgs) {
                OptionalLong first = timeline.stream()
                        .filter(t -> t.ok() && t.tenantId().equals(org.id()) && t.sentNanos() >= killedAt)
                        .mapToLong(Timed::answeredNanos).min();
                if (first.isPresent()) {
                    latest = Math.max(latest, first.getAsLong());
                } else {
                    waiting.add(org.id());
                }
            }
            if (waiting.isEmpty()) {
                return latest;
            }
            assertThat(running.isAlive()).as("the load ended before writes of %s succeeded again", waiting).isTrue();
            assertThat(System.nanoTime() - killedAt).as("writes of %s succeed again within %s of the kill", waiting,
                    RESUME_BOUND).isLessThan(RESUME_BOUND.toNanos());
            Organization.sleep(50);
        }
    }

    /** What the node is in the cluster now: which commands partitions it leads, whether it is the controller. */
    private String roles(int node) {
        List<Integer> led = cluster.describe(COMMANDS).partitions().stream()
                .filter(p -> p.leader() != null && p.leader().id() == node).map(TopicPartitionInfo::partition).toList();
        return "it led " + COMMANDS + " partitions " + led + " and was "
                + (cluster.activeController() == node ? "" : "not ") + "the active controller";
    }

    /** The commands partition most organizations hash to (the lowest on a tie). */
    private int busiestCommandsPartition(List<Organization> orgs) {
        int partitions = cluster.describe(COMMANDS).partitions().size();
        int busiest = 0;
        for (int p = 1; p < partitions; p++) {
            if (orgsOn(orgs, p) > orgsOn(orgs, busiest)) {
                busiest = p;
            }
        }
        return busiest;
    }

    /**
     * How many organizations' commands go to the partition: the API keys each command by organization id
     * (a String key), and the producer's default partitioner takes {@code murmur2(key) % partitions}.
     */
    private long orgsOn(List<Organization> orgs, int partition) {
        int partitions = cluster.describe(COMMANDS).partitions().size();
        return orgs.stream().filter(o -> Utils.toPositive(Utils.murmur2(o.id().getBytes(StandardCharsets.UTF_8)))
                % partitions == partition).count();
    }

    private static long occurrences(Path log, String text) {
        try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.contains(text)).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
