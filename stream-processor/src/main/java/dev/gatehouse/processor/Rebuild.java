package dev.gatehouse.processor;

import dev.gatehouse.pipeline.KafkaProps;
import dev.gatehouse.pipeline.Topics;
import dev.gatehouse.pipeline.query.QueryClient;
import dev.gatehouse.processor.store.Directory;
import dev.gatehouse.processor.store.RocksDbMemory;
import dev.gatehouse.processor.store.StateChecksum;
import dev.gatehouse.processor.store.StoreNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Recreates the processor's whole state from the commands topic into a fresh application id, the way
 * ops recover from lost state: processing is deterministic (ids and times are decided at ingest), so
 * replaying every command yields the same stores. The replay runs with no outputs (it answers nobody
 * and re-sends nothing to door systems), is timed, and is then checked tenant by tenant against the
 * live processor's {@link StateChecksum}s. Afterwards the new application id holds complete state and
 * committed offsets: processors restarted with {@code GATEHOUSE_APPLICATION_ID} set to it carry on
 * from there.
 */
public final class Rebuild {
    private static final long REBUILD_COMMIT_INTERVAL_MS = 1_000;
    private static final int REBUILD_MAX_POLL_RECORDS = 5_000;
    private static final int REBUILD_LINGER_MS = 50;

    /** One tenant compared: the rebuilt fingerprint and the live one (empty when unreachable). */
    public record Comparison(StateChecksum rebuilt, Optional<StateChecksum> live) {
        public boolean equal() {
            return live.isPresent() && live.get().equals(rebuilt);
        }
    }

    /**
     * What the rebuild did.
     *
     * @param took       from starting Kafka Streams until every command was applied and committed
     * @param startUp    the part of {@code took} until Kafka Streams ran every task (its changelog topics
     *                   made, its partitions assigned, its stores opened and found empty): a fixed cost,
     *                   whatever the commands; a task ready sooner starts applying before it ends
     * @param liveInStep whether the live processor's committed position on the commands topic equals
     *                   the rebuild's: only then must the fingerprints agree
     */
    public record Report(String applicationId, long commands, Duration took, Duration startUp,
                         Map<String, Comparison> tenants, boolean liveInStep) {
        public double commandsPerSecond() {
            return commands / Math.max(1e-9, took.toNanos() / 1e9);
        }

        public boolean equal() {
            return tenants.values().stream().allMatch(Comparison::equal);
        }
    }

    private Rebuild() {
    }

    /**
     * Replays the whole commands topic into {@code applicationId} and compares with the live processor,
     * whose query endpoint is {@code liveUrl}.
     */
    public static Report run(ProcessorConfig live, String liveUrl, String applicationId, Duration timeout) throws Exception {
        return run(live, liveUrl, applicationId, timeout, false);
    }

