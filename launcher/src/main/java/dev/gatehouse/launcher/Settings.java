package dev.gatehouse.launcher;

import dev.gatehouse.pipeline.GatehouseConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Command-line flags shared by the subcommands, applied over the environment's settings. */
final class Settings {
    private Settings() {
    }

    static GatehouseConfig load(Path dataDir, Integer httpPort) {
        Map<String, String> flags = new HashMap<>();
        if (dataDir != null) {
            flags.put(GatehouseConfig.DATA_DIR, dataDir.toString());
        }
        if (httpPort != null) {
            flags.put(GatehouseConfig.HTTP_PORT, httpPort.toString());
        }
        return GatehouseConfig.fromEnvironment().with(flags);
    }
}
