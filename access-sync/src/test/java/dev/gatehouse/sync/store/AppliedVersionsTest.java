package dev.gatehouse.sync.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.simulator.Changes;
import java.nio.file.Path;
import java.util.UUID;
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

    @Test
    void itsMemoryStaysWithinItsBudgetHoweverManyVersionsItHolds() {
        int users = 120_000; // about 12 MB of keys and versions: more than twice what the memtables may hold
        try (AppliedVersions versions = AppliedVersions.open(dir, "webhook")) {
            for (int i = 0; i < users; i++) {
                versions.record(Changes.user("6f1c0f4e-7a3b-4c61-9d2e-0a1b2c3d4e5f", UUID.randomUUID().toString(), 1, true));
            }
            assertThat(versions.property("rocksdb.block-cache-capacity")).isEqualTo((long) AppliedVersions.BUDGET_MIB << 20);
            // Two memtables of half the write budget at most (an arena block over each while it fills).
            assertThat(versions.property("rocksdb.cur-size-all-mem-tables"))
                    .isLessThanOrEqualTo((long) AppliedVersions.WRITE_BUFFER_MIB * 5 / 4 << 20);
        }
        try (AppliedVersions versions = AppliedVersions.open(dir, "webhook")) {
            assertThat(versions.property("rocksdb.estimate-num-keys")).isGreaterThan(users / 2);
        }
    }
}
