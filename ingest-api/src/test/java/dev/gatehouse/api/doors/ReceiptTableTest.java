package dev.gatehouse.api.doors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.api.config.ApiConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ReceiptTableTest {
    private static final Instant AT = Instant.parse("2026-12-05T10:15:30.123456789Z");

    @Test
    void aReceiptComesBackExactlyAsItWasGivenWhateverItsResourceIdLooksLike() {
        ReceiptTable table = new ReceiptTable(100);
        String uuid = UUID.randomUUID().toString();
        List<String> ids = List.of(uuid, uuid.toUpperCase(), "not-a-uuid", "", "1-1-1-1-1", uuid + "x");
        for (int i = 0; i < ids.size(); i++) {
            assertThat(table.put(0, 0, ids.get(i), i + 1, i % 2 == 0, i % 3 == 0 ? null : i % 3 == 1, AT.plusNanos(i))).isTrue();
        }

        assertThat(table.size()).isEqualTo(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            int slot = table.get(0, 0, ids.get(i));
            assertThat(slot).as(ids.get(i)).isNotNegative();
            assertThat(table.version(slot)).isEqualTo(i + 1);
            assertThat(table.applied(slot)).isEqualTo(i % 2 == 0);
            assertThat(table.group(slot)).isEqualTo(i % 3 == 0 ? null : i % 3 == 1);
            assertThat(table.at(slot)).isEqualTo(AT.plusNanos(i));
        }
        assertThat(table.get(0, 0, UUID.randomUUID().toString())).isEqualTo(-1);
        assertThat(table.get(0, 0, "Not-a-uuid")).isEqualTo(-1);
    }

    @Test
    void aReceiptWithoutATimeHasNone() {
        ReceiptTable table = new ReceiptTable(10);
        table.put(0, 0, "r", 1, true, false, null);
        assertThat(table.at(table.get(0, 0, "r"))).isNull();
        table.put(0, 0, "r", 2, true, false, Instant.EPOCH);
        assertThat(table.at(table.get(0, 0, "r"))).isEqualTo(Instant.EPOCH);
    }

    @Test
    void organizationsAndDoorSystemsKeepTheirOwnReceiptOfOneResource() {
        ReceiptTable table = new ReceiptTable(10);
        String id = UUID.randomUUID().toString();
        table.put(0, 0, id, 1, true, false, AT);
        table.put(1, 0, id, 2, true, false, AT);
        table.put(0, 1, id, 3, false, false, AT);

        assertThat(table.size()).isEqualTo(3);
        assertThat(table.version(table.get(0, 0, id))).isEqualTo(1);
        assertThat(table.version(table.get(1, 0, id))).isEqualTo(2);
        assertThat(table.version(table.get(0, 1, id))).isEqualTo(3);
        assertThat(table.get(1, 1, id)).isEqualTo(-1);
    }

    @Test
    void anOlderVersionNeverReplacesANewerOneAndTheSameVersionDoes() {
        ReceiptTable table = new ReceiptTable(10);
        table.put(0, 0, "r", 5, true, false, AT);
        table.put(0, 0, "r", 4, false, false, AT.plusSeconds(1));
        int slot = table.get(0, 0, "r");
        assertThat(table.version(slot)).isEqualTo(5);
        assertThat(table.applied(slot)).isTrue();
        assertThat(table.at(slot)).isEqualTo(AT);

        table.put(0, 0, "r", 5, false, false, AT.plusSeconds(2)); // the same version refused for good after all
        assertThat(table.applied(table.get(0, 0, "r"))).isFalse();
        assertThat(table.size()).isEqualTo(1);
    }

    @Test
    void itGrowsKeepingEveryReceiptAndNeverPastWhatItsLimitNeeds() {
        int limit = 100_000;
        ReceiptTable table = new ReceiptTable(limit);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < limit; i++) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            assertThat(table.put(i % 7, i % 3, id, i, true, false, AT)).isTrue();
        }

        for (int i = 0; i < limit; i++) {
            assertThat(table.version(table.get(i % 7, i % 3, ids.get(i)))).isEqualTo(i);
        }
        // 100,000 receipts in 262,144 slots of 49 bytes: 12.8 MB, where objects took 48 MB.
        assertThat(table.capacity()).isEqualTo(ReceiptTable.capacityFor(limit)).isEqualTo(1 << 18);
        assertThat((long) table.capacity() * ReceiptTable.SLOT_BYTES).isLessThan(13L << 20);
    }

    @Test
    void atItsLimitANewKeyIsRefusedAndHeldKeysAreStillUpdated() {
        ReceiptTable table = new ReceiptTable(3);
        assertThat(table.put(0, 0, "a", 1, true, false, AT)).isTrue();
        assertThat(table.put(0, 0, "b", 1, true, false, AT)).isTrue();
        assertThat(table.size()).isEqualTo(2);
        assertThat(table.put(0, 0, "c", 1, true, false, AT)).as("the limit-th key").isTrue();
        assertThat(table.size()).isEqualTo(3);

        assertThat(table.put(0, 0, "d", 1, true, false, AT)).as("one past the limit").isFalse();
        assertThat(table.put(0, 1, "a", 1, true, false, AT)).as("a held resource at a new door system").isFalse();
        assertThat(table.get(0, 0, "d")).isEqualTo(-1);
        assertThat(table.size()).isEqualTo(3);
        assertThat(table.put(0, 0, "a", 2, false, false, AT)).isTrue();
        assertThat(table.version(table.get(0, 0, "a"))).isEqualTo(2);
        assertThat(table.capacity()).isEqualTo(ReceiptTable.capacityFor(3));
    }

    @Test
    void theTableIsAPowerOfTwoAtMostThreeQuartersFull() {
        for (int entries : new int[] {1, 2, 3, 767, 768, 769, 1_000_000, ApiConfig.MAX_DOOR_STATUS_LIMIT}) {
            int capacity = ReceiptTable.capacityFor(entries);
            assertThat(Integer.bitCount(capacity)).as("%d", entries).isEqualTo(1);
            assertThat((long) entries * 100).as("%d", entries).isLessThan((long) capacity * ReceiptTable.LOAD_PERCENT);
            assertThat((long) entries * 100).as("%d: the smallest such", entries)
                    .isGreaterThanOrEqualTo((long) capacity / 2 * ReceiptTable.LOAD_PERCENT);
        }
        assertThatThrownBy(() -> new ReceiptTable(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReceiptTable(ApiConfig.MAX_DOOR_STATUS_LIMIT + 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
