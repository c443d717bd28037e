package dev.gatehouse.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The names are those of a bench run's thread dump. */
class ThreadNamesTest {
    private static final String STREAMS = "gatehouse-processor-cdb96b0e-a9c7-4a51-b78c-7a75f005c31a";

    private final ThreadNames names = configured();

    @Test
    void eachServiceThreadGoesToItsService() {
        assertClassified(Map.ofEntries(
                Map.entry("data-plane-kafka-request-handler-3", Component.BROKER),
                Map.entry("data-plane-kafka-network-thread-1-PLAINTEXT-PLAINTEXT-0", Component.BROKER),
                Map.entry("group-coordinator-event-processor-2", Component.BROKER),
                Map.entry("kafka-1-raft-io-thread", Component.BROKER),
                Map.entry("ExpirationReaper-1-Produce", Component.BROKER),
                Map.entry("TxnMarkerSenderThread-1", Component.BROKER),
                Map.entry(STREAMS + "-StreamThread-1", Component.PROCESSOR),
                Map.entry(STREAMS + "-StateUpdater-1", Component.PROCESSOR),
                Map.entry("QueryServer-131", Component.PROCESSOR),
                Map.entry("local-reads-7", Component.PROCESSOR),
                Map.entry("ApiServer-104-acceptor-0@28b23d8b-oejs.ServerConnector@2675d6ed{HTTP/1.1, (http/1.1)}{0.0.0.0:41713}",
                        Component.API),
                Map.entry("ApiServer-187", Component.API),
                Map.entry("state-reader-12", Component.API),
                Map.entry("result-listener", Component.API),
                Map.entry("local-answers", Component.API),
                Map.entry("tenants", Component.API),
                Map.entry("dead-letters", Component.API),
                Map.entry("activity-publisher", Component.API),
                Map.entry("access-sync-webhook", Component.SYNC),
                Map.entry("SyncHttpServer-160", Component.SYNC),
                Map.entry("DoorSimulator-95", Component.DOOR_SIMULATOR),
                Map.entry("KisiSimulator-99", Component.DOOR_SIMULATOR),
                Map.entry("bench-echo", Component.ROUND_TRIP),
                Map.entry("bench-receiver", Component.ROUND_TRIP)));
    }

    @Test
    void aKafkaClientThreadGoesByItsClientId() {
        assertClassified(Map.of(
                "kafka-producer-network-thread | " + STREAMS + "-StreamThread-2-producer", Component.PROCESSOR,
                "kafka-coordinator-heartbeat-thread | gatehouse-processor", Component.PROCESSOR,
                "kafka-admin-client-thread | gatehouse-health-processor-7624ea8c", Component.PROCESSOR,
                "kafka-producer-network-thread | api-1fddb009-commands", Component.API,
                "kafka-admin-client-thread | gatehouse-health-api-1fddb009", Component.API,
                "kafka-producer-network-thread | access-sync-dead-letters", Component.SYNC,
                "kafka-coordinator-heartbeat-thread | gatehouse-access-sync-webhook", Component.SYNC,
                "kafka-admin-client-thread | gatehouse-health-access-sync-6eb3c053", Component.SYNC,
                "kafka-producer-network-thread | bench-client", Component.ROUND_TRIP,
                "kafka-coordinator-heartbeat-thread | bench-echo-bench.3d53392a.requests", Component.ROUND_TRIP));
    }

    @Test
    void whatNoRuleNamesIsOther() {
        assertClassified(Map.of(
                "main", Component.OTHER,
                "Finalizer", Component.OTHER,
                "HttpClient-4-Worker-0", Component.OTHER,
                "Scheduler-1294966332-1", Component.OTHER,
                "kafka-admin-client-thread | adminclient-2", Component.OTHER));
    }

