package dev.gatehouse.launcher;

import dev.gatehouse.pipeline.config.ConfigKeys;
import dev.gatehouse.pipeline.config.ConfigSource;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Command-line flags shared by the subcommands, applied over the environment's settings. */
final class Settings {
    private Settings() {
    }

    /** The environment's settings with the flags given over them; fails on an unknown {@code GATEHOUSE_*} key. */
    static ConfigSource load(Path dataDir, Integer httpPort) {
        return load(System.getenv(), dataDir, httpPort);
    }

    static ConfigSource load(Map<String, String> environment, Path dataDir, Integer httpPort) {
        Map<String, String> flags = new HashMap<>();
        if (dataDir != null) {
            flags.put(ConfigKeys.DATA_DIR, dataDir.toString());
        }
        if (httpPort != null) {
            flags.put(ConfigKeys.HTTP_PORT, httpPort.toString());
        }
        return ConfigSource.of(environment).with(flags);
    }
}