    /**
     * As {@link #run(ProcessorConfig, String, String, Duration)}; {@code liveSettings} replays with the live
     * processor's Streams settings unchanged (exactly-once), the baseline of {@code RebuildBenchmark}.
     */
    static Report run(ProcessorConfig live, String liveUrl, String applicationId, Duration timeout, boolean liveSettings)
            throws Exception {
        ProcessorConfig config = live.asApplication(applicationId, (int) REBUILD_COMMIT_INTERVAL_MS);
        Topics topics = Topics.from(config.kafka());
        try (Admin admin = Admin.create(KafkaProps.admin(config.kafka()))) {
            Map<TopicPartition, Long> start = offsets(admin, topics, OffsetSpec.earliest());
            Map<TopicPartition, Long> end = offsets(admin, topics, OffsetSpec.latest());
            long commands = end.entrySet().stream().mapToLong(e -> e.getValue() - start.get(e.getKey())).sum();
            try (RocksDbMemory memory = new RocksDbMemory(StreamProcessorService.ROCKSDB_TOTAL_BYTES,
                    StreamProcessorService.ROCKSDB_WRITE_BUFFER_BYTES);
                 KafkaStreams streams = new KafkaStreams(GatehouseTopology.buildForRebuild(topics),
                         liveSettings ? liveProperties(config, memory) : properties(config, memory))) {
                long began = System.nanoTime();
                long deadline = began + timeout.toNanos();
                AtomicLong runningAt = new AtomicLong(-1); // when Kafka Streams first ran every task
                CountDownLatch running = new CountDownLatch(1);
                streams.setStateListener((now, before) -> {
                    if (now == KafkaStreams.State.RUNNING && runningAt.compareAndSet(-1, System.nanoTime())) {
                        running.countDown();
                    }
                });
                streams.start();
                awaitCommitted(admin, topics, applicationId, end, deadline);
                long finished = System.nanoTime();
                // With nothing to apply, the commits are "reached" before Streams runs: its stores open only then.
                if (!running.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    throw new IllegalStateException("rebuild's Kafka Streams did not run within " + timeout
                            + ": " + streams.state());
                }
                Duration took = Duration.ofNanos(finished - began);
                Duration startUp = Duration.ofNanos(Math.min(finished, runningAt.get()) - began);
                streams.pause();
                // On the commands topic only: the live processor also reads the timeline, which a rebuild does not.
                boolean inStep = committed(admin, topics, live.applicationId())
                        .equals(committed(admin, topics, applicationId));
                Map<String, Comparison> tenants = compare(local(streams), liveUrl);
                Report report = new Report(applicationId, commands, took, startUp, tenants, inStep);
                streams.close(Duration.ofSeconds(30));
                return report;
            }
        }
    }

