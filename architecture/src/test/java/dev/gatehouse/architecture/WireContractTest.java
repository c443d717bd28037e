package dev.gatehouse.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.contract.AccessChange;
import dev.gatehouse.contract.AccessGrant;
import dev.gatehouse.contract.AuditRecord;
import dev.gatehouse.contract.ChangeDeadLetter;
import dev.gatehouse.contract.Command;
import dev.gatehouse.contract.CommandDeadLetter;
import dev.gatehouse.contract.CommandResult;
import dev.gatehouse.contract.ConsoleMember;
import dev.gatehouse.contract.DoorReceipt;
import dev.gatehouse.contract.Operation;
import dev.gatehouse.contract.ProvisioningActivity;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.contract.ScimClient;
import dev.gatehouse.contract.SsoConfig;
import dev.gatehouse.contract.TenantRecord;
import dev.gatehouse.contract.TimelineEvent;
import dev.gatehouse.pipeline.JsonSerde;
import dev.gatehouse.pipeline.TopicSpec;
import dev.gatehouse.pipeline.Topics;
import dev.gatehouse.processor.store.Views;
import dev.gatehouse.scim.ScimJson;
import dev.gatehouse.scim.resource.ResourceOps;
import dev.gatehouse.testkit.Contracts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The topic contracts in {@code contracts/} hold for the code: one record of every topic, built with
 * the production types and serialized the way production serializes it, is exactly the golden record
 * of {@code contracts/examples/} (so renaming, removing or retyping a field fails here, and a new field
 * must be added to the golden record, and so to the schema, on purpose); every golden record is valid
 * against its schema; every schema is a documented draft 2020-12 schema open to new fields; and
 * {@code asyncapi.yaml} names exactly the catalogue's topics, with their cleanup policy and retention,
 * and refers to schemas that exist.
 */
class WireContractTest {
    private static final String TENANT = "6f1c2a7e-3b9d-4c1e-9a55-0d2f7b8e4c11";
    private static final String USER = "2819c223-7f76-453a-919d-413861904646";
    private static final String GROUP = "e9e30dba-f08f-4109-8486-d5c6a331660a";
    private static final String COMMAND = "7d4e1f0a-58c2-4b7e-8e0c-3a9b6f2d1e45";
    private static final String REPLY_TO = "api-3c9e5b1d";
    private static final String REQUEST = "req-0b7c9d2e4f6a";
    private static final Instant CREATED = Instant.parse("2026-03-01T09:00:00Z");
    private static final Instant RECEIVED = Instant.parse("2026-03-02T14:30:05.123Z");
    private static final String TOKEN_HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private static final String CLIENT = "c1a9e7f2-4d3b-4b8a-9f6e-2d5c8b1a7e30";
    private static final String SECRET = "5d2e8f1a-7b3c-4e9d-a6f0-1c4b7e2d9a85";
    private static final String SECRET_HASH = "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae";
    private static final String ACCESS_TOKEN_HASH = "3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b";
    private static final String OLD_TOKEN_HASH = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752";
    /** An OIDC client secret as SecretBox seals it: key id, then base64url of nonce, ciphertext and tag. */
    private static final String SEALED_CLIENT_SECRET = "v1.5c1f0e2a.q7Zk3Jm9bW4xT2nV8pL0sR6yH1dF5gC3aE7uI9oK2wM4zX6vB8nQ0tY";
    private static final String ASYNCAPI = "asyncapi.yaml";
    private static final String DEFAULT_PREFIX = "gatehouse.";
    /** GATEHOUSE_PARTITIONS' default, which asyncapi.yaml shows. */
    private static final int DEFAULT_PARTITIONS = 6;

