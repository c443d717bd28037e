package dev.gatehouse.launcher;

import dev.gatehouse.api.IngestApiService;
import dev.gatehouse.processor.StreamProcessorService;
import dev.gatehouse.simulator.DoorSimulator;
import dev.gatehouse.sync.AccessSyncService;
import java.time.Duration;

/** Starts the services of one stack against a running broker, in dependency order. */
final class Stack {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private Stack() {
    }

    /** Starts simulator, processor, access-sync and API; each is registered with {@code running}. */
    static IngestApiService start(StackConfig config, Running running) {
        running.add(DoorSimulator.start(config.launcher().simulatorPort(), config.launcher().webhookSecret()));
        StreamProcessorService processor = running.add(StreamProcessorService.start(config.processor()));
        processor.awaitRunning(START_TIMEOUT);
        running.add(AccessSyncService.start(config.sync()));
        return running.add(IngestApiService.start(config.api()));
    }
}
