package dev.gatehouse.pipeline.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every {@code GATEHOUSE_*} key any part of Gatehouse reads: the services' config records, the
 * launcher, the {@code ./gatehouse} script and the scripts. Each key has its default and the readers
 * the configuration table of docs/operations.md names. A {@code GATEHOUSE_*} key not listed here stops
 * start-up ({@link #requireKnown}): a misspelled key is never silently ignored.
 */
public final class ConfigKeys {
    /** The prefix every setting's name starts with. */
    public static final String PREFIX = "GATEHOUSE_";

    // The readers, as docs/operations.md names them.
    /** The ingest API ({@code gatehouse api}, and within {@code up}). */
    public static final String API = "api";
    /** The stream processor ({@code gatehouse processor}, and within {@code up}). */
    public static final String PROCESSOR = "processor";
    /** access-sync ({@code gatehouse access-sync}, and within {@code up}). */
    public static final String SYNC = "access-sync";
    /** The launcher's own record: {@code up}'s embedded broker and generated keys, {@code broker}, {@code simulator}. */
    public static final String LAUNCHER = "launcher";
    /** The command line itself: logging, the admin commands, {@code load}. */
    public static final String CLI = "cli";
    /** The {@code ./gatehouse} shell script. */
    public static final String SCRIPT = "./gatehouse";
    /** {@code scripts/conformance}. */
    public static final String CONFORMANCE = "scripts/conformance";

    public static final String BOOTSTRAP_SERVERS = "GATEHOUSE_BOOTSTRAP_SERVERS";
    public static final String DATA_DIR = "GATEHOUSE_DATA_DIR";
    public static final String TOPIC_PREFIX = "GATEHOUSE_TOPIC_PREFIX";
    public static final String PARTITIONS = "GATEHOUSE_PARTITIONS";
    public static final String REPLICATION_FACTOR = "GATEHOUSE_REPLICATION_FACTOR";
    /** Days the timeline topic (and the processor's timeline store) keeps a person's events (1 to 3650). */
    public static final String TIMELINE_RETENTION_DAYS = "GATEHOUSE_TIMELINE_RETENTION_DAYS";
    public static final String HTTP_HOST = "GATEHOUSE_HTTP_HOST";
    public static final String HTTP_PORT = "GATEHOUSE_HTTP_PORT";
    public static final String PUBLIC_URL = "GATEHOUSE_PUBLIC_URL";
    public static final String ADMIN_KEY = "GATEHOUSE_ADMIN_KEY";
    /** Base64 of 32 bytes: the AES-256-GCM key of secrets Gatehouse keeps to use again (OIDC client secrets). */
    public static final String ENCRYPTION_KEY = "GATEHOUSE_ENCRYPTION_KEY";
    public static final String COMMAND_TIMEOUT_MS = "GATEHOUSE_COMMAND_TIMEOUT_MS";
    public static final String INSTANCE_ID = "GATEHOUSE_INSTANCE_ID";
    public static final String PROCESSOR_HOST = "GATEHOUSE_PROCESSOR_HOST";
    public static final String PROCESSOR_PORT = "GATEHOUSE_PROCESSOR_PORT";
    public static final String PROCESSOR_URL = "GATEHOUSE_PROCESSOR_URL";
    public static final String APPLICATION_ID = "GATEHOUSE_APPLICATION_ID";
    public static final String COMMIT_INTERVAL_MS = "GATEHOUSE_COMMIT_INTERVAL_MS";
    public static final String STREAM_THREADS = "GATEHOUSE_STREAM_THREADS";
    public static final String STANDBY_REPLICAS = "GATEHOUSE_STANDBY_REPLICAS";
    /** Records a processor's copy of a partition's stores may lag and still take the partition over at once. */
    public static final String ACCEPTABLE_RECOVERY_LAG = "GATEHOUSE_ACCEPTABLE_RECOVERY_LAG";
    public static final String SESSION_TIMEOUT_MS = "GATEHOUSE_SESSION_TIMEOUT_MS";
    public static final String WEBHOOK_URL = "GATEHOUSE_WEBHOOK_URL";
    public static final String WEBHOOK_SECRET = "GATEHOUSE_WEBHOOK_SECRET";
    public static final String SIMULATOR_PORT = "GATEHOUSE_SIMULATOR_PORT";
    public static final String CONNECTORS_FILE = "GATEHOUSE_CONNECTORS_FILE";
    public static final String KAFKA_PORT = "GATEHOUSE_KAFKA_PORT";
    public static final String KAFKA_CONTROLLER_PORT = "GATEHOUSE_KAFKA_CONTROLLER_PORT";
    public static final String SYNC_HTTP_PORT = "GATEHOUSE_SYNC_HTTP_PORT";
    public static final String SCIM_RATE_LIMIT = "GATEHOUSE_SCIM_RATE_LIMIT";
    /** Lifetime in seconds of the OAuth access tokens the token endpoint issues (3600 to 21600). */
    public static final String ACCESS_TOKEN_LIFETIME = "GATEHOUSE_ACCESS_TOKEN_LIFETIME";
    public static final String TOPIC_DRIFT = "GATEHOUSE_TOPIC_DRIFT";
    /** Pairs of resource and door system whose door status one API instance keeps in memory. */
    public static final String DOOR_STATUS_LIMIT = "GATEHOUSE_DOOR_STATUS_LIMIT";
    /** Read by the launcher before anything logs ({@code json} or {@code text}). */
    public static final String LOG_FORMAT = "GATEHOUSE_LOG_FORMAT";
    /** Level of Gatehouse's own loggers (the launcher's logging set-up reads it). */
    public static final String LOG_LEVEL = "GATEHOUSE_LOG_LEVEL";
    /** The admin commands' default {@code --url}. */
    public static final String URL = "GATEHOUSE_URL";
    /** {@code gatehouse load}'s SCIM token when {@code --token} is not given. */
    public static final String LOAD_TOKEN = "GATEHOUSE_LOAD_TOKEN";
    /** JVM options of the {@code ./gatehouse} script. */
    public static final String JAVA_OPTS = "GATEHOUSE_JAVA_OPTS";
    /** Where {@code scripts/conformance} keeps newman. */
    public static final String NEWMAN_DIR = "GATEHOUSE_NEWMAN_DIR";

    /**
     * One key: its default as the code applies it ({@code ""}: none, or derived), how docs/operations.md shows
     * that default, and who reads it.
     */
    public record Key(String name, String defaultValue, String documentedDefault, List<String> readers) {
    }

    private static final List<Key> ALL = List.of(
            key(BOOTSTRAP_SERVERS, "127.0.0.1:9092", API, PROCESSOR, SYNC, CLI),
            key(DATA_DIR, "data", PROCESSOR, SYNC, LAUNCHER),
            key(TOPIC_PREFIX, "gatehouse.", API, PROCESSOR, SYNC, CLI),
            key(PARTITIONS, "6", API, PROCESSOR, SYNC, CLI),
            key(REPLICATION_FACTOR, "1", API, PROCESSOR, SYNC, CLI),
            // What an administrator can look back on in a person's timeline; the topic and the store alike.
            key(TIMELINE_RETENTION_DAYS, "30", API, PROCESSOR, SYNC, CLI),
            key(HTTP_HOST, "0.0.0.0", API, SYNC),
            key(HTTP_PORT, "8080", API),
            derived(PUBLIC_URL, "from the request", API),
            derived(ADMIN_KEY, "generated by `up`", API, LAUNCHER, CLI),
            derived(ENCRYPTION_KEY, "generated by `up`", API, LAUNCHER),
            key(COMMAND_TIMEOUT_MS, "10000", API, PROCESSOR),
            derived(INSTANCE_ID, "random", API),
            key(PROCESSOR_HOST, "127.0.0.1", API, PROCESSOR),
            key(PROCESSOR_PORT, "8081", API, PROCESSOR),
            derived(PROCESSOR_URL, "`http://<processor host>:<processor port>`", API),
            key(APPLICATION_ID, "gatehouse-processor", PROCESSOR),
            key(COMMIT_INTERVAL_MS, "100", PROCESSOR),
            // Two: an organization whose commands are in a partition of the other thread never waits behind
            // another's heavy step (the bench's noisy-neighbour phase: p99 of a revocation 80-85 ms with two,
            // 147-246 ms with one, under a flood of 1,000-member PATCHes on two cores).
            key(STREAM_THREADS, "2", PROCESSOR),
            // Warm copies of other instances' stores: a failed-over partition is served without a restore.
            key(STANDBY_REPLICAS, "0", PROCESSOR),
            // Kafka's own default: a processor further behind (a new one) warms a copy up first and takes the
            // partition over at the next probing rebalance, so its organizations never wait for a restore.
            key(ACCEPTABLE_RECOVERY_LAG, "10000", PROCESSOR),
            // How long the group waits for a silent processor before moving its partitions: the gap in a
            // crashed instance's tenants' writes. Kafka's own default; the broker accepts 6000 to 300000.
            key(SESSION_TIMEOUT_MS, "45000", PROCESSOR),
            derived(WEBHOOK_URL, "`http://127.0.0.1:<simulator port>/webhook`", SYNC),
            derived(WEBHOOK_SECRET, "generated by `up`", SYNC, LAUNCHER),
            key(SIMULATOR_PORT, "8090", SYNC, LAUNCHER),
            derived(CONNECTORS_FILE, "`<data dir>/connectors.json` if present", SYNC),
            key(KAFKA_PORT, "9092", LAUNCHER),
            key(KAFKA_CONTROLLER_PORT, "9093", LAUNCHER),
            // access-sync's metrics and health endpoint (it serves nothing else over HTTP).
            key(SYNC_HTTP_PORT, "8082", SYNC),
            // SCIM requests per second per organization; Entra sends at most 25.
            key(SCIM_RATE_LIMIT, "200", API),
            // Seconds an OAuth access token lives: Entra's gallery asks for 60 minutes to 6 hours.
            key(ACCESS_TOKEN_LIFETIME, "3600", API),
            // 65 to 130 bytes a pair: 1,000,000 is 100,000 people at ten door systems, or a million at one,
            // in at most 103 MB of an API instance's heap.
            key(DOOR_STATUS_LIMIT, "1000000", API),
            // apply: a topic config changed by hand is set back to the catalogue's at start-up; report: only logged.
            key(TOPIC_DRIFT, "apply", API, PROCESSOR, SYNC),
            derived(LOG_FORMAT, "`text` on a terminal, else `json`", CLI),
            key(LOG_LEVEL, "info", CLI),
            key(URL, "http://localhost:8080", CLI),
            derived(LOAD_TOKEN, "none", CLI),
            // Sized from the whole stack's live set at 100,000 users (docs/operations.md, "Memory").
            key(JAVA_OPTS, "-Xms64m -Xmx512m -XX:+UseParallelGC -XX:MaxHeapFreeRatio=40", SCRIPT),
            key(NEWMAN_DIR, "$HOME/.cache/gatehouse/newman", CONFORMANCE));

    private static final Map<String, Key> BY_NAME = ALL.stream()
            .collect(Collectors.toMap(Key::name, k -> k, (a, b) -> a, LinkedHashMap::new));

    private ConfigKeys() {
    }

    private static Key key(String name, String defaultValue, String... readers) {
        return new Key(name, defaultValue, "`" + defaultValue + "`", List.of(readers));
    }

    private static Key derived(String name, String documentedDefault, String... readers) {
        return new Key(name, "", documentedDefault, List.of(readers));
    }

    /** Every key, in the order of docs/operations.md. */
    public static List<Key> all() {
        return ALL;
    }

    /** The key called {@code name}. */
    public static Optional<Key> find(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** The names of every key. */
    public static Set<String> names() {
        return BY_NAME.keySet();
    }

    /** The default the code applies for {@code name} ({@code ""}: none, or derived from other keys). */
    public static String defaultOf(String name) {
        Key key = BY_NAME.get(name);
        if (key == null) {
            throw new IllegalArgumentException("no setting " + name);
        }
        return key.defaultValue();
    }

    /** The keys {@code reader} reads. */
    public static Set<String> readBy(String reader) {
        return ALL.stream().filter(k -> k.readers().contains(reader)).map(Key::name)
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    }

    /**
     * Fails on any {@code GATEHOUSE_*} key of {@code settings} that no part of Gatehouse reads, naming
     * the closest known key. A key of another service is known: one environment often serves several
     * (docker-compose's shared block, {@code gatehouse up}).
     */
    public static void requireKnown(Map<String, String> settings) {
        List<String> problems = new ArrayList<>();
        settings.keySet().stream()
                .filter(k -> k.startsWith(PREFIX) && !BY_NAME.containsKey(k))
                .sorted()
                .forEach(k -> problems.add("Unknown setting " + k
                        + closest(k).map(c -> "; did you mean " + c + "?").orElse("")));
        if (!problems.isEmpty()) {
            throw new UnknownSettingException(String.join("\n", problems));
        }
    }

    /** The known key nearest {@code name} by edit distance, if any is near enough to be a misspelling. */
    public static Optional<String> closest(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        String suffix = upper.startsWith(PREFIX) ? upper.substring(PREFIX.length()) : upper;
        return BY_NAME.keySet().stream()
                .map(k -> Map.entry(k, distance(suffix, k.substring(PREFIX.length()))))
                .filter(e -> e.getValue() <= Math.max(1, Math.min(3, (e.getKey().length() - PREFIX.length()) / 4)))
                .min(Comparator.comparingInt(Map.Entry<String, Integer>::getValue))
                .map(Map.Entry::getKey);
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** A {@code GATEHOUSE_*} key no part of Gatehouse reads. */
    public static final class UnknownSettingException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        UnknownSettingException(String message) {
            super(message);
        }
    }
}
