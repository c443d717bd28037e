package dev.gatehouse.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.contract.Command;
import dev.gatehouse.contract.Operation;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.pipeline.config.ConfigSource;
import dev.gatehouse.processor.store.StateChecksum;
import dev.gatehouse.testkit.TestHttp;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Recovery on a real broker: state rebuilt from the commands topic into a fresh application id, and a
 * processor whose state directory was deleted, both come back equal to what was live.
 */
class RebuildIT {
    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

    @Test
    void aRebuildFromTheCommandsTopicEqualsTheLiveStateTenantByTenant() throws Exception {
        ConfigSource base = ProcessorOnBroker.settings();
        try (StreamProcessorService service = ProcessorOnBroker.startRunning(base)) {
            String live = ProcessorOnBroker.baseUrl(service);
            int commands = provision(base);
            awaitApplied(live);

            Rebuild.Report report = Rebuild.run(ProcessorConfig.from(base), live,
                    ProcessorConfig.from(base).applicationId() + "-rebuild-" + UUID.randomUUID(),
                    Duration.ofSeconds(120));

            assertThat(report.commands()).isEqualTo(commands);
            assertThat(report.liveInStep()).isTrue();
            assertThat(report.tenants()).containsOnlyKeys("acme", "globex");
            assertThat(report.tenants().get("acme").rebuilt().memberships()).isEqualTo(2);
            assertThat(report.tenants().values()).allSatisfy(c -> assertThat(c.equal()).as(c.toString()).isTrue());
            assertThat(report.equal()).isTrue();
            assertThat(report.commandsPerSecond()).isPositive();
            assertThat(report.startUp()).as("Streams ran before the commands were all applied")
                    .isPositive().isLessThan(report.took());
            assertThat(Rebuild.describe(report)).anyMatch(line -> line.contains("equal to live"))
                    .anyMatch(line -> line.startsWith("  of it starting: "));
        }
    }

    @Test
    void aRebuildOfAnEmptyCommandsTopicReportsNothingRebuiltRatherThanFailing() throws Exception {
        ConfigSource base = ProcessorOnBroker.settings();
        try (StreamProcessorService service = ProcessorOnBroker.startRunning(base)) {
            Rebuild.Report report = Rebuild.run(ProcessorConfig.from(base), ProcessorOnBroker.baseUrl(service),
                    ProcessorConfig.from(base).applicationId() + "-rebuild-" + UUID.randomUUID(),
                    Duration.ofSeconds(120));

            assertThat(report.commands()).isZero();
            assertThat(report.tenants()).isEmpty();
            assertThat(report.liveInStep()).isTrue();
        }
    }

    @Test
    void aProcessorWhoseStateDirectoryWasDeletedComesBackWithIdenticalState() throws Exception {
        ConfigSource base = ProcessorOnBroker.settings();
        StateChecksum before;
        try (StreamProcessorService service = ProcessorOnBroker.startRunning(base)) {
            String live = ProcessorOnBroker.baseUrl(service);
            provision(base);
            awaitApplied(live);
            before = checksum(live, "acme");
        }
        deleteTree(ProcessorConfig.from(base).stateDir());
        assertThat(Files.exists(ProcessorConfig.from(base).stateDir())).isFalse();

        try (StreamProcessorService service = ProcessorOnBroker.startRunning(base)) {
            String live = ProcessorOnBroker.baseUrl(service);
            assertThat(checksum(live, "acme")).isEqualTo(before);
            assertThat(before.users()).isEqualTo(2);
        }
    }

    /** Two tenants: users, a group with members, a PATCH and a delete. Returns the number of commands. */
    private static int provision(ConfigSource config) throws Exception {
        List<Command> commands = List.of(
                create("acme", ResourceType.USER, "u1", "{\"userName\":\"ada@acme.test\",\"active\":true}"),
                create("acme", ResourceType.USER, "u2", "{\"userName\":\"bob@acme.test\"}"),
                create("acme", ResourceType.USER, "u3", "{\"userName\":\"cy@acme.test\"}"),
                create("acme", ResourceType.GROUP, "g1", "{\"displayName\":\"Staff\",\"members\":[{\"value\":\"u1\"},{\"value\":\"u3\"}]}"),
                command("acme", Operation.PATCH, ResourceType.GROUP, "g1", "{\"Operations\":[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"u2\"}]}]}"),
                command("acme", Operation.DELETE, ResourceType.USER, "u3", null),
                create("globex", ResourceType.USER, "u1", "{\"userName\":\"hank@globex.test\",\"metadata\":{\"city\":\"Berlin\"}}"));
        ProcessorOnBroker.send(config, commands);
        return commands.size();
    }

    /** Until the last of acme's commands (the delete of u3: 2 users, 2 memberships) and globex's are applied. */
    private static void awaitApplied(String live) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            StateChecksum acme = checksum(live, "acme");
            assertThat(acme.users()).isEqualTo(2);
            assertThat(acme.memberships()).isEqualTo(2);
            assertThat(checksum(live, "globex").users()).isEqualTo(1);
        });
    }

    private static StateChecksum checksum(String live, String tenant) throws Exception {
        HttpResponse<String> response = TestHttp.get(live + "/internal/v1/tenants/" + tenant + "/checksum", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return StateChecksum.fromJson(TopologyFixture.json(response.body()));
    }

    private static int sequence;

    private static Command create(String tenant, ResourceType type, String id, String body) {
        return command(tenant, Operation.CREATE, type, id, body);
    }

    private static Command command(String tenant, Operation operation, ResourceType type, String id, String body) {
        int n = ++sequence;
        return new Command("cmd-" + n, tenant, operation, type, id, body == null ? null : TopologyFixture.json(body),
                T0.plusSeconds(n), null, null, "req-" + n);
    }

    private static void deleteTree(Path dir) throws Exception {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
