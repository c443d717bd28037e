package dev.gatehouse.launcher;

import dev.gatehouse.api.config.ApiConfig;
import dev.gatehouse.pipeline.config.ConfigSource;
import dev.gatehouse.processor.ProcessorConfig;
import dev.gatehouse.sync.SyncConfig;

/**
 * The settings of a whole stack in one JVM ({@code up}, the bench): each service's record, all read
 * from one source and validated before anything starts.
 */
record StackConfig(LauncherConfig launcher, ApiConfig api, ProcessorConfig processor, SyncConfig sync) {

    static StackConfig from(ConfigSource source) {
        return new StackConfig(LauncherConfig.from(source), ApiConfig.from(source), ProcessorConfig.from(source),
                SyncConfig.from(source));
    }
}
