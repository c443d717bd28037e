package dev.gatehouse.sync.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.simulator.Changes;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppliedVersionsTest {
    @TempDir
    Path dir;

    @Test
    void versionsSurviveAReopen() {
        try (AppliedVersions versions = AppliedVersions.open(dir, "kisi")) {
            versions.record(Changes.user("t", "a", 3, true));
            versions.record(Changes.user("t", "a", 2, true)); // never moves back
        }
        try (AppliedVersions versions = AppliedVersions.open(dir, "kisi")) {
            assertThat(versions.isStale(Changes.user("t", "a", 3, true), false)).isTrue();
            assertThat(versions.isStale(Changes.user("t", "a", 2, false), false)).as("older: never re-applied").isTrue();
            assertThat(versions.isStale(Changes.user("t", "a", 4, true), false)).isFalse();
            assertThat(versions.isStale(Changes.user("t", "a", 3, true), true)).as("forced: same version again").isFalse();
            assertThat(versions.isStale(Changes.user("t", "a", 2, true), true)).as("forced: never older").isTrue();
            assertThat(versions.isStale(Changes.user("other", "a", 1, true), false)).as("tenants apart").isFalse();
        }
    }

    @Test
    void aSecondOwnerOfTheSameConnectorGetsItsOwnStore() {
        try (AppliedVersions first = AppliedVersions.open(dir, "kisi");
             AppliedVersions second = AppliedVersions.open(dir, "kisi")) {
            first.record(Changes.user("t", "a", 1, true));
            assertThat(second.isStale(Changes.user("t", "a", 1, true), false)).isFalse();
        }
    }
}
