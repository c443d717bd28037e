package dev.gatehouse.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.contract.Command;
import dev.gatehouse.contract.Operation;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.processor.store.StoreNames;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/architecture.md, "Processing is deterministic": replaying the commands rebuilds the same state and events. */
class ReplayDeterminismTest {

    @Test
    void replayingTheSameCommandsYieldsIdenticalOutputsAndStores() {
        List<Command> script = script();
        List<String> first;
        List<String> second;
        try (TopologyFixture a = new TopologyFixture(); TopologyFixture b = new TopologyFixture()) {
            first = run(a, script);
            second = run(b, script);
            for (String store : List.of(StoreNames.USERS, StoreNames.GROUPS, StoreNames.MEMBERSHIPS, StoreNames.INDEXES)) {
                assertThat(b.dump(store)).as(store).isEqualTo(a.dump(store));
            }
            assertThat(a.dump(StoreNames.USERS)).isNotEmpty();
        }
        assertThat(second).isEqualTo(first);
        assertThat(first).anyMatch(line -> line.startsWith("change "));
    }

    private static List<Command> script() {
        try (TopologyFixture recorder = new TopologyFixture()) {
            String user = "{\"userName\":\"%s\",\"active\":true}";
            String group = "{\"displayName\":\"Engineering\",\"members\":[{\"value\":\"u1\"},{\"value\":\"u2\"}]}";
            return List.of(
                    recorder.command(Operation.CREATE, ResourceType.USER, "u1", user.formatted("ada@acme.test"), null),
                    recorder.command(Operation.CREATE, ResourceType.USER, "u2", user.formatted("bob@acme.test"), null),
                    recorder.command(Operation.CREATE, ResourceType.USER, "u3", user.formatted("ADA@acme.test"), null),
                    recorder.command(Operation.CREATE, ResourceType.GROUP, "g1", group, null),
                    recorder.command(Operation.DELETE, ResourceType.USER, "u2", null, null),
                    recorder.command(Operation.REPLACE, ResourceType.USER, "u1",
                            "{\"userName\":\"ada@acme.test\",\"active\":false}", null));
        }
    }

    private static List<String> run(TopologyFixture fx, List<Command> script) {
        List<String> out = new ArrayList<>();
        for (Command command : script) {
            out.add("result " + fx.send(command));
            fx.userStates().forEach(kv -> out.add("user " + kv));
            fx.groupStates().forEach(kv -> out.add("group " + kv));
            fx.changes().forEach(change -> out.add("change " + change));
        }
        return out;
    }
}
