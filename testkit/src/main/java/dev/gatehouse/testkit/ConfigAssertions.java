package dev.gatehouse.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.pipeline.config.ConfigKeys;
import dev.gatehouse.pipeline.config.ConfigSource;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The checks every service's config record owes: it reads exactly the keys docs/operations.md (through
 * {@link ConfigKeys}) says it reads, a bad value stops it with a message naming what is wrong, and its
 * {@code toString} never shows a secret.
 */
public final class ConfigAssertions {
    private ConfigAssertions() {
    }

    /** Reading a config with {@code read} touches exactly the keys {@link ConfigKeys#readBy} names for {@code reader}. */
    public static void assertReadsTheKeysOf(String reader, Consumer<ConfigSource> read) {
        ConfigSource source = ConfigSource.of(Map.of());
        read.accept(source);
        assertThat(source.keysRead()).containsExactlyInAnyOrderElementsOf(ConfigKeys.readBy(reader));
    }

    /** Loading {@code key=value} with {@code load} fails with a message containing {@code message}. */
    public static void assertRejects(Function<Map<String, String>, ?> load, String key, String value, String message) {
        assertThatThrownBy(() -> load.apply(Map.of(key, value))).hasMessageContaining(message);
    }

    /** A config loaded with {@code key=secret} prints {@code <set>} in its place, never the secret. */
    public static void assertHidesSecret(Function<Map<String, String>, ?> load, String key, String secret) {
        assertThat(load.apply(Map.of(key, secret)).toString()).doesNotContain(secret).contains("<set>");
    }
}
