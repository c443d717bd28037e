package dev.gatehouse.processor.store;

import static dev.gatehouse.processor.TopologyFixture.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.contract.Command;
import dev.gatehouse.contract.Operation;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.processor.TopologyFixture;
import org.junit.jupiter.api.Test;

class StateChecksumTest {

    @Test
    void equalCommandsGiveEqualChecksumsAndAnyChangeGivesAnother() {
        try (TopologyFixture a = scenario(); TopologyFixture b = scenario()) {
            StateChecksum first = StateChecksum.of(a.directory(), TENANT);
            assertThat(StateChecksum.of(b.directory(), TENANT)).isEqualTo(first);
            assertThat(first.users()).isEqualTo(2);
            assertThat(first.groups()).isEqualTo(1);
            assertThat(first.memberships()).isEqualTo(2);

            b.patch(ResourceType.USER, "u2", "[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]");
            StateChecksum changed = StateChecksum.of(b.directory(), TENANT);
            assertThat(changed.sha256()).isNotEqualTo(first.sha256());
            assertThat(changed.users()).isEqualTo(first.users());
        }
    }

    @Test
    void aTenantsChecksumIgnoresOtherTenantsAndRoundTripsThroughJson() {
        try (TopologyFixture a = scenario(); TopologyFixture b = scenario()) {
            b.send(new Command("other-1", "acme2", Operation.CREATE, ResourceType.USER, "x1",
                    TopologyFixture.json("{\"userName\":\"x@acme2.test\"}"), TopologyFixture.START, "api-1", null, "r"));
            StateChecksum checksum = StateChecksum.of(a.directory(), TENANT);

            assertThat(StateChecksum.of(b.directory(), TENANT)).isEqualTo(checksum);
            assertThat(b.directory().tenants()).containsExactly(TENANT, "acme2");
            assertThat(StateChecksum.of(b.directory(), "acme2").users()).isEqualTo(1);
            assertThat(StateChecksum.fromJson(checksum.toJson())).isEqualTo(checksum);
        }
    }

    private static TopologyFixture scenario() {
        TopologyFixture fx = new TopologyFixture();
        fx.createUser("u1", "ada@acme.test");
        fx.createUser("u2", "bob@acme.test");
        fx.createUser("u3", "cy@acme.test");
        fx.createGroup("g1", "Engineering", "u1", "u2", "u3");
        fx.send(Operation.DELETE, ResourceType.USER, "u3", null);
        return fx;
    }
}
