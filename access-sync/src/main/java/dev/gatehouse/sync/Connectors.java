package dev.gatehouse.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.contract.SecurityEventSigner;
import dev.gatehouse.pipeline.config.ConfigKeys;
import dev.gatehouse.scim.ScimJson;
import dev.gatehouse.sync.connector.ChangeApplier;
import dev.gatehouse.sync.connector.DoorConnector;
import dev.gatehouse.sync.connector.kisi.KisiConnector;
import dev.gatehouse.sync.connector.kisi.KisiSettings;
import dev.gatehouse.sync.connector.webhook.SecurityEventConnector;
import dev.gatehouse.sync.connector.webhook.WebhookConnector;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which door systems each organization delivers to, with their credentials: the file named by
 * {@value #FILE_ENV}, else {@code <data dir>/connectors.json} when it exists. A JSON array of
 * <pre>{"name": "kisi-acme", "type": "kisi", "tenant": "&lt;tenant id&gt;",
 *  "baseUrl": "https://api.kisi.io", "apiKeyEnv": "ACME_KISI_KEY", "requestsPerSecond": 5}</pre>
 * ({@code apiKey} inline is accepted too; an environment variable keeps it out of the file), or
 * <pre>{"name": "doors-set", "type": "webhook", "url": "https://doors.example/scim-events",
 *  "format": "secevent", "secretEnv": "DOORS_SET_SECRET", "issuer": "https://gatehouse.example",
 *  "audience": "https://doors.example/scim-events", "tenant": "&lt;optional tenant id&gt;"}</pre>
 * ({@code format} {@code webhook}, the default: Gatehouse's signed JSON; {@code secevent}: SCIM Security
 * Event Tokens, which need a secret of at least 32 bytes, an issuer and an audience; see
 * docs/door-systems-secevent.md). Every organization's changes also go to the webhook connector built
 * from the main config. Names must be unique: each names a consumer group and a state directory.
 * Nothing here logs a key or a secret.
 */
public final class Connectors {
    public static final String FILE_ENV = ConfigKeys.CONNECTORS_FILE;

    private Connectors() {
    }

    /** The webhook plus every connector of the connectors file. */
    public static List<DoorConnector> fromConfig(SyncConfig config) {
        List<DoorConnector> connectors = new ArrayList<>();
        connectors.add(new WebhookConnector(AccessSyncService.WEBHOOK, config.webhookUrl(), config.webhookSecret()));
        file(config).ifPresent(f -> connectors.addAll(load(f, System.getenv())));
        Set<String> names = new HashSet<>();
        for (DoorConnector c : connectors) {
            if (!names.add(c.name())) {
                throw new IllegalArgumentException("two connectors named " + c.name());
            }
        }
        return connectors;
    }

    /** The one connector called {@code name}. */
    public static DoorConnector named(SyncConfig config, String name) {
        return fromConfig(config).stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no connector named " + name));
    }

    static Optional<Path> file(SyncConfig config) {
        if (config.connectorsFile().isPresent()) {
            return config.connectorsFile();
        }
        Path fallback = config.dataDir().resolve("connectors.json");
        return Files.exists(fallback) ? Optional.of(fallback) : Optional.empty();
    }

    /** Parses a connectors file; {@code env} resolves {@code apiKeyEnv}. */
    public static List<DoorConnector> load(Path file, Map<String, String> env) {
        JsonNode array;
        try {
            array = ScimJson.mapper().readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read connectors file " + file + ": " + e.getMessage());
        }
        List<DoorConnector> out = new ArrayList<>();
        for (JsonNode c : array) {
            String name = required(c, "name");
            String type = required(c, "type");
            if (type.equals("webhook")) {
                out.add(webhook(name, c, env));
                continue;
            }
            if (!type.equals("kisi")) {
                throw new IllegalArgumentException("connector " + name + ": unknown type " + type + " (kisi or webhook)");
            }
            String key = c.hasNonNull("apiKeyEnv") ? env.get(c.get("apiKeyEnv").asText()) : c.path("apiKey").asText(null);
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("connector " + name + ": no API key (apiKey or apiKeyEnv)");
            }
            KisiSettings settings = new KisiSettings(URI.create(c.path("baseUrl").asText(KisiSettings.KISI.toString())),
                    key, c.path("requestsPerSecond").asDouble(KisiSettings.KISI_RATE));
            out.add(new ChangeApplier(new KisiConnector(name, required(c, "tenant"), settings)));
        }
        return out;
    }

    /** A webhook entry: the JSON webhook ({@code format: webhook}) or SCIM Security Event Tokens ({@code secevent}). */
    private static DoorConnector webhook(String name, JsonNode c, Map<String, String> env) {
        String url = required(c, "url");
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("connector " + name + ": url is not a URL");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("connector " + name + ": url must be an absolute http or https URL");
        }
        Optional<String> secret;
        if (c.hasNonNull("secretEnv")) {
            String variable = c.get("secretEnv").asText();
            secret = Optional.ofNullable(env.get(variable)).filter(v -> !v.isBlank());
            if (secret.isEmpty()) {
                throw new IllegalArgumentException("connector " + name + ": secretEnv " + variable + " is not set");
            }
        } else {
            secret = Optional.ofNullable(c.path("secret").asText(null)).filter(v -> !v.isBlank());
        }
        Optional<String> tenant = c.hasNonNull("tenant") ? Optional.of(c.get("tenant").asText()) : Optional.empty();
        String format = c.path("format").asText("webhook");
        switch (format) {
            case "webhook" -> {
                if (c.has("issuer") || c.has("audience")) {
                    throw new IllegalArgumentException("connector " + name + ": issuer and audience apply to format secevent only");
                }
                return new WebhookConnector(name, url, secret, tenant);
            }
            case "secevent" -> {
                if (secret.isEmpty()) {
                    throw new IllegalArgumentException("connector " + name + ": format secevent signs with HS256 and needs "
                            + "a secret (secret or secretEnv) of at least " + SecurityEventSigner.MIN_SECRET_BYTES + " bytes");
                }
                try {
                    SecurityEventSigner signer = new SecurityEventSigner(secret.get(),
                            c.path("issuer").asText(null), c.path("audience").asText(null));
                    return new SecurityEventConnector(name, url, tenant, signer);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("connector " + name + ": " + e.getMessage());
                }
            }
            default -> throw new IllegalArgumentException("connector " + name + ": unknown format " + format
                    + " (webhook or secevent)");
        }
    }

    private static String required(JsonNode c, String field) {
        if (!c.hasNonNull(field) || c.get(field).asText().isBlank()) {
            throw new IllegalArgumentException("connector entry without " + field);
        }
        return c.get(field).asText();
    }
}