    /** One record per topic, as its producer writes it (the value's bytes). */
    static Map<String, Supplier<byte[]>> records() {
        Map<String, Supplier<byte[]>> records = new LinkedHashMap<>();
        records.put("tenants", () -> JsonSerde.of(TenantRecord.class).toBytes(tenant()));
        records.put("commands", () -> JsonSerde.of(Command.class).toBytes(command()));
        // The processor encodes every output with JsonSerde.of(Object.class) (CommandProcessor.Encoded).
        records.put("results", () -> processor(new CommandResult(COMMAND, TENANT, 201,
                Views.readForm(ResourceType.USER, user(), List.of(GROUP)))));
        records.put("users", () -> processor(Views.stateForm(ResourceType.USER, user(), List.of(GROUP))));
        records.put("groups", () -> processor(Views.stateForm(ResourceType.GROUP, group(), List.of())));
        records.put("access-changes", () -> processor(change()));
        records.put("dead-letters", () -> JsonSerde.of(ChangeDeadLetter.class).toBytes(new ChangeDeadLetter(
                ScimJson.mapper().valueToTree(change()), "kisi",
                "rejected: 422 {\"error\":\"email has already been taken\"}", 1,
                RECEIVED.plusMillis(842))));
        records.put("command-dead-letters", () -> processor(new CommandDeadLetter(COMMAND, TENANT,
                CommandDeadLetter.FAILED, "java.lang.IllegalStateException: member index out of step", 500, 3,
                18_204L, CREATED, ScimJson.mapper().valueToTree(command()))));
        records.put("door-status", () -> JsonSerde.of(DoorReceipt.class).toBytes(new DoorReceipt(TENANT,
                ResourceType.USER, USER, "webhook", 2, true, RECEIVED.plusMillis(310))));
        records.put("audit", () -> JsonSerde.of(AuditRecord.class).toBytes(new AuditRecord(
                "b3a1f5c0-92d4-4e7a-8c1b-5f0e2d9a6b37", Instant.parse("2026-03-01T09:12:41.507Z"),
                "admin-key:5e884898", "console", "203.0.113.7", "token.generate", TENANT,
                ScimJson.mapper().createObjectNode().put("tokenHashPrefix", TOKEN_HASH.substring(0, 12))
                        .put("graceSeconds", 86_400).put("replacedTokens", 1))));
        records.put("access-tokens", () -> JsonSerde.of(AccessGrant.class).toBytes(new AccessGrant(TENANT, CLIENT,
                SECRET, "client_secret_basic", RECEIVED, RECEIVED.plusSeconds(3_600), null)));
        records.put("provisioning-activity", () -> JsonSerde.of(ProvisioningActivity.class).toBytes(
                new ProvisioningActivity(TENANT, REPLY_TO, RECEIVED, RECEIVED.plusMillis(1_840), 3, 1, List.of(
                        new ProvisioningActivity.Call(RECEIVED.plusMillis(1_840), "update", "Users/" + USER, 200,
                                "success", null),
                        new ProvisioningActivity.Call(RECEIVED.plusMillis(912), "create", "Users", 409, "failure",
                                "a user with this userName already exists"),
                        new ProvisioningActivity.Call(RECEIVED, "list", "Users", 200, "success", null)))));
        // The processor's event for Alice when a group's PATCH added her (access-sync's door events share the type).
        records.put("timeline", () -> processor(TimelineEvent.scim(TENANT, ResourceType.USER, USER, RECEIVED,
                "patch", 200, REQUEST, COMMAND, 2L, List.of("groups"), "Groups/" + GROUP)));
        return records;
    }

    private static byte[] processor(Object value) {
        return JsonSerde.of(Object.class).toBytes(value);
    }

