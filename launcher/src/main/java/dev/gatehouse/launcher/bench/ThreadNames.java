package dev.gatehouse.launcher.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which part of the bench's stack ({@link Component}) a thread works for, by its name.
 *
 * <p>Java threads go by their full names: {@code /proc}'s {@code comm}, the name cut to 15 characters,
 * cannot tell the Kafka clients of the processor, the API, access-sync and the bench apart (all are
 * {@code kafka-producer-}, {@code kafka-coordinat} or {@code kafka-admin-cli}), nor one JDK HTTP client
 * from another. A Kafka client names its threads {@code <kind> | <client id>}, so such a thread goes by
 * its client id. The threads the JVM hides from JMX (compiler, collector) and RocksDB's native threads
 * go by {@code comm} ({@link #nativeThread}).
 *
 * <p>The rules, first match wins: names learned while a service started ({@link #learn}), for threads
 * that no rule names and that only that service started (a JDK HTTP client's, Jetty's scheduler); the
 * prefixes the stack's configuration gives ({@link #prefix}: the processor's application id, the API's
 * instance id); then the standard names below, those of Kafka's broker, the services' own threads and
 * thread pools, and the bench's Kafka round trip. A name nothing matches is {@link Component#OTHER}.
 */
public final class ThreadNames {
    /** Between a Kafka client thread's kind and its client id. */
    private static final String CLIENT_ID = " | ";
    /** A JDK HTTP client's threads: {@code HttpClient-<n>-SelectorManager}, {@code HttpClient-<n>-Worker-<m>}. */
    private static final Pattern HTTP_CLIENT = Pattern.compile("(HttpClient-\\d+-).*");
    /** Threads of the JDK's shared pools, which work for whoever calls them: never learned as a service's. */
    private static final List<String> SHARED = List.of("ForkJoinPool", "CompletableFutureDelayScheduler", "process reaper");

    private static final List<Rule> STANDARD = standard();

    /** A name rule: the whole name, or a prefix, as a pattern; {@code component} when it matches. */
    private record Rule(Pattern pattern, Component component) {
        static Rule prefix(String prefix, Component component) {
            return new Rule(Pattern.compile(Pattern.quote(prefix) + ".*", Pattern.DOTALL), component);
        }

        static Rule whole(String name, Component component) {
            return new Rule(Pattern.compile(Pattern.quote(name)), component);
        }

        boolean matches(String name) {
            return pattern.matcher(name).matches();
        }
    }

    private final List<Rule> configured = new CopyOnWriteArrayList<>();
    /** Learned names ({@link #key}) to their component; those two services started are in {@link #ambiguous} instead. */
    private final Map<String, Component> learned = new HashMap<>();
    private final Set<String> ambiguous = new HashSet<>();

    /** Threads whose name (or Kafka client id) starts with {@code prefix} are {@code component}'s. */
    public void prefix(String prefix, Component component) {
        configured.add(Rule.prefix(prefix, component));
    }

    /**
     * Learns the threads that appeared while {@code component} started: each that no rule names is the
     * component's from now on (a JDK HTTP client's later threads with it), unless another component's
     * start had one of the same name, which leaves the name to {@link Component#OTHER}.
     */
    public synchronized void learn(Component component, Collection<String> appeared) {
        for (String name : appeared) {
            if (SHARED.stream().anyMatch(name::startsWith) || byRules(name) != Component.OTHER) {
                continue;
            }
            String key = key(name);
            Component before = ambiguous.contains(key) ? null : learned.putIfAbsent(key, component);
            if (before != null && before != component) {
                learned.remove(key);
                ambiguous.add(key);
            }
        }
    }

    /** The component a Java thread named {@code name} works for. */
    public synchronized Component classify(String name) {
        Component known = learned.get(key(name));
        return known != null ? known : byRules(name);
    }

    /**
     * The component of a thread the JVM keeps from JMX, or of a native library, by its {@code comm}:
     * the JIT compiler's, the garbage collector's, and RocksDB's background threads (flushes and
     * compactions, in one pool for every store of the JVM: the processor's, and access-sync's small one,
     * counted as the processor's). Null for any other: a Java thread, read by name instead, or the JVM's
     * own (VM thread, sweeper, ...), left to {@link Component#OTHER}.
     */
    public static Component nativeThread(String comm) {
        if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
            return Component.JIT;
        }
        if (comm.startsWith("GC Thread#") || comm.startsWith("G1 ")) {
            return Component.GC;
        }
        return comm.startsWith("rocksdb:") ? Component.PROCESSOR : null;
    }

    private Component byRules(String name) {
        int bar = name.indexOf(CLIENT_ID);
        String clientId = bar < 0 ? null : name.substring(bar + CLIENT_ID.length());
        for (List<Rule> rules : List.of(configured, STANDARD)) {
            for (Rule rule : rules) {
                if (rule.matches(name) || clientId != null && rule.matches(clientId)) {
                    return rule.component();
                }
            }
        }
        return Component.OTHER;
    }

    /** What a learned name stands for: a JDK HTTP client's every thread, or else the one name. */
    static String key(String name) {
        Matcher client = HTTP_CLIENT.matcher(name);
        return client.matches() ? client.group(1) : name;
    }

    private static List<Rule> standard() {
        List<Rule> rules = new ArrayList<>();
        // The embedded broker (Kafka's KafkaRaftServer): request handling, replication, coordinators, raft.
        for (String prefix : List.of("data-plane-kafka-", "kafka-scheduler-", "kafka-log-cleaner-thread-",
                "group-coordinator-", "share-coordinator-", "share-group-", "ExpirationReaper-", "controller-", "broker-",
                "quorum-controller-", "raft-expiration-reaper", "transaction-log-manager-", "TxnMarkerSenderThread-",
                "AddPartitionsToTxnSenderThread-", "LogDirFailureHandler", "executor-", "client-metrics-reaper",
                "PersisterStateManager", "ShareGroupDLQSendThread", "SensorExpiryThread", "metrics-meter-tick-thread-")) {
            rules.add(Rule.prefix(prefix, Component.BROKER));
        }
        rules.add(new Rule(Pattern.compile("kafka-\\d+-.*"), Component.BROKER)); // kafka-<node id>-raft-io-thread, ...
        // The processor: its query server and the reads it answers in memory for the API of its JVM, its health
        // probe, a rebuild's comparison with the live processor, the thread keeping its timeline store (its stream
        // threads and their Kafka clients go by the application id, a configured prefix).
        for (String prefix : List.of("QueryServer-", "local-reads-", "gatehouse-health-processor-", "rebuild-compare-",
                "timeline-follower")) {
            rules.add(Rule.prefix(prefix, Component.PROCESSOR));
        }
        // The API: HTTP threads, state readers, health probe (its producers go by the instance id, configured),
        // and the result listener, the thread completing answers handed over in memory, the topic followers
        // and the activity publisher by their whole names.
        for (String prefix : List.of("ApiServer-", "state-reader-", "gatehouse-health-api-")) {
            rules.add(Rule.prefix(prefix, Component.API));
        }
        for (String name : List.of("result-listener", "local-answers", "tenants", "access-tokens", "door-status",
                "dead-letters", "provisioning-activity", "activity-publisher")) {
            rules.add(Rule.whole(name, Component.API));
        }
        // access-sync: HTTP threads, a delivery thread per connector ("access-sync-webhook") and its Kafka
        // clients (client ids "access-sync-...", consumer groups "gatehouse-access-sync-..."), its health probe.
        for (String prefix : List.of("SyncHttpServer-", "access-sync-", "gatehouse-access-sync-",
                "gatehouse-health-access-sync-")) {
            rules.add(Rule.prefix(prefix, Component.SYNC));
        }
        rules.add(Rule.prefix("DoorSimulator-", Component.DOOR_SIMULATOR));
        rules.add(Rule.prefix("KisiSimulator-", Component.DOOR_SIMULATOR));
        // The Kafka round trip's echo and receiver threads and its clients (KafkaRoundTrip).
        for (String prefix : List.of("bench-echo", "bench-receiver", "bench-client", "bench-replies")) {
            rules.add(Rule.prefix(prefix, Component.ROUND_TRIP));
        }
        return List.copyOf(rules);
    }
}
