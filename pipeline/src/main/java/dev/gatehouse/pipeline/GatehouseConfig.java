package dev.gatehouse.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Every setting of every service, read once from environment variables (or any map of the same keys)
 * and validated. Immutable; {@code main} builds one and passes it down.
 *
 * <p>The keys and their defaults are listed in {@link #DEFAULTS}; README.md documents them.
 */
public record GatehouseConfig(
        String bootstrapServers,
        Path dataDir,
        String topicPrefix,
        int partitions,
        short replicationFactor,
        String httpHost,
        int httpPort,
        Optional<String> publicUrl,
        Optional<String> adminKey,
        Duration commandTimeout,
        String instanceId,
        String processorHost,
        int processorPort,
        String processorUrl,
        String applicationId,
        int commitIntervalMs,
        int streamThreads,
        int standbyReplicas,
        int sessionTimeoutMs,
        String webhookUrl,
        Optional<String> webhookSecret,
        int simulatorPort,
        int kafkaPort,
        int kafkaControllerPort,
        int scimRateLimit,
        int syncHttpPort,
        boolean applyTopicDrift) {

    public static final String BOOTSTRAP_SERVERS = "GATEHOUSE_BOOTSTRAP_SERVERS";
    public static final String DATA_DIR = "GATEHOUSE_DATA_DIR";
    public static final String TOPIC_PREFIX = "GATEHOUSE_TOPIC_PREFIX";
    public static final String PARTITIONS = "GATEHOUSE_PARTITIONS";
    public static final String REPLICATION_FACTOR = "GATEHOUSE_REPLICATION_FACTOR";
    public static final String HTTP_HOST = "GATEHOUSE_HTTP_HOST";
    public static final String HTTP_PORT = "GATEHOUSE_HTTP_PORT";
    public static final String PUBLIC_URL = "GATEHOUSE_PUBLIC_URL";
    public static final String ADMIN_KEY = "GATEHOUSE_ADMIN_KEY";
    public static final String COMMAND_TIMEOUT_MS = "GATEHOUSE_COMMAND_TIMEOUT_MS";
    public static final String INSTANCE_ID = "GATEHOUSE_INSTANCE_ID";
    public static final String PROCESSOR_HOST = "GATEHOUSE_PROCESSOR_HOST";
    public static final String PROCESSOR_PORT = "GATEHOUSE_PROCESSOR_PORT";
    public static final String PROCESSOR_URL = "GATEHOUSE_PROCESSOR_URL";
    public static final String APPLICATION_ID = "GATEHOUSE_APPLICATION_ID";
    public static final String COMMIT_INTERVAL_MS = "GATEHOUSE_COMMIT_INTERVAL_MS";
    public static final String STREAM_THREADS = "GATEHOUSE_STREAM_THREADS";
    public static final String STANDBY_REPLICAS = "GATEHOUSE_STANDBY_REPLICAS";
    public static final String SESSION_TIMEOUT_MS = "GATEHOUSE_SESSION_TIMEOUT_MS";
    public static final String WEBHOOK_URL = "GATEHOUSE_WEBHOOK_URL";
    public static final String WEBHOOK_SECRET = "GATEHOUSE_WEBHOOK_SECRET";
    public static final String SIMULATOR_PORT = "GATEHOUSE_SIMULATOR_PORT";
    public static final String KAFKA_PORT = "GATEHOUSE_KAFKA_PORT";
    public static final String KAFKA_CONTROLLER_PORT = "GATEHOUSE_KAFKA_CONTROLLER_PORT";
    public static final String SCIM_RATE_LIMIT = "GATEHOUSE_SCIM_RATE_LIMIT";
    public static final String SYNC_HTTP_PORT = "GATEHOUSE_SYNC_HTTP_PORT";
    public static final String TOPIC_DRIFT = "GATEHOUSE_TOPIC_DRIFT";
    /** Read by the launcher before anything logs ({@code json} or {@code text}); not part of the record. */
    public static final String LOG_FORMAT = "GATEHOUSE_LOG_FORMAT";
    /** Level of Gatehouse's own loggers (the launcher's logging set-up reads it); not part of the record. */
    public static final String LOG_LEVEL = "GATEHOUSE_LOG_LEVEL";

    /** Every key with its default ("" where there is none). */
    public static final Map<String, String> DEFAULTS = defaults();

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put(BOOTSTRAP_SERVERS, "127.0.0.1:9092");
        d.put(DATA_DIR, "data");
        d.put(TOPIC_PREFIX, "gatehouse.");
        d.put(PARTITIONS, "6");
        d.put(REPLICATION_FACTOR, "1");
        d.put(HTTP_HOST, "0.0.0.0");
        d.put(HTTP_PORT, "8080");
        d.put(PUBLIC_URL, "");
        d.put(ADMIN_KEY, "");
        d.put(COMMAND_TIMEOUT_MS, "10000");
        d.put(INSTANCE_ID, "");
        d.put(PROCESSOR_HOST, "127.0.0.1");
        d.put(PROCESSOR_PORT, "8081");
        d.put(PROCESSOR_URL, ""); // derived: http://<processor host>:<processor port>
        d.put(APPLICATION_ID, "gatehouse-processor");
        d.put(COMMIT_INTERVAL_MS, "20");
        // Two: an organization whose commands are in a partition of the other thread never waits behind
        // another's heavy step (the bench's noisy-neighbour phase: p99 of a revocation 80-85 ms with two,
        // 147-246 ms with one, under a flood of 1,000-member PATCHes on two cores).
        d.put(STREAM_THREADS, "2");
        // Warm copies of other instances' stores: a failed-over partition is served without a restore.
        d.put(STANDBY_REPLICAS, "0");
        // How long the group waits for a silent processor before moving its partitions: the gap in a
        // crashed instance's tenants' writes. Kafka's own default; the broker accepts 6000 to 300000.
        d.put(SESSION_TIMEOUT_MS, "45000");
        d.put(WEBHOOK_URL, ""); // derived: the local simulator, http://127.0.0.1:<simulator port>/webhook
        d.put(WEBHOOK_SECRET, "");
        d.put(SIMULATOR_PORT, "8090");
        d.put(KAFKA_PORT, "9092");
        d.put(KAFKA_CONTROLLER_PORT, "9093");
        // SCIM requests per second per organization; Entra sends at most 25.
        d.put(SCIM_RATE_LIMIT, "200");
        // access-sync's metrics and health endpoint (it serves nothing else over HTTP).
        d.put(SYNC_HTTP_PORT, "8082");
        // apply: a topic config changed by hand is set back to the catalogue's at start-up; report: only logged.
        d.put(TOPIC_DRIFT, "apply");
        d.put(LOG_FORMAT, ""); // derived: text on a terminal, json otherwise
        d.put(LOG_LEVEL, "info");
        return Map.copyOf(d);
    }

    /** The recognised keys. */
    public static Set<String> keys() {
        return DEFAULTS.keySet();
    }

    /** Reads the process environment. */
    public static GatehouseConfig fromEnvironment() {
        return load(System.getenv());
    }

    /** Reads the given settings; absent or blank keys take their default. */
    public static GatehouseConfig load(Map<String, String> settings) {
        Map<String, String> s = new HashMap<>(DEFAULTS);
        settings.forEach((k, v) -> {
            if (DEFAULTS.containsKey(k) && v != null && !v.isBlank()) {
                s.put(k, v.trim());
            }
        });
        String instanceId = s.get(INSTANCE_ID).isEmpty()
                ? "api-" + UUID.randomUUID().toString().substring(0, 8) : s.get(INSTANCE_ID);
        if (optional(s, PROCESSOR_URL).isPresent() && s.get(PROCESSOR_URL).replace(",", "").isBlank()) {
            throw new IllegalArgumentException(PROCESSOR_URL + " must name at least one URL, was '" + s.get(PROCESSOR_URL) + "'");
        }
        return new GatehouseConfig(
                s.get(BOOTSTRAP_SERVERS),
                Path.of(s.get(DATA_DIR)),
                s.get(TOPIC_PREFIX),
                positive(s, PARTITIONS),
                (short) positive(s, REPLICATION_FACTOR),
                s.get(HTTP_HOST),
                port(s, HTTP_PORT),
                optional(s, PUBLIC_URL).map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u),
                optional(s, ADMIN_KEY),
                Duration.ofMillis(positive(s, COMMAND_TIMEOUT_MS)),
                instanceId,
                s.get(PROCESSOR_HOST),
                port(s, PROCESSOR_PORT),
                optional(s, PROCESSOR_URL).orElse("http://" + s.get(PROCESSOR_HOST) + ":" + s.get(PROCESSOR_PORT)),
                s.get(APPLICATION_ID),
                positive(s, COMMIT_INTERVAL_MS),
                positive(s, STREAM_THREADS),
                nonNegative(s, STANDBY_REPLICAS),
                positive(s, SESSION_TIMEOUT_MS),
                optional(s, WEBHOOK_URL).orElse("http://127.0.0.1:" + s.get(SIMULATOR_PORT) + "/webhook"),
                optional(s, WEBHOOK_SECRET),
                port(s, SIMULATOR_PORT),
                port(s, KAFKA_PORT),
                port(s, KAFKA_CONTROLLER_PORT),
                positive(s, SCIM_RATE_LIMIT),
                port(s, SYNC_HTTP_PORT),
                driftMode(s));
    }

    /** A copy with some keys overridden (command-line flags, tests). */
    public GatehouseConfig with(Map<String, String> overrides) {
        Map<String, String> s = new HashMap<>(toSettings());
        s.putAll(overrides);
        return load(s);
    }

    /** This config as settings, the inverse of {@link #load}. */
    public Map<String, String> toSettings() {
        Map<String, String> s = new HashMap<>();
        s.put(BOOTSTRAP_SERVERS, bootstrapServers);
        s.put(DATA_DIR, dataDir.toString());
        s.put(TOPIC_PREFIX, topicPrefix);
        s.put(PARTITIONS, Integer.toString(partitions));
        s.put(REPLICATION_FACTOR, Short.toString(replicationFactor));
        s.put(HTTP_HOST, httpHost);
        s.put(HTTP_PORT, Integer.toString(httpPort));
        publicUrl.ifPresent(v -> s.put(PUBLIC_URL, v));
        adminKey.ifPresent(v -> s.put(ADMIN_KEY, v));
        s.put(COMMAND_TIMEOUT_MS, Long.toString(commandTimeout.toMillis()));
        s.put(INSTANCE_ID, instanceId);
        s.put(PROCESSOR_HOST, processorHost);
        s.put(PROCESSOR_PORT, Integer.toString(processorPort));
        s.put(PROCESSOR_URL, processorUrl);
        s.put(APPLICATION_ID, applicationId);
        s.put(COMMIT_INTERVAL_MS, Integer.toString(commitIntervalMs));
        s.put(STREAM_THREADS, Integer.toString(streamThreads));
        s.put(STANDBY_REPLICAS, Integer.toString(standbyReplicas));
        s.put(SESSION_TIMEOUT_MS, Integer.toString(sessionTimeoutMs));
        s.put(WEBHOOK_URL, webhookUrl);
        webhookSecret.ifPresent(v -> s.put(WEBHOOK_SECRET, v));
        s.put(SIMULATOR_PORT, Integer.toString(simulatorPort));
        s.put(KAFKA_PORT, Integer.toString(kafkaPort));
        s.put(KAFKA_CONTROLLER_PORT, Integer.toString(kafkaControllerPort));
        s.put(SCIM_RATE_LIMIT, Integer.toString(scimRateLimit));
        s.put(SYNC_HTTP_PORT, Integer.toString(syncHttpPort));
        s.put(TOPIC_DRIFT, applyTopicDrift ? "apply" : "report");
        return s;
    }

    /**
     * The processor query endpoints an API instance reads from: {@code GATEHOUSE_PROCESSOR_URL} is one
     * URL or a comma-separated list of them (several processors), in the order the API prefers them.
     */
    public List<String> processorUrls() {
        List<String> urls = new ArrayList<>();
        for (String part : processorUrl.split(",")) {
            String url = part.trim();
            if (!url.isEmpty()) {
                urls.add(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
            }
        }
        return List.copyOf(urls);
    }

    /** Where Kafka Streams keeps its RocksDB stores. */
    public Path stateDir() {
        return dataDir.resolve("streams");
    }

    /** Where the embedded broker keeps its log. */
    public Path kafkaLogDir() {
        return dataDir.resolve("kafka");
    }

    @Override
    public String toString() {
        // Never print secrets: the admin key and webhook secret are shown only as set / unset.
        return "GatehouseConfig[bootstrapServers=" + bootstrapServers + ", dataDir=" + dataDir
                + ", httpPort=" + httpPort + ", processorUrl=" + processorUrl
                + ", adminKey=" + (adminKey.isPresent() ? "<set>" : "<unset>")
                + ", webhookSecret=" + (webhookSecret.isPresent() ? "<set>" : "<unset>") + "]";
    }

    private static Optional<String> optional(Map<String, String> s, String key) {
        String v = s.get(key);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
    }

    private static boolean driftMode(Map<String, String> s) {
        return switch (s.get(TOPIC_DRIFT).toLowerCase(java.util.Locale.ROOT)) {
            case "apply" -> true;
            case "report" -> false;
            default -> throw new IllegalArgumentException(TOPIC_DRIFT + " must be apply or report, was '"
                    + s.get(TOPIC_DRIFT) + "'");
        };
    }

    private static int positive(Map<String, String> s, String key) {
        int v = integer(s, key);
        if (v <= 0) {
            throw new IllegalArgumentException(key + " must be positive, was " + v);
        }
        return v;
    }

    private static int nonNegative(Map<String, String> s, String key) {
        int v = integer(s, key);
        if (v < 0) {
            throw new IllegalArgumentException(key + " must not be negative, was " + v);
        }
        return v;
    }

    private static int port(Map<String, String> s, String key) {
        int v = integer(s, key);
        if (v < 0 || v > 65535) {
            throw new IllegalArgumentException(key + " must be a port (0-65535), was " + v);
        }
        return v;
    }

    private static int integer(Map<String, String> s, String key) {
        try {
            return Integer.parseInt(s.get(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, was '" + s.get(key) + "'");
        }
    }
}