    /**
     * The live processor's settings (state dir, RocksDB bounds, poison commands skipped), set for a
     * replay that answers nobody. At-least-once instead of exactly-once: a rebuild's only output is its
     * own changelogs, and the transaction per commit (producer flush, offsets, commit markers) was where
     * its stream thread waited. That keeps every guarantee that matters here: the commands are read
     * read_committed as the live processor reads them; a clean finish flushes and commits everything;
     * and a rebuild that crashed and re-applied commands ends with different fingerprints, which the
     * comparison reports as not equal (a rebuild is only switched to when it is equal). Processors
     * later started on the rebuilt application id run exactly-once as always.
     */
    static Properties properties(ProcessorConfig config, RocksDbMemory memory) {
        Properties p = liveProperties(config, memory);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG), "read_committed");
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), REBUILD_MAX_POLL_RECORDS);
        // An idle poll ends before the processor's look whether the thread ran out of commands, which then
        // commits the last of them (CommandProcessor.CAUGHT_UP_CHECK); a poll that finds records returns at once.
        p.put(StreamsConfig.POLL_MS_CONFIG, CommandProcessor.CAUGHT_UP_CHECK.toMillis());
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), REBUILD_LINGER_MS);
        // Each task's stores start empty, yet a task is ready only once the restore consumer's fetch, which
        // may be waiting on the tasks found before it, has answered: Kafka's 500 ms waits, one after another,
        // were most of a rebuild's start-up (1.5 s of six partitions' tasks, 0.7 s with this). The live
        // processor keeps Kafka's wait: a shorter one there was tried and taken back, its effects unclear.
        p.put(StreamsConfig.restoreConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG),
                (int) CommandProcessor.CAUGHT_UP_CHECK.toMillis());
        return p;
    }

    private static Properties liveProperties(ProcessorConfig config, RocksDbMemory memory) {
        Properties p = StreamProcessorService.properties(config, new HostInfo(config.processorHost(), 0), memory);
        p.remove(StreamsConfig.APPLICATION_SERVER_CONFIG); // a rebuild serves no queries
        return p;
    }

    static Map<TopicPartition, Long> offsets(Admin admin, Topics topics, OffsetSpec spec) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < topics.partitions(); p++) {
            request.put(new TopicPartition(topics.commands(), p), spec);
        }
        Map<TopicPartition, Long> out = new HashMap<>();
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e
                : admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).entrySet()) {
            out.put(e.getKey(), e.getValue().offset());
        }
        return out;
    }

    /**
     * Waits until the group has committed at least {@code end} on every partition that has records; an
     * IllegalStateException past {@code deadline} ({@link System#nanoTime()}).
     */
    static void awaitCommitted(Admin admin, Topics topics, String group, Map<TopicPartition, Long> end,
            long deadline) throws Exception {
        while (true) {
            Map<TopicPartition, Long> committed = committed(admin, topics, group);
            boolean done = end.entrySet().stream().allMatch(e -> e.getValue() == 0
                    || committed.getOrDefault(e.getKey(), -1L) >= e.getValue());
            if (done) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("rebuild did not reach the end of the commands topic in time"
                        + " (at " + committed + ", end " + end + ")");
            }
            Thread.sleep(CommandProcessor.CAUGHT_UP_CHECK.toMillis());
        }
    }

    /** The group's committed offsets on the commands topic. */
    private static Map<TopicPartition, Long> committed(Admin admin, Topics topics, String group) throws Exception {
        Map<TopicPartition, Long> out = new HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        offsets.forEach((tp, om) -> {
            if (om != null && tp.topic().equals(topics.commands())) {
                out.put(tp, om.offset());
            }
        });
        return out;
    }

    /** The rebuilt stores, all local partitions together. */
    private static Directory local(KafkaStreams streams) {
        return new Directory(store(streams, StoreNames.USERS), store(streams, StoreNames.GROUPS),
                store(streams, StoreNames.MEMBERSHIPS), store(streams, StoreNames.INDEXES));
    }

    private static <V> ReadOnlyKeyValueStore<String, V> store(KafkaStreams streams, String name) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()));
    }

    /** The live side: the live processor, asked once per tenant, each within 30 s. */
    private static final QueryClient.Settings LIVE = new QueryClient.Settings(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ZERO);

    private static Map<String, Comparison> compare(Directory rebuilt, String liveUrl) {
        QueryClient processor = new QueryClient(liveUrl, LIVE, "rebuild-compare");
        Map<String, Comparison> out = new LinkedHashMap<>();
        for (String tenant : rebuilt.tenants()) {
            out.put(tenant, new Comparison(StateChecksum.of(rebuilt, tenant), liveChecksum(processor, tenant)));
        }
        return out;
    }

    /** The live processor's checksum of {@code tenant}; empty when it cannot be had. */
    private static Optional<StateChecksum> liveChecksum(QueryClient processor, String tenant) {
        try {
            return Optional.of(StateChecksum.of(processor.checksum(tenant).get()));
        } catch (ExecutionException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Lines for a person: rate, then one line per tenant. */
    public static List<String> describe(Report report) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "Rebuilt %,d commands into application id %s in %.1f s: %,.0f commands/s",
                report.commands(), report.applicationId(), report.took().toNanos() / 1e9, report.commandsPerSecond()));
        lines.add(String.format(Locale.ROOT, "  of it starting: %.1f s (until every task ran: changelog topics made, partitions assigned, stores opened)",
                report.startUp().toNanos() / 1e9));
        report.tenants().forEach((tenant, c) -> lines.add(String.format(Locale.ROOT,
                "  tenant %s: %,d users, %,d groups, %,d memberships, sha256 %s… — %s", tenant, c.rebuilt().users(),
                c.rebuilt().groups(), c.rebuilt().memberships(), c.rebuilt().sha256().substring(0, 12),
                c.live().isEmpty() ? "live processor unreachable" : c.equal() ? "equal to live" : "DIFFERS from live")));
        if (!report.liveInStep()) {
            lines.add("  the live processor's position on the commands topic differs from the rebuild's "
                    + "(writes arrived meanwhile): compare again when writes pause");
        }
        return lines;
    }
}
