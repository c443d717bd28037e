package dev.gatehouse.processor.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.contract.TimelineEvent;
import dev.gatehouse.pipeline.JsonSerde;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The timeline store on a real RocksDB: a person's events newest first, the positions reached, the retention. */
class TimelineStoreTest {
    private static final JsonSerde<TimelineEvent> EVENTS = JsonSerde.of(TimelineEvent.class);
    private static final Instant NOW = Instant.parse("2026-03-31T12:00:00Z");
    private static final Duration RETENTION = Duration.ofDays(30);

    @TempDir
    Path dir;
    private final AtomicLong clock = new AtomicLong(NOW.toEpochMilli());
    private TimelineStore store;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void answersAPersonsEventsNewestFirstWithinTheLimitAndNoOneElses() {
        store = open();
        store.append(List.of(
                entry(0, 0, door("acme", "u1", NOW.minusSeconds(30))),
                entry(0, 1, door("acme", "u10", NOW.minusSeconds(20))),
                entry(0, 2, door("acme", "u1", NOW.minusSeconds(10))),
                entry(1, 0, door("other", "u1", NOW.minusSeconds(5))),
                entry(0, 3, door("acme", "u1", NOW.minusSeconds(40)))));

        assertThat(times(store.newest("acme", "u1", 10)))
                .containsExactly(NOW.minusSeconds(10), NOW.minusSeconds(30), NOW.minusSeconds(40));
        assertThat(times(store.newest("acme", "u1", 2))).containsExactly(NOW.minusSeconds(10), NOW.minusSeconds(30));
        assertThat(times(store.newest("acme", "u10", 10))).containsExactly(NOW.minusSeconds(20));
        assertThat(times(store.newest("other", "u1", 10))).containsExactly(NOW.minusSeconds(5));
        assertThat(store.newest("acme", "u", 10)).isEmpty();
        assertThat(store.newest("nobody", "u1", 10)).isEmpty();
    }

    @Test
    void eventsOfOneMillisecondComeNewestWrittenFirst() {
        store = open();
        Instant at = NOW.minusSeconds(1);
        store.append(List.of(entry(0, 7, door("acme", "u1", at, "first")), entry(0, 8, door("acme", "u1", at, "second"))));

        assertThat(store.newest("acme", "u1", 10)).extracting(v -> EVENTS.fromBytes(v).connector())
                .containsExactly("second", "first");
    }

    @Test
    void keepsEachEventAsItsRecordsBytesPlacedByItsOwnTimeOrElseTheRecords() {
        store = open();
        byte[] door = door("acme", "u9", NOW.minusSeconds(60));
        byte[] timeless = ("{\"tenantId\":\"acme\",\"resourceId\":\"u9\",\"kind\":\"door\"}").getBytes(StandardCharsets.UTF_8);
        // Well-formed with a field of the wrong type: stored; it is the reader that leaves it out.
        byte[] odd = ("{\"tenantId\":\"acme\",\"resourceId\":\"u9\",\"at\":\"" + NOW.minusSeconds(90) + "\",\"version\":\"two\"}")
                .getBytes(StandardCharsets.UTF_8);
        store.append(List.of(
                new TimelineStore.Entry(0, 0, NOW.minusSeconds(1).toEpochMilli(), door),
                new TimelineStore.Entry(0, 1, NOW.minusSeconds(120).toEpochMilli(), timeless),
                new TimelineStore.Entry(0, 2, NOW.toEpochMilli(), odd)));

        assertThat(store.newest("acme", "u9", 10)).containsExactly(door, odd, timeless);
    }

    @Test
    void passesOverWhatHasNoPlaceButCountsItsPosition() {
        store = open();
        store.append(List.of(
                entry(0, 4, "{\"tenantId\":".getBytes(StandardCharsets.UTF_8)),
                entry(0, 5, "[1,2]".getBytes(StandardCharsets.UTF_8)),
                entry(0, 6, ("{\"tenantId\":\"acme\",\"at\":\"" + NOW + "\"}").getBytes(StandardCharsets.UTF_8)),
                entry(1, 9, null)));

        assertThat(store.newest("acme", "u1", 10)).isEmpty();
        assertThat(store.positions()).isEqualTo(Map.of(0, 7L, 1, 10L));
    }

