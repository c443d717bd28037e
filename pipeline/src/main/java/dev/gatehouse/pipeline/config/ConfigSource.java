package dev.gatehouse.pipeline.config;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code GATEHOUSE_*} settings one process was given (environment variables, command-line flags
 * over them), checked for unknown keys; each service's config record reads its own keys from it.
 * Absent or blank keys take their default ({@link ConfigKeys}). The settings are immutable; the source
 * only notes which keys were looked up ({@link #keysRead}), so tests can hold each record to the readers
 * the catalogue names. {@link #toString} names the keys set, never a value.
 */
public final class ConfigSource {
    private final Map<String, String> given;
    private final Set<String> read = ConcurrentHashMap.newKeySet();

    private ConfigSource(Map<String, String> given) {
        this.given = Map.copyOf(given);
    }

    /** The process environment's {@code GATEHOUSE_*} keys. */
    public static ConfigSource environment() {
        return of(System.getenv());
    }

    /**
     * The {@code GATEHOUSE_*} keys of {@code settings} (others are ignored).
     *
     * @throws ConfigKeys.UnknownSettingException if one is unknown to Gatehouse
     */
    public static ConfigSource of(Map<String, String> settings) {
        ConfigKeys.requireKnown(settings);
        Map<String, String> given = new HashMap<>();
        settings.forEach((k, v) -> {
            if (k.startsWith(ConfigKeys.PREFIX) && v != null && !v.isBlank()) {
                given.put(k, v.trim());
            }
        });
        return new ConfigSource(given);
    }

    /** A copy with some keys overridden (command-line flags, tests); a blank value restores the default. */
    public ConfigSource with(Map<String, String> overrides) {
        Map<String, String> s = new HashMap<>(given);
        s.putAll(overrides);
        return of(s);
    }

    /** The keys set, without defaults. */
    public Map<String, String> given() {
        return given;
    }

    /** The keys looked up so far: what the records built from this source read. */
    public Set<String> keysRead() {
        return Set.copyOf(read);
    }

    /** The value of {@code key}, or its default. */
    public String string(String key) {
        String value = given.get(key);
        String fallback = ConfigKeys.defaultOf(key); // also fails on a key that is not in the catalogue
        read.add(key);
        return value != null ? value : fallback;
    }

    /** The value of {@code key}, or its default, if either is set. */
    public Optional<String> optional(String key) {
        String v = string(key);
        return v.isBlank() ? Optional.empty() : Optional.of(v);
    }

    /** A number above zero. */
    public int positive(String key) {
        int v = integer(key);
        if (v <= 0) {
            throw new IllegalArgumentException(key + " must be positive, was " + v);
        }
        return v;
    }

    /** A number of zero or more. */
    public int nonNegative(String key) {
        int v = integer(key);
        if (v < 0) {
            throw new IllegalArgumentException(key + " must not be negative, was " + v);
        }
        return v;
    }

    /** A number from {@code min} to {@code max}, both included. */
    public int between(String key, int min, int max) {
        int v = integer(key);
        if (v < min || v > max) {
            throw new IllegalArgumentException(key + " must be " + min + "-" + max + ", was " + v);
        }
        return v;
    }

    /** A TCP port, 0 (any free port) to 65535. */
    public int port(String key) {
        int v = integer(key);
        if (v < 0 || v > 65535) {
            throw new IllegalArgumentException(key + " must be a port (0-65535), was " + v);
        }
        return v;
    }

    /** One of {@code a} ({@code true}) or {@code b} ({@code false}), in any case. */
    public boolean choice(String key, String a, String b) {
        String v = string(key).toLowerCase(Locale.ROOT);
        if (v.equals(a)) {
            return true;
        }
        if (v.equals(b)) {
            return false;
        }
        throw new IllegalArgumentException(key + " must be " + a + " or " + b + ", was '" + string(key) + "'");
    }

    private int integer(String key) {
        try {
            return Integer.parseInt(string(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, was '" + string(key) + "'");
        }
    }

    @Override
    public String toString() {
        return "ConfigSource" + given.keySet();
    }
}
