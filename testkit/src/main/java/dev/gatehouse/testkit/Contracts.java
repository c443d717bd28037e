package dev.gatehouse.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.AnnotationKeyword;
import dev.gatehouse.pipeline.TopicSpec;
import dev.gatehouse.pipeline.Topics;
import dev.gatehouse.scim.ScimJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The topic contracts in the repository's {@code contracts/} folder, as checks: validates a record
 * value (and key) against the JSON Schema of its topic, so tests prove that what Gatehouse writes is
 * what it promises its consumers. Topics are named without the configurable prefix ({@code users},
 * {@code access-changes}); a prefixed name ({@code gatehouse.users}, {@code t123.users}) is accepted
 * and read as the longest known topic name it ends with (an exact match wins, so {@code
 * command-dead-letters} is never read as {@code dead-letters}).
 *
 * <p>A {@code null} value is a tombstone: valid on a compacted topic only. Formats ({@code date-time})
 * are asserted, not just annotated. Schemas refer to each other by their {@code $id} under
 * {@value #BASE}, resolved to the files of {@link #dir()}, never fetched.
 */
public final class Contracts {
    /** The {@code $id} every contract schema starts with; the rest is the file name in {@link #dir()}. */
    public static final String BASE = "https://gatehouse.dev/contracts/";
    /** The documentation keywords of the contracts: annotations, never assertions. */
    private static final List<String> ANNOTATIONS = List.of("x-kafka-topic", "x-kafka-key", "x-kafka-tombstones");

    /** Every topic Gatehouse writes, without prefix, with its cleanup policy, from the topic catalogue. */
    private static final Map<String, String> CLEANUP = catalogue();
    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();
    private static volatile SchemaRegistry registry;

    private Contracts() {
    }

    /**
     * The repository's {@code contracts/} folder: the first one found walking up from {@code user.dir}
     * (a module's directory when Maven runs its tests).
     */
    public static Path dir() {
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path p = start; p != null; p = p.getParent()) {
            Path candidate = p.resolve("contracts");
            if (Files.isRegularFile(candidate.resolve("asyncapi.yaml"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no contracts/ folder (with asyncapi.yaml) in " + start + " or above");
    }

    /** Every topic name, without prefix, in catalogue order. */
    public static List<String> topics() {
        return List.copyOf(CLEANUP.keySet());
    }

    /**
     * {@code name} without its prefix: itself when it is a known topic, else the longest known topic
     * name it ends with.
     *
     * @throws IllegalArgumentException when it names no known topic
     */
    public static String topic(String name) {
        if (name == null) {
            throw new IllegalArgumentException("no topic name given");
        }
        if (CLEANUP.containsKey(name)) {
            return name;
        }
        return CLEANUP.keySet().stream().filter(name::endsWith).max(Comparator.comparingInt(String::length))
                .orElseThrow(() -> new IllegalArgumentException("'" + name + "' is none of Gatehouse's topics "
                        + CLEANUP.keySet()));
    }

    /** The schema file of {@code topic}: {@code contracts/<topic>.schema.json}. */
    public static Path schemaFile(String topic) {
        return dir().resolve(topic(topic) + ".schema.json");
    }

    /** The golden record of {@code topic}: {@code contracts/examples/<topic>.json}. */
    public static Path exampleFile(String topic) {
        return dir().resolve("examples").resolve(topic(topic) + ".json");
    }

    /**
     * What is wrong with {@code value} as a record value of {@code topic}, one message per problem
     * (each naming the JSON path); empty when it is valid. {@code null} is a tombstone, valid on
     * compacted topics only.
     */
    public static List<String> problems(String topic, JsonNode value) {
        String name = topic(topic);
        if (value == null) {
            return TopicConfig.CLEANUP_POLICY_COMPACT.equals(CLEANUP.get(name)) ? List.of()
                    : List.of("a tombstone (null value) on " + name + ", which is not compacted");
        }
        List<String> problems = new ArrayList<>();
        for (Error error : schema(name).validate(value.toString(), InputFormat.JSON)) {
            String at = String.valueOf(error.getInstanceLocation());
            problems.add((at.isEmpty() ? "$" : at) + ": " + error.getMessage());
        }
        return problems;
    }

    /**
     * What is wrong with {@code key} as a record key of {@code topic}: empty when it matches the
     * {@code x-kafka-key.pattern} of the topic's schema.
     */
    public static List<String> keyProblems(String topic, String key) {
        String name = topic(topic);
        JsonNode declared = schemaNode(name).path("x-kafka-key");
        String pattern = declared.path("pattern").asText("");
        if (pattern.isEmpty()) {
            return List.of("the schema of " + name + " declares no x-kafka-key.pattern");
        }
        if (key == null || !Pattern.compile(pattern).matcher(key).find()) {
            return List.of("key " + (key == null ? "null" : "'" + key + "'") + " does not match "
                    + declared.path("format").asText(pattern) + " (" + pattern + ")");
        }
        return List.of();
    }

    /** Throws an {@link AssertionError} naming the topic and every problem when {@code value} is invalid. */
    public static void assertValid(String topic, JsonNode value) {
        List<String> problems = problems(topic, value);
        if (!problems.isEmpty()) {
            throw new AssertionError("record value not valid on " + topic + " (contracts/" + topic(topic)
                    + ".schema.json): " + problems + "\nvalue: " + value);
        }
    }

    /** As {@link #assertValid(String, JsonNode)}, checking the record key as well. */
    public static void assertValid(String topic, String key, JsonNode value) {
        List<String> problems = new ArrayList<>(keyProblems(topic, key));
        problems.addAll(problems(topic, value));
        if (!problems.isEmpty()) {
            throw new AssertionError("record not valid on " + topic + " (contracts/" + topic(topic)
                    + ".schema.json): " + problems + "\nkey: " + key + "\nvalue: " + value);
        }
    }

    /** As {@link #assertValid(String, String, JsonNode)} for a value as sent ({@code null}: tombstone). */
    public static void assertValid(String topic, String key, byte[] value) {
        JsonNode node;
        try {
            node = value == null ? null : ScimJson.mapper().readTree(value);
        } catch (IOException e) {
            throw new AssertionError("record value on " + topic + " is not JSON: " + e.getMessage(), e);
        }
        assertValid(topic, key, node);
    }

    /** The schema of {@code topic} as a JSON tree. */
    public static JsonNode schemaNode(String topic) {
        try {
            return ScimJson.mapper().readTree(read(schemaFile(topic)));
        } catch (IOException e) {
            throw new UncheckedIOException("contracts/" + topic(topic) + ".schema.json is not JSON", e);
        }
    }

    private static Schema schema(String topic) {
        return SCHEMAS.computeIfAbsent(topic, t -> registry().getSchema(read(schemaFile(t)), InputFormat.JSON));
    }

    private static SchemaRegistry registry() {
        SchemaRegistry r = registry;
        if (r == null) {
            Path dir = dir();
            SchemaRegistryConfig config = SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build();
            Dialect.Builder dialect = Dialect.builder(Dialects.getDraft202012());
            ANNOTATIONS.forEach(keyword -> dialect.keyword(new AnnotationKeyword(keyword)));
            r = SchemaRegistry.withDefaultDialect(dialect.build(), builder -> builder
                    .schemaRegistryConfig(config)
                    // $refs between contracts resolve to the files here, never to the network
                    .schemas(iri -> iri.startsWith(BASE) ? local(dir, iri.substring(BASE.length())) : null));
            registry = r;
        }
        return r;
    }

    private static String local(Path dir, String file) {
        Path path = dir.resolve(file).normalize();
        return path.startsWith(dir) && Files.isRegularFile(path) ? read(path) : null;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static Map<String, String> catalogue() {
        Map<String, String> cleanup = new LinkedHashMap<>();
        for (TopicSpec spec : new Topics("", 1, (short) 1).specs()) {
            cleanup.put(spec.name(), Optional.ofNullable(spec.configs().get(TopicConfig.CLEANUP_POLICY_CONFIG))
                    .orElse(TopicConfig.CLEANUP_POLICY_DELETE));
        }
        return cleanup;
    }
}