    @Test
    void threadsOneServiceStartedAndNoRuleNamesAreLearnedAsItsOwn() {
        names.learn(Component.SYNC, List.of("HttpClient-4-SelectorManager", "Scheduler-191614132-1", "access-sync-webhook"));
        names.learn(Component.PROCESSOR, List.of("kafka-admin-client-thread | adminclient-2", "QueryServer-131"));

        assertClassified(Map.of(
                "HttpClient-4-SelectorManager", Component.SYNC,
                "HttpClient-4-Worker-3", Component.SYNC, // a client's later threads with it
                "HttpClient-14-Worker-3", Component.OTHER, // another client's
                "Scheduler-191614132-1", Component.SYNC,
                "kafka-admin-client-thread | adminclient-2", Component.PROCESSOR,
                "kafka-admin-client-thread | adminclient-3", Component.OTHER));
    }

    @Test
    void aNameTwoServicesStartedStaysOther() {
        names.learn(Component.PROCESSOR, List.of("micrometer-kafka-metrics"));
        names.learn(Component.API, List.of("micrometer-kafka-metrics"));
        names.learn(Component.SYNC, List.of("micrometer-kafka-metrics"));

        assertThat(names.classify("micrometer-kafka-metrics")).isEqualTo(Component.OTHER);
    }

    @Test
    void threadsOfTheJdksSharedPoolsAndNamedThreadsAreNotLearned() {
        names.learn(Component.API, List.of("ForkJoinPool.commonPool-worker-1", "CompletableFutureDelayScheduler", "bench-echo"));

        assertThat(names.classify("ForkJoinPool.commonPool-worker-1")).isEqualTo(Component.OTHER);
        assertThat(names.classify("CompletableFutureDelayScheduler")).isEqualTo(Component.OTHER);
        assertThat(names.classify("bench-echo")).isEqualTo(Component.ROUND_TRIP);
    }

    @Test
    void nativeThreadsGoByTheirCommAndJavaThreadsAreLeftToJmx() {
        assertThat(ThreadNames.nativeThread("C2 CompilerThre")).isEqualTo(Component.JIT);
        assertThat(ThreadNames.nativeThread("C1 CompilerThre")).isEqualTo(Component.JIT);
        assertThat(ThreadNames.nativeThread("GC Thread#1")).isEqualTo(Component.GC);
        assertThat(ThreadNames.nativeThread("G1 Conc#0")).isEqualTo(Component.GC);
        assertThat(ThreadNames.nativeThread("G1 Refine#0")).isEqualTo(Component.GC);
        assertThat(ThreadNames.nativeThread("rocksdb:low")).isEqualTo(Component.PROCESSOR);
        assertThat(ThreadNames.nativeThread("rocksdb:high")).isEqualTo(Component.PROCESSOR);
        // read by name through JMX, or the JVM's own: not read from /proc
        assertThat(ThreadNames.nativeThread("kafka-producer-")).isNull();
        assertThat(ThreadNames.nativeThread("ApiServer-104")).isNull();
        assertThat(ThreadNames.nativeThread("VM Thread")).isNull();
    }

    @Test
    void aJdkHttpClientsThreadsShareOneKey() {
        assertThat(ThreadNames.key("HttpClient-4-SelectorManager")).isEqualTo("HttpClient-4-");
        assertThat(ThreadNames.key("HttpClient-4-Worker-12")).isEqualTo("HttpClient-4-");
        assertThat(ThreadNames.key("Scheduler-191614132-1")).isEqualTo("Scheduler-191614132-1");
    }

    /** As the bench's stack configures them: the processor's application id, the API's instance id. */
    private static ThreadNames configured() {
        ThreadNames names = new ThreadNames();
        names.prefix("gatehouse-processor", Component.PROCESSOR);
        names.prefix("api-1fddb009-", Component.API);
        return names;
    }

    private void assertClassified(Map<String, Component> expected) {
        expected.forEach((name, component) -> assertThat(names.classify(name)).as(name).isEqualTo(component));
    }
}
