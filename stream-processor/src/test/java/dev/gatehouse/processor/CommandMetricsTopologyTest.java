package dev.gatehouse.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.contract.Operation;
import dev.gatehouse.contract.ResourceType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The real topology counts each command by type, operation and outcome (TopologyTestDriver). */
class CommandMetricsTopologyTest {

    @Test
    void countsAppliedAndRejectedCommands() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TopologyFixture fixture = new TopologyFixture(new CommandMetrics(registry))) {
            assertThat(fixture.createUser("u1", "ada@acme.test").status()).isEqualTo(201);
            assertThat(fixture.createUser("u2", "ada@acme.test").status()).isEqualTo(409);
            assertThat(fixture.createGroup("g1", "Doors", "u1").status()).isEqualTo(201);
            assertThat(fixture.send(Operation.DELETE, ResourceType.USER, "u1", null).status()).isEqualTo(204);
            assertThat(fixture.send(Operation.DELETE, ResourceType.USER, "nobody", null).status()).isEqualTo(404);
        }
        assertThat(count(registry, "user", "create", "applied")).isEqualTo(1);
        assertThat(count(registry, "user", "create", "rejected")).isEqualTo(1);
        assertThat(count(registry, "group", "create", "applied")).isEqualTo(1);
        assertThat(count(registry, "user", "delete", "applied")).isEqualTo(1);
        assertThat(count(registry, "user", "delete", "rejected")).isEqualTo(1);
        assertThat(registry.find("gatehouse.processor.commands").tag("outcome", "failed").counters()).isEmpty();
        assertThat(registry.get("gatehouse.processor.command.processing").timer().count()).isEqualTo(5);
    }

    private static double count(SimpleMeterRegistry registry, String type, String operation, String outcome) {
        return registry.get("gatehouse.processor.commands").tags("type", type, "operation", operation, "outcome", outcome)
                .counter().count();
    }
}