    private static TenantRecord tenant() {
        return new TenantRecord(TENANT, "Acme Corporation", true, List.of(TOKEN_HASH), CREATED,
                Instant.parse("2026-03-01T09:12:41.507Z"),
                new SsoConfig(SsoConfig.ENTRA_ID, "72f988bf-86f1-41af-91ab-2d7cd011db47", List.of("acme.example"),
                        Instant.parse("2026-03-01T09:05:00Z"),
                        "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0",
                        "0f3c6a2e-9b1d-4e7f-8a5c-2d4b6e8f0a13", SEALED_CLIENT_SECRET),
                List.of(new TenantRecord.RetiringToken(OLD_TOKEN_HASH, Instant.parse("2026-03-02T09:12:41.507Z"))),
                List.of(new ScimClient(CLIENT, "Entra ID provisioning", CREATED,
                        List.of(new ScimClient.ClientSecret(SECRET, SECRET_HASH, CREATED, CREATED.plus(Duration.ofDays(365)))),
                        new ScimClient.Federation("https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0",
                                "3f0b2c1d-5e6a-4b7c-8d9e-0a1b2c3d4e5f", "api://gatehouse/scim",
                                "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/discovery/v2.0/keys",
                                Instant.parse("2026-03-01T09:10:00Z")))),
                List.of(new ConsoleMember("it-lead@acme.example", ConsoleMember.OWNER),
                        new ConsoleMember("auditor@acme.example", ConsoleMember.VIEWER)));
    }

    private static JsonNode userBody() {
        return json("""
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
                 "externalId": "0a21f0f2-8d2a-4f8e-bf98-7b2c4d5e6f70",
                 "userName": "alice.jones@acme.example",
                 "active": true,
                 "displayName": "Alice Jones",
                 "name": {"givenName": "Alice", "familyName": "Jones", "formatted": "Alice Jones"},
                 "emails": [{"value": "alice.jones@acme.example", "type": "work", "primary": true}],
                 "title": "Facilities Manager",
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
                     "employeeNumber": "701984", "department": "Facilities"},
                 "metadata": {"city": "Berlin", "badgeNumber": "B-7731"}}
                """);
    }

    private static Command command() {
        return new Command(COMMAND, TENANT, Operation.CREATE, ResourceType.USER, USER, userBody(), CREATED,
                REPLY_TO, null, REQUEST);
    }

    /** Alice as stored after her create and then being added to a group (version 2). */
    private static ObjectNode user() {
        ObjectNode created = ResourceOps.create(ResourceType.USER, userBody(), USER, CREATED).resource();
        return Views.touch(created, 2, RECEIVED);
    }

    private static ObjectNode group() {
        ObjectNode body = (ObjectNode) json("""
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
                 "externalId": "5b8a1c3e-0f4d-4a9b-8e2c-6d7f1a3b5c90",
                 "displayName": "Berlin HQ - Facilities",
                 "members": [{"value": "%s"}]}
                """.formatted(USER));
        return ResourceOps.withVersion(ResourceOps.create(ResourceType.GROUP, body, GROUP, RECEIVED).resource(), 1);
    }

    private static AccessChange change() {
        return new AccessChange(COMMAND + "/" + USER, TENANT, ResourceType.USER, USER, 2, false,
                Views.eventState(ResourceType.USER, user(), List.of(GROUP)), COMMAND, RECEIVED, REQUEST);
    }

    @Test
    void everyTopicRecordIsItsGoldenRecord() throws IOException {
        Map<String, Supplier<byte[]>> records = records();
        assertThat(records.keySet()).as("a record for every topic of the catalogue")
                .containsExactlyInAnyOrderElementsOf(Contracts.topics());
        List<String> mismatches = new ArrayList<>();
        Path actualDir = Path.of("target", "contracts-actual");
        for (Map.Entry<String, Supplier<byte[]>> e : records.entrySet()) {
            String topic = e.getKey();
            JsonNode actual = ScimJson.mapper().readTree(e.getValue().get());
            Path golden = Contracts.exampleFile(topic);
            JsonNode expected = Files.isRegularFile(golden) ? ScimJson.mapper().readTree(golden.toFile()) : null;
            if (!actual.equals(expected)) {
                String pretty = ScimJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(actual);
                Files.createDirectories(actualDir);
                Files.writeString(actualDir.resolve(topic + ".json"), pretty + "\n", StandardCharsets.UTF_8);
                mismatches.add("contracts/examples/" + topic + ".json differs from what production writes "
                        + "(a wire change: update the golden record and the schema deliberately). Actual, also in "
                        + actualDir.toAbsolutePath().resolve(topic + ".json") + ":\n" + pretty);
            }
        }
        assertThat(mismatches).as("golden records").isEmpty();
    }

