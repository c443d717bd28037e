package dev.gatehouse.processor;

import dev.gatehouse.pipeline.KafkaProps;
import dev.gatehouse.pipeline.LocalAnswers;
import dev.gatehouse.pipeline.Topics;
import dev.gatehouse.pipeline.observe.Health;
import dev.gatehouse.pipeline.observe.KafkaProbe;
import dev.gatehouse.pipeline.observe.ServiceMetrics;
import dev.gatehouse.pipeline.query.LocalReads;
import dev.gatehouse.processor.query.LocalReader;
import dev.gatehouse.processor.query.QueryServer;
import dev.gatehouse.processor.query.StreamsQueryBackend;
import dev.gatehouse.processor.store.BoundedRocksDbConfig;
import dev.gatehouse.processor.store.RocksDbMemory;
import dev.gatehouse.processor.store.TimelineStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stream processor service: Kafka Streams running {@link GatehouseTopology}, the
 * {@link TimelineFollower} keeping the timeline store, and the internal {@link QueryServer}. The launcher
 * calls {@link #start}; {@link #close} stops them.
 */
public final class StreamProcessorService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamProcessorService.class);
    static final long ROCKSDB_TOTAL_BYTES = 64L << 20;
    static final long ROCKSDB_WRITE_BUFFER_BYTES = 16L << 20;
    /** The stream threads' producers' back-off before a retry (see {@link #properties}). */
    static final long RETRY_BACKOFF_MS = 10;

    private final KafkaStreams streams;
    private final QueryServer queries;
    private final RocksDbMemory memory;
    private final Object stateChange = new Object();
    private final ServiceMetrics metrics;
    private final KafkaProbe kafka;
    private final Admin progressAdmin;
    /** Looks for hanging transactions ({@link HangingTransactions}). */
    private final ScheduledExecutorService sweeper;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final LocalReads reads;
    private final LocalReader reader;
    private final TimelineFollower timeline;

    private StreamProcessorService(KafkaStreams streams, QueryServer queries, LocalReads reads, LocalReader reader,
            RocksDbMemory memory, ServiceMetrics metrics, KafkaProbe kafka, Admin progressAdmin,
            ScheduledExecutorService sweeper, TimelineFollower timeline) {
        this.timeline = timeline;
        this.streams = streams;
        this.queries = queries;
        this.reads = reads;
        this.reader = reader;
        this.memory = memory;
        this.metrics = metrics;
        this.kafka = kafka;
        this.progressAdmin = progressAdmin;
        this.sweeper = sweeper;
    }

    /** Creates missing topics, starts the query server and Kafka Streams; does not wait for RUNNING. */
    public static StreamProcessorService start(ProcessorConfig config) {
        return start(config, LocalAnswers.NONE);
    }

    /**
     * As {@link #start(ProcessorConfig)}; the API instances registered with {@code answers} (in this JVM)
     * are answered in memory when each transaction commits, the others through the results topic.
     */
    public static StreamProcessorService start(ProcessorConfig config, LocalAnswers answers) {
        return start(config, answers, LocalReads.NONE);
    }

    /**
     * As {@link #start(ProcessorConfig, LocalAnswers)}; the API instances of this JVM also read from this
     * processor's stores directly ({@code reads}) where its query API would answer from them itself.
     */
    public static StreamProcessorService start(ProcessorConfig config, LocalAnswers answers, LocalReads reads) {
        Topics topics = Topics.reconciled(config.kafka());
        // The server starts first so that port 0 resolves to the real port advertised in application.server.
        QueryServer queries = QueryServer.start(config.processorHost(), config.processorPort());
        RocksDbMemory memory = null;
        TimelineFollower timeline = null;
        ServiceMetrics metrics = ServiceMetrics.create("stream-processor");
        KafkaProbe kafka = KafkaProbe.of(config.kafka(), "processor-" + UUID.randomUUID().toString().substring(0, 8));
        Admin progressAdmin = Admin.create(KafkaProps.admin(config.kafka()));
        ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "hanging-transactions");
            thread.setDaemon(true);
            return thread;
        });
        try {
            HostInfo self = new HostInfo(config.processorHost(), queries.port());
            memory = new RocksDbMemory(ROCKSDB_TOTAL_BYTES, ROCKSDB_WRITE_BUFFER_BYTES);
            CommandMetrics commandMetrics = new CommandMetrics(metrics.registry());
            Properties props = properties(config, self, memory);
            props.put(RefusedOutputHandler.METRICS, commandMetrics);
            KafkaStreams streams = new KafkaStreams(GatehouseTopology.build(topics, commandMetrics, answers, config.answerWait()), props,
                    new AnsweringClients(answers));
            timeline = startTimeline(config, topics, memory);
            observe(timeline, metrics.registry());
            StreamsQueryBackend backend = new StreamsQueryBackend(streams, self, timeline);
            LocalReader reader = new LocalReader(backend);
            StreamProcessorService service = new StreamProcessorService(streams, queries, reads, reader, memory, metrics,
                    kafka, progressAdmin, sweeper, timeline);
            Map<String, Object> logReader = TransactionOutcomes.consumerSettings(
                    KafkaProps.consumer(config.kafka(), config.applicationId() + "-transaction-log", null));
            sweepHangingTransactions(sweeper, new HangingTransactions(progressAdmin, ours(topics, config.applicationId()),
                    config.applicationId(), HangingTransactions.HANGING_AFTER, System::nanoTime,
                    new TransactionOutcomes(progressAdmin, () -> new KafkaConsumer<>(logReader), HangingTransactions.DECIDE_WITHIN),
                    new CommitMarkers(KafkaProps.admin(config.kafka()), HangingTransactions.DECIDE_WITHIN), metrics.registry()));
            metrics.bind(new KafkaStreamsMetrics(streams));
            ProcessorHealth processorHealth = new ProcessorHealth();
            CommitProgress progress = new CommitProgress(progressAdmin, config.applicationId(),
                    ownedPartitions(streams, topics.commands()), System::nanoTime);
            Health health = processorHealth.register(streams, topics.commands(), kafka, progress, metrics.registry())
                    .register(metrics.registry());
            queries.observe(metrics, health);
            streams.setUncaughtExceptionHandler(e -> {
                // The failed task is re-run from its last commit (exactly-once), so a transient error
                // heals. No command fails this way (the processor answers and dead-letters those); what
                // does (a changelog Kafka refuses, a broker's transaction fault) keeps the processor
                // not ready until its commits move again, and is counted.
                processorHealth.threadFailed();
                LOG.error("stream thread failed; replacing it", e);
                return StreamThreadExceptionResponse.REPLACE_THREAD;
            });
            streams.setStateListener((now, before) -> service.stateChanged());
            queries.serve(backend);
            streams.start();
            if (reads != LocalReads.NONE) {
                reads.add(reader);
            }
            return service;
        } catch (RuntimeException e) {
            sweeper.shutdownNow();
            queries.close();
            if (timeline != null) {
                timeline.close();
            }
            if (memory != null && (timeline == null || timeline.storeClosed())) {
                memory.close();
            }
            progressAdmin.close(Duration.ofSeconds(2));
            kafka.close();
            metrics.close();
            throw e;
        }
    }

    /**
     * The timeline's series: {@code gatehouse_processor_timeline_ready} (1 while timelines are answered)
     * and {@code gatehouse_processor_timeline_failures_total} (readings of the topic that failed). A failed
     * timeline does not make the processor unready: writes and revocations go on without it.
     */
    private static void observe(TimelineFollower timeline, MeterRegistry registry) {
        Gauge.builder("gatehouse.processor.timeline.ready", timeline, t -> t.ready() ? 1 : 0)
                .description("1 while this processor answers timelines: caught up with the timeline topic and reading it")
                .register(registry);
        FunctionCounter.builder("gatehouse.processor.timeline.failures", timeline, TimelineFollower::failures)
                .description("readings of the timeline topic that failed and were begun again")
                .register(registry);
    }

    /** Opens the timeline store and starts following the timeline topic into it. */
    private static TimelineFollower startTimeline(ProcessorConfig config, Topics topics, RocksDbMemory memory) {
        TimelineStore store = TimelineStore.open(timelineDir(config, topics), memory, topics.timelineRetention(),
                System::currentTimeMillis);
        try {
            Map<String, Object> props = KafkaProps.consumer(config.kafka(), config.applicationId() + "-timeline", null);
            // A timeline may be a moment behind: a fetch every 200 ms or 64 KiB, not one per record written.
            props.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 64 * 1024);
            props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 200);
            return TimelineFollower.start(new KafkaConsumer<>(props), topics.timeline(), store);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * Where the timeline store lives: beside Kafka Streams' directory of the application, not in it, so it
     * outlives a change of application id (a rebuild's), and named by its topic.
     */
    static Path timelineDir(ProcessorConfig config, Topics topics) {
        return config.stateDir().toAbsolutePath().resolve("timeline-store").resolve(topics.timeline());
    }

    /** Gatehouse's topics and this application's internal ones (its stores' changelogs). */
    static Predicate<String> ours(Topics topics, String applicationId) {
        Set<String> names = new HashSet<>();
        topics.specs().forEach(spec -> names.add(spec.name()));
        return name -> names.contains(name) || name.startsWith(applicationId + "-");
    }

    /** Looks for hanging transactions every {@link HangingTransactions#CHECK_EVERY}, whatever Streams' state. */
    private static void sweepHangingTransactions(ScheduledExecutorService sweeper, HangingTransactions hanging) {
        long every = HangingTransactions.CHECK_EVERY.toMillis();
        sweeper.scheduleWithFixedDelay(() -> {
            try {
                hanging.sweep();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.warn("could not look for hanging transactions: {}", e.toString());
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * The commands partitions this instance's stream threads own. While threads are being replaced
     * they own none for a moment: the last set known stands in, so progress is still judged on them.
     */
    private static Supplier<Set<TopicPartition>> ownedPartitions(KafkaStreams streams, String commandsTopic) {
        AtomicReference<Set<TopicPartition>> last = new AtomicReference<>(Set.of());
        return () -> {
            Set<TopicPartition> owned = new HashSet<>();
            streams.metadataForLocalThreads().forEach(thread -> thread.activeTasks().forEach(task ->
                    task.topicPartitions().stream().filter(p -> p.topic().equals(commandsTopic)).forEach(owned::add)));
            if (!owned.isEmpty()) {
                last.set(Set.copyOf(owned));
            }
            return last.get();
        };
    }

    static Properties properties(ProcessorConfig config, HostInfo self, RocksDbMemory memory) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toAbsolutePath().toString());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.streamThreads());
        // Results become visible to read_committed readers only at commit: this interval is on the
        // write path of every SCIM request (docs/architecture.md, "Latency").
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitIntervalMs());
        // The stream thread commits only between polls: an idle poll of the default 100 ms would hold
        // every answered write back that long, so the thread polls no longer than the processor spaces
        // the commits it asks for (CommandProcessor.COMMIT_SPACING_MS) or the interval, if shorter.
        p.put(StreamsConfig.POLL_MS_CONFIG, Math.max(1, Math.min(config.commitIntervalMs(), CommandProcessor.COMMIT_SPACING_MS)));
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.kafka().replicationFactor());
        p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        // With standbys another instance keeps a warm copy of each store, so a failed-over partition
        // is served after a short catch-up instead of a restore from its changelog.
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.standbyReplicas());
        // A partition moves at a rebalance only to an instance whose copy of its stores is this close; a
        // further one (a processor just added) warms a copy up and takes it at the next probing rebalance.
        p.put(StreamsConfig.ACCEPTABLE_RECOVERY_LAG_CONFIG, (long) config.acceptableRecoveryLag());
        // A crashed instance is noticed only when its session times out: until then nobody applies its
        // tenants' writes. Shorter moves them sooner but evicts an instance that pauses (GC, slow disk)
        // for longer, which costs a rebalance; heartbeats keep the usual third of the timeout.
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), config.sessionTimeoutMs());
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG),
                Math.max(1, Math.min(3_000, config.sessionTimeoutMs() / 3)));
        // Under exactly-once, output is visible only when the transaction commits, and the commit
        // flushes the producer anyway: lingering until then costs no latency and turns a commit's
        // records into a few batches instead of one produce request each.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), Math.max(5, config.commitIntervalMs()));
        p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 256 * 1024);
        // A transaction begun right after the last one may find its markers still being written; the
        // broker then answers "concurrent transactions" and the producer retries after this back-off
        // (Kafka's default is 100 ms, a tenfold wait for the writes of that commit).
        p.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), RETRY_BACKOFF_MS);
        // Every output fits the record budget (the processor checks before writing); the producer must
        // allow what the topics allow, or it would refuse records the budget admits.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), Topics.MAX_MESSAGE_BYTES);
        // A record Kafka refuses anyway (a topic limit lowered by hand) is dead-lettered, not retried forever.
        p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, RefusedOutputHandler.class);
        Topics topics = Topics.from(config.kafka());
        p.put(RefusedOutputHandler.DEAD_LETTERS_TOPIC, topics.commandDeadLetters());
        p.put(RefusedOutputHandler.OUTPUT_TOPICS, String.join(",", topics.results(), topics.users(), topics.groups(),
                topics.accessChanges(), topics.commands(), topics.commandDeadLetters(), topics.timeline()));
        // A task reads one partition of one topic (commands): it has no other input to wait for. Kafka's
        // idling is for tasks that read several (joins); left on, it had every loop look up each idle
        // task's lag and format log lines it never wrote, a few percent of the stream thread's CPU.
        p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        // Only transactional state stores (enable.transactional.statestores, left off) hold writes back until
        // a commit. Kafka's early commit for too many such bytes, on by default, had each loop of the stream
        // thread collect its running tasks and ask every store for a count that is always 0 here: about 3 %
        // of the thread's samples.
        p.put(StreamsConfig.STATESTORE_UNCOMMITTED_MAX_BYTES_CONFIG, -1L);
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbConfig.class);
        p.put(RocksDbMemory.CONFIG_KEY, memory);
        // Commands are read as bytes and parsed by the processor (an unreadable one is answered and
        // dead-lettered there); a record whose key is not UTF-8 text is all that can fail here: skipped.
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        return p;
    }

    /** Blocks until Kafka Streams is RUNNING; IllegalStateException on timeout or if it failed. */
    public StreamProcessorService awaitRunning(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        synchronized (stateChange) {
            while (streams.state() != KafkaStreams.State.RUNNING) {
                KafkaStreams.State state = streams.state();
                if (state == KafkaStreams.State.ERROR || !state.isRunningOrRebalancing()
                        && state != KafkaStreams.State.CREATED) {
                    throw new IllegalStateException("stream processor stopped: " + state);
                }
                long left = Duration.between(Instant.now(), deadline).toMillis();
                if (left <= 0) {
                    throw new IllegalStateException("stream processor not running after " + timeout + ": " + state);
                }
                try {
                    stateChange.wait(Math.min(left, 100));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the stream processor", e);
                }
            }
        }
        return this;
    }

    /** The Kafka Streams state, e.g. RUNNING. */
    public KafkaStreams.State state() {
        return streams.state();
    }

    /** The port the query server listens on. */
    public int queryPort() {
        return queries.port();
    }

    /** The meters this instance serves on {@code /metrics}, for a reader in the same JVM (the bench). */
    public MeterRegistry meters() {
        return metrics.registry();
    }

    private void stateChanged() {
        synchronized (stateChange) {
            stateChange.notifyAll();
        }
    }

    @Override
    public void close() {
        stop(CloseOptions.GroupMembershipOperation.LEAVE_GROUP);
    }

    /**
     * Stops like a crashed instance as far as the group can tell: the query endpoint goes away at once
     * and the consumer does not leave the group, so the others take over its partitions only when its
     * session times out ({@code GATEHOUSE_SESSION_TIMEOUT_MS}). For failover tests; what is committed
     * stays committed, as with a real crash under exactly-once.
     */
    public void closeWithoutLeavingGroup() {
        stop(CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP);
    }

    /** Stops once: a second call (a stop after a simulated crash) does nothing, as stores must be freed only once. */
    private void stop(CloseOptions.GroupMembershipOperation membership) {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        reads.remove(reader);
        sweeper.shutdownNow();
        queries.close();
        timeline.close();
        // Leaving the group on a clean stop hands the partitions over at once; otherwise a restarted or
        // surviving instance waits out the session timeout (45 s) before it owns them.
        boolean closed = streams.close(CloseOptions.groupMembershipOperation(membership)
                .withTimeout(Duration.ofSeconds(30)));
        if (closed) {
            LOG.info("Kafka Streams closed cleanly: committed and left the group");
        } else {
            LOG.warn("Kafka Streams did not close within 30 s; leaving RocksDB memory to the JVM");
        }
        // A store still open uses the shared cache: freeing it now could crash the JVM.
        if (closed && timeline.storeClosed()) {
            memory.close();
        } else if (closed) {
            LOG.warn("the timeline store did not close; leaving RocksDB memory to the JVM");
        }
        progressAdmin.close(Duration.ofSeconds(2));
        kafka.close();
        metrics.close();
    }
}