    @Test
    void positionsAndEventsSurviveAReopenAndARecordWrittenAgainLandsOnItself() {
        store = open();
        TimelineStore.Entry first = entry(0, 0, door("acme", "u1", NOW.minusSeconds(3)));
        store.append(List.of(first, entry(1, 41, door("acme", "u2", NOW.minusSeconds(2)))));
        store.close();

        store = open();
        assertThat(store.positions()).isEqualTo(Map.of(0, 1L, 1, 42L));
        store.append(List.of(first, entry(0, 1, door("acme", "u1", NOW.minusSeconds(1)))));

        assertThat(times(store.newest("acme", "u1", 10))).containsExactly(NOW.minusSeconds(1), NOW.minusSeconds(3));
        assertThat(store.positions()).isEqualTo(Map.of(0, 2L, 1, 42L));
    }

    @Test
    void anEventIsKeptForExactlyTheRetention() {
        store = open();
        Instant edge = NOW.minus(RETENTION);
        store.append(List.of(
                entry(0, 0, door("acme", "u1", edge.minusMillis(1))), // already past it: not stored
                entry(0, 1, door("acme", "u1", edge)),
                entry(0, 2, door("acme", "u1", edge.plusMillis(1)))));
        assertThat(times(store.newest("acme", "u1", 10))).containsExactly(edge.plusMillis(1), edge);
        assertThat(store.expire()).isZero();

        clock.addAndGet(1);
        assertThat(times(store.newest("acme", "u1", 10))).containsExactly(edge.plusMillis(1));
        assertThat(store.expire()).isEqualTo(1);
        assertThat(store.expire()).isZero();

        clock.addAndGet(Duration.ofDays(1).toMillis());
        assertThat(store.expire()).isEqualTo(1);
        assertThat(store.newest("acme", "u1", 10)).isEmpty();
        assertThat(store.positions()).isEqualTo(Map.of(0, 3L));
    }

    @Test
    void expiresMoreEventsThanOneWriteDeletes() {
        store = open();
        List<TimelineStore.Entry> old = new java.util.ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            old.add(entry(0, i, door("acme", "u" + (i % 7), NOW.minusSeconds(3_600).plusMillis(i))));
        }
        store.append(old);
        store.append(List.of(entry(0, 2_500, door("acme", "u1", NOW))));

        clock.addAndGet(RETENTION.toMillis());

        assertThat(store.expire()).isEqualTo(2_500);
        assertThat(times(store.newest("acme", "u1", 10))).containsExactly(NOW);
    }

    @Test
    void refusesUseOnceClosed() {
        store = open();
        store.close();

        assertThat(store.closed()).isTrue();
        assertThatThrownBy(() -> store.newest("acme", "u1", 10)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.append(List.of(entry(0, 0, door("acme", "u1", NOW)))))
                .isInstanceOf(IllegalStateException.class);
    }

    private TimelineStore open() {
        return TimelineStore.open(dir.resolve("timeline"), null, RETENTION, clock::get);
    }

    private static TimelineStore.Entry entry(int partition, long offset, byte[] value) {
        return new TimelineStore.Entry(partition, offset, NOW.toEpochMilli(), value);
    }

    private static byte[] door(String tenantId, String userId, Instant at) {
        return door(tenantId, userId, at, "kisi");
    }

    private static byte[] door(String tenantId, String userId, Instant at, String connector) {
        return EVENTS.toBytes(TimelineEvent.door(tenantId, ResourceType.USER, userId, at, connector, 2,
                TimelineEvent.APPLIED, null));
    }

    private static List<Instant> times(List<byte[]> events) {
        return events.stream().map(v -> EVENTS.fromBytes(v).at()).toList();
    }
}