    @Test
    void everyGoldenRecordIsValidAgainstItsSchema() {
        for (String topic : Contracts.topics()) {
            assertThat(Contracts.exampleFile(topic)).as("golden record of " + topic).isRegularFile();
            Contracts.assertValid(topic, read(Contracts.exampleFile(topic)));
        }
    }

    /**
     * The key formats the schemas document accept the keys production builds: composite keys through the
     * producers' own helpers ({@code AccessChange.key}, {@code DoorReceipt.key}); the other topics are
     * keyed by a bare id (an organization, an API instance) or {@code -}.
     */
    @Test
    void theRecordKeysProductionBuildsMatchTheDocumentedKeyFormats() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("tenants", TENANT);
        keys.put("commands", TENANT);
        keys.put("results", REPLY_TO);
        keys.put("users", AccessChange.key(TENANT, USER));
        keys.put("groups", AccessChange.key(TENANT, GROUP));
        keys.put("access-changes", AccessChange.key(TENANT, USER));
        keys.put("dead-letters", AccessChange.key(TENANT, USER));
        keys.put("command-dead-letters", "-");
        keys.put("door-status", DoorReceipt.key(TENANT, USER, "webhook"));
        keys.put("audit", "-");
        keys.put("access-tokens", ACCESS_TOKEN_HASH);
        keys.put("provisioning-activity", TENANT);
        keys.put("timeline", TimelineEvent.key(TENANT));
        assertThat(keys.keySet()).containsExactlyInAnyOrderElementsOf(Contracts.topics());
        keys.forEach((topic, key) -> {
            assertThat(Contracts.keyProblems(topic, key)).as("key %s on %s", key, topic).isEmpty();
            String example = Contracts.schemaNode(topic).path("x-kafka-key").path("example").asText(null);
            assertThat(example).as("x-kafka-key.example of " + topic).isNotNull();
            assertThat(Contracts.keyProblems(topic, example)).as("x-kafka-key.example of " + topic).isEmpty();
        });
        // A user's state key is not a door-status key, nor the other way round.
        assertThat(Contracts.keyProblems("door-status", AccessChange.key(TENANT, USER))).isNotEmpty();
        assertThat(Contracts.keyProblems("users", DoorReceipt.key(TENANT, USER, "kisi"))).isNotEmpty();
    }

    @Test
    void aRenamedFieldIsNotTheGoldenRecordAndAMissingRequiredFieldIsInvalid() {
        // What a wire change looks like to the checks above: the golden comparison and the schema both see it.
        ObjectNode renamed = (ObjectNode) ScimJson.mapper().valueToTree(change());
        renamed.set("resource_id", renamed.remove("resourceId"));
        assertThat(renamed).isNotEqualTo(read(Contracts.exampleFile("access-changes")));
        assertThat(Contracts.problems("access-changes", renamed)).anySatisfy(p -> assertThat(p).contains("resourceId"));
        ObjectNode retyped = (ObjectNode) ScimJson.mapper().valueToTree(change());
        retyped.put("version", "2");
        assertThat(Contracts.problems("access-changes", retyped)).isNotEmpty();
        ObjectNode badTime = (ObjectNode) ScimJson.mapper().valueToTree(change());
        badTime.put("occurredAt", 1_772_461_805_123L);
        assertThat(Contracts.problems("access-changes", badTime)).isNotEmpty();
        // Unknown fields are allowed: fields are only ever added.
        ObjectNode added = (ObjectNode) ScimJson.mapper().valueToTree(change());
        added.put("someFutureField", 1);
        assertThat(Contracts.problems("access-changes", added)).isEmpty();
        // Tombstones: on compacted topics only.
        assertThat(Contracts.problems("users", null)).isEmpty();
        assertThat(Contracts.problems("access-changes", null)).isNotEmpty();
    }

    @Test
    void prefixedTopicNamesAreReadAsTheirTopic() {
        assertThat(Contracts.topic("gatehouse.users")).isEqualTo("users");
        assertThat(Contracts.topic("t123.command-dead-letters")).isEqualTo("command-dead-letters");
        assertThat(Contracts.topic("t123.dead-letters")).isEqualTo("dead-letters");
        assertThat(Contracts.topic("dead-letters")).isEqualTo("dead-letters");
        assertThatThrownBy(() -> Contracts.topic("gatehouse.nothing"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gatehouse.nothing");
    }

    @Test
    void everySchemaIsADocumentedDraft202012SchemaOpenToNewFields() throws IOException {
        List<String> files;
        try (var listing = Files.list(Contracts.dir())) {
            files = listing.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".schema.json")).sorted()
                    .toList();
        }
        assertThat(files).as("one schema per topic, no other")
                .containsExactlyInAnyOrderElementsOf(Contracts.topics().stream().map(t -> t + ".schema.json").toList());
        for (String topic : Contracts.topics()) {
            JsonNode schema = Contracts.schemaNode(topic);
            String what = "contracts/" + topic + ".schema.json";
            assertThat(schema.path("$schema").asText()).as(what + " $schema")
                    .isEqualTo("https://json-schema.org/draft/2020-12/schema");
            assertThat(schema.path("$id").asText()).as(what + " $id").isEqualTo(Contracts.BASE + topic + ".schema.json");
            assertThat(schema.path("title").asText()).as(what + " title").isNotBlank();
            assertThat(schema.path("description").asText()).as(what + " description")
                    .contains("schemaVersion").containsIgnoringCase("key");
            assertThat(schema.path("additionalProperties").isBoolean() && !schema.path("additionalProperties").asBoolean())
                    .as(what + ": consumers must ignore unknown fields, so the record may not forbid them").isFalse();
            assertThat(schema.path("x-kafka-topic").asText()).as(what + " x-kafka-topic").isEqualTo(topic);
            assertThat(schema.path("x-kafka-key").path("format").asText()).as(what + " x-kafka-key.format").isNotBlank();
            assertThat(schema.path("x-kafka-key").path("description").asText()).as(what + " x-kafka-key.description")
                    .isNotBlank();
            assertThat(schema.path("x-kafka-tombstones").isBoolean()).as(what + " x-kafka-tombstones").isTrue();
            assertThat(schema.path("x-kafka-tombstones").asBoolean()).as(what + " x-kafka-tombstones")
                    .isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT.equals(cleanup(topic)));
            assertThat(schema.path("properties").path("schemaVersion").isObject()).as(what + " schemaVersion").isTrue();
            schema.path("properties").properties().forEach(p -> assertThat(p.getValue().path("description").asText())
                    .as(what + " description of " + p.getKey()).isNotBlank());
            schema.path("required").forEach(r -> assertThat(schema.path("properties").has(r.asText()))
                    .as(what + " required field " + r.asText() + " is described").isTrue());
        }
    }

    @Test
    void asyncApiNamesEveryTopicWithItsPolicyAndSchema() throws IOException {
        Map<String, Object> doc = yaml(Contracts.dir().resolve(ASYNCAPI));
        assertThat(doc.get("asyncapi")).isEqualTo("3.0.0");
        Map<String, Object> channels = map(doc.get("channels"));
        Map<String, TopicSpec> specs = new LinkedHashMap<>();
        new Topics(DEFAULT_PREFIX, DEFAULT_PARTITIONS, (short) 1).specs().forEach(s -> specs.put(s.name(), s));
        TreeSet<String> addresses = new TreeSet<>();
        TreeSet<String> sent = new TreeSet<>();
        for (Map.Entry<String, Object> e : channels.entrySet()) {
            Map<String, Object> channel = map(e.getValue());
            String address = String.valueOf(channel.get("address"));
            addresses.add(address);
            TopicSpec spec = specs.get(address);
            assertThat(spec).as("channel %s: address %s is a topic of the catalogue", e.getKey(), address).isNotNull();
            String topic = address.substring(DEFAULT_PREFIX.length());
            Map<String, Object> kafka = map(map(channel.get("bindings")).get("kafka"));
            assertThat(kafka.get("topic")).as(address + " kafka binding topic").isEqualTo(address);
            Map<String, Object> config = map(kafka.get("topicConfiguration"));
            assertThat(config.get("cleanup.policy")).as(address + " cleanup.policy")
                    .isEqualTo(List.of(spec.configs().get(TopicConfig.CLEANUP_POLICY_CONFIG)));
            assertThat(String.valueOf(config.get("retention.ms"))).as(address + " retention.ms")
                    .isEqualTo(spec.configs().get(TopicConfig.RETENTION_MS_CONFIG));
            assertThat(String.valueOf(config.get("max.message.bytes"))).as(address + " max.message.bytes")
                    .isEqualTo(spec.configs().get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG));
            assertThat(kafka.get("partitions")).as(address + " partitions (default GATEHOUSE_PARTITIONS)")
                    .isEqualTo(spec.partitions());
            Map<String, Object> messages = map(channel.get("messages"));
            assertThat(messages).as(address + " messages").hasSize(1);
            Map<String, Object> message = resolve(doc, map(messages.values().iterator().next()));
            Map<String, Object> payload = map(message.get("payload"));
            String ref = String.valueOf(map(payload.get("schema")).get("$ref"));
            assertThat(ref).as(address + " payload").isEqualTo("./" + topic + ".schema.json");
            assertThat(Contracts.dir().resolve(ref).normalize()).as(address + " payload schema").isRegularFile();
            assertThat(map(map(message.get("bindings")).get("kafka")).get("key")).as(address + " key").isNotNull();
        }
        assertThat(addresses).as("channel addresses").containsExactlyInAnyOrderElementsOf(specs.keySet());
        for (Object o : map(doc.get("operations")).values()) {
            Map<String, Object> operation = map(o);
            assertThat(operation.get("action")).isIn("send", "receive");
            String channelRef = String.valueOf(map(operation.get("channel")).get("$ref"));
            assertThat(channelRef).startsWith("#/channels/");
            Map<String, Object> channel = map(channels.get(channelRef.substring("#/channels/".length())));
            assertThat(channel).as("operation channel " + channelRef).isNotNull();
            if ("send".equals(operation.get("action"))) {
                sent.add(String.valueOf(channel.get("address")));
            }
        }
        assertThat(sent).as("every topic has a producing (send) operation")
                .containsExactlyInAnyOrderElementsOf(specs.keySet());
    }

    private static String cleanup(String topic) {
        return new Topics("", 1, (short) 1).specs().stream().filter(s -> s.name().equals(topic)).findFirst()
                .orElseThrow().configs().get(TopicConfig.CLEANUP_POLICY_CONFIG);
    }

    private static Map<String, Object> resolve(Map<String, Object> doc, Map<String, Object> node) {
        Object ref = node.get("$ref");
        if (ref == null) {
            return node;
        }
        Object target = doc;
        for (String part : String.valueOf(ref).substring(2).split("/")) {
            target = map(target).get(part);
        }
        assertThat(target).as("AsyncAPI reference " + ref).isNotNull();
        return map(target);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        assertThat(o).isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }

    private static Map<String, Object> yaml(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        }
    }

    private static JsonNode read(Path file) {
        try {
            return ScimJson.mapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }

    private static JsonNode json(String text) {
        try {
            return ScimJson.mapper().readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
