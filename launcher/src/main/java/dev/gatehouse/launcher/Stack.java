package dev.gatehouse.launcher;

import dev.gatehouse.api.IngestApiService;
import dev.gatehouse.api.config.ApiConfig;
import dev.gatehouse.pipeline.LocalAnswers;
import dev.gatehouse.pipeline.query.LocalReads;
import dev.gatehouse.processor.ProcessorConfig;
import dev.gatehouse.processor.StreamProcessorService;
import dev.gatehouse.simulator.DoorSimulator;
import dev.gatehouse.sync.AccessSyncService;
import dev.gatehouse.sync.SyncConfig;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * How the services of a stack start against a running broker, each registered with {@link Running} as
 * soon as it exists (so a failure later in start-up still closes it): {@code up}, the single-service
 * commands, the bench and the tests all start them here.
 */
final class Stack {
    /** A processor restoring large stores from their changelogs may take minutes before it runs. */
    private static final Duration PROCESSOR_START = Duration.ofMinutes(5);

    private Stack() {
    }

    /** A service of a stack, as a {@link Watch} sees it start. */
    enum Service { SIMULATOR, PROCESSOR, SYNC, API }

    /** Sees each service of a stack start: the bench learns so which threads each service starts. */
    interface Watch {
        /** Sees nothing: only starts. */
        Watch NONE = new Watch() {
            @Override
            public <T> T start(Service service, Supplier<T> start) {
                return start.get();
            }
        };

        /** Runs {@code start}, which starts {@code service}, and returns what it returned. */
        <T> T start(Service service, Supplier<T> start);
    }

    /**
     * A whole stack in one JVM, as {@link #startWatched} started it: its API, its processor, and what
     * they share in memory.
     */
    record InJvm(IngestApiService api, StreamProcessorService processor, SameJvm shared) {
        /**
         * Another processor in this JVM (sharing the first's application id, or not), answering the API
         * in memory as the first does.
         */
        StreamProcessorService addProcessor(ProcessorConfig config, Running running) {
            return Stack.processor(config, shared, running);
        }
    }

    /**
     * What an API and the processors of one JVM share: the processors answer the API's writes in memory
     * at each commit ({@link LocalAnswers}) and its reads from their stores ({@link LocalReads}).
     */
    record SameJvm(LocalAnswers answers, LocalReads reads) {
        static final SameJvm NONE = new SameJvm(LocalAnswers.NONE, LocalReads.NONE);

        static SameJvm create() {
            return new SameJvm(new LocalAnswers(), new LocalReads());
        }
    }

    /**
     * Simulator, processor, access-sync and API, in dependency order; returns the API. The processor
     * answers the API in memory at each commit ({@link LocalAnswers}), not through the results topic, and
     * its reads from its stores ({@link LocalReads}), not through its query API.
     */
    static IngestApiService start(StackConfig config, Running running) {
        return startWatched(config, running, Watch.NONE).api();
    }

    /** As {@link #start}, with {@code watch} seeing each service start; returns the stack's parts. */
    static InJvm startWatched(StackConfig config, Running running, Watch watch) {
        SameJvm shared = SameJvm.create();
        watch.start(Service.SIMULATOR, () -> simulator(config.launcher(), running));
        StreamProcessorService processor = watch.start(Service.PROCESSOR, () -> processor(config.processor(), shared, running));
        watch.start(Service.SYNC, () -> sync(config.sync(), running));
        IngestApiService api = watch.start(Service.API, () -> api(config.api(), shared, running));
        return new InJvm(api, processor, shared);
    }

    /** The processor and the API: a stack that delivers to no door system; returns the API. */
    static IngestApiService startWithoutDoors(StackConfig config, Running running) {
        SameJvm shared = SameJvm.create();
        processor(config.processor(), shared, running);
        return api(config.api(), shared, running);
    }

    /** The door simulator, on the launcher's simulator port. */
    static DoorSimulator simulator(LauncherConfig config, Running running) {
        return running.add(DoorSimulator.start(config.simulatorPort(), config.webhookSecret()));
    }

    /** The stream processor, once its streams run: the API forwards reads to it from its first request. */
    static StreamProcessorService processor(ProcessorConfig config, Running running) {
        return processor(config, SameJvm.NONE, running);
    }

    private static StreamProcessorService processor(ProcessorConfig config, SameJvm shared, Running running) {
        return running.add(StreamProcessorService.start(config, shared.answers(), shared.reads())).awaitRunning(PROCESSOR_START);
    }

    /** access-sync. */
    static AccessSyncService sync(SyncConfig config, Running running) {
        return running.add(AccessSyncService.start(config));
    }

    /** The SCIM and admin API. */
    static IngestApiService api(ApiConfig config, Running running) {
        return api(config, SameJvm.NONE, running);
    }

    private static IngestApiService api(ApiConfig config, SameJvm shared, Running running) {
        return running.add(IngestApiService.start(config, shared.answers(), shared.reads()));
    }
}
