package dev.gatehouse.api.config;

import dev.gatehouse.api.secret.SecretBox;
import dev.gatehouse.pipeline.config.ConfigKeys;
import dev.gatehouse.pipeline.config.ConfigSource;
import dev.gatehouse.pipeline.config.KafkaConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The ingest API's settings, read once from {@code GATEHOUSE_*} keys and validated. Immutable;
 * {@code IngestApiService.start} takes one.
 *
 * @param secretBox       what encrypts the secrets Gatehouse keeps to use again, under
 *                        {@code GATEHOUSE_ENCRYPTION_KEY}; absent when no key is set (such secrets are refused)
 * @param doorStatusLimit the most pairs of resource and door system whose door status this instance
 *                        keeps ({@code GATEHOUSE_DOOR_STATUS_LIMIT}; the API's door-status view)
 */
public record ApiConfig(
        KafkaConfig kafka,
        String httpHost,
        int httpPort,
        Optional<String> publicUrl,
        Optional<String> adminKey,
        Duration commandTimeout,
        String instanceId,
        String processorUrl,
        int scimRateLimit,
        Duration accessTokenLifetime,
        Optional<SecretBox> secretBox,
        int doorStatusLimit) {

    /** The shortest and longest access-token lifetime ({@code GATEHOUSE_ACCESS_TOKEN_LIFETIME}). */
    public static final Duration MIN_TOKEN_LIFETIME = Duration.ofHours(1);
    public static final Duration MAX_TOKEN_LIFETIME = Duration.ofHours(6);
    /** The smallest {@code GATEHOUSE_DOOR_STATUS_LIMIT}: below it a small directory could fill the view. */
    public static final int MIN_DOOR_STATUS_LIMIT = 1_000;
    /** The largest {@code GATEHOUSE_DOOR_STATUS_LIMIT}: 50 million pairs, a few GB of heap. */
    public static final int MAX_DOOR_STATUS_LIMIT = 50_000_000;

    /** Reads the API's keys of {@code source}. */
    public static ApiConfig from(ConfigSource source) {
        String instanceId = source.optional(ConfigKeys.INSTANCE_ID)
                .orElseGet(() -> "api-" + UUID.randomUUID().toString().substring(0, 8));
        Optional<String> processorUrl = source.optional(ConfigKeys.PROCESSOR_URL);
        if (processorUrl.isPresent() && processorUrl.get().replace(",", "").isBlank()) {
            throw new IllegalArgumentException(ConfigKeys.PROCESSOR_URL + " must name at least one URL, was '"
                    + processorUrl.get() + "'");
        }
        String processorHost = source.string(ConfigKeys.PROCESSOR_HOST);
        int processorPort = source.port(ConfigKeys.PROCESSOR_PORT);
        return new ApiConfig(
                KafkaConfig.from(source),
                source.string(ConfigKeys.HTTP_HOST),
                source.port(ConfigKeys.HTTP_PORT),
                source.optional(ConfigKeys.PUBLIC_URL).map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u),
                source.optional(ConfigKeys.ADMIN_KEY),
                Duration.ofMillis(source.positive(ConfigKeys.COMMAND_TIMEOUT_MS)),
                instanceId,
                processorUrl.orElse("http://" + processorHost + ":" + processorPort),
                source.positive(ConfigKeys.SCIM_RATE_LIMIT),
                tokenLifetime(source.positive(ConfigKeys.ACCESS_TOKEN_LIFETIME)),
                source.optional(ConfigKeys.ENCRYPTION_KEY)
                        .map(key -> new SecretBox(SecretBox.decodeKey(key, ConfigKeys.ENCRYPTION_KEY))),
                source.between(ConfigKeys.DOOR_STATUS_LIMIT, MIN_DOOR_STATUS_LIMIT, MAX_DOOR_STATUS_LIMIT));
    }

    private static Duration tokenLifetime(int seconds) {
        Duration lifetime = Duration.ofSeconds(seconds);
        if (lifetime.compareTo(MIN_TOKEN_LIFETIME) < 0 || lifetime.compareTo(MAX_TOKEN_LIFETIME) > 0) {
            throw new IllegalArgumentException(ConfigKeys.ACCESS_TOKEN_LIFETIME + " must be between "
                    + MIN_TOKEN_LIFETIME.toSeconds() + " and " + MAX_TOKEN_LIFETIME.toSeconds() + " seconds, was " + seconds);
        }
        return lifetime;
    }

    /** Reads the given settings; absent or blank keys take their default. */
    public static ApiConfig load(Map<String, String> settings) {
        return from(ConfigSource.of(settings));
    }

    /**
     * The processor query endpoints this instance reads from: {@code GATEHOUSE_PROCESSOR_URL} is one
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

    @Override
    public String toString() {
        // Never print secrets: the admin key is shown only as set / unset.
        return "ApiConfig[bootstrapServers=" + kafka.bootstrapServers() + ", httpPort=" + httpPort
                + ", processorUrl=" + processorUrl + ", adminKey=" + (adminKey.isPresent() ? "<set>" : "<unset>")
                + ", encryptionKey=" + (secretBox.isPresent() ? "<set>" : "<unset>") + "]";
    }
}
