package dev.gatehouse.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.contract.AccessChange;
import dev.gatehouse.pipeline.JsonSerde;
import dev.gatehouse.simulator.Changes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class BacklogTest {
    private static final String TOPIC = "access-changes";
    private static final JsonSerde<AccessChange> SERDE = JsonSerde.of(AccessChange.class);
    /** A backlog that keeps no change decoded but the one handed out, as a long one does. */
    private Backlog backlog = new Backlog(0);
    private long offset;

    private void add(AccessChange change) {
        add(0, offset++, change);
    }

    /** {@code change} as read at {@code offset} of {@code partition}. */
    private void add(int partition, long at, AccessChange change) {
        backlog.add(new ConsumerRecord<>(TOPIC, partition, at, change.tenantId() + "/" + change.resourceId(),
                SERDE.toBytes(change)), change, false);
    }

    private List<String> drain() {
        List<String> order = new ArrayList<>();
        for (Backlog.Entry e = backlog.next(); e != null; e = backlog.next()) {
            order.add(e.change.eventId());
            backlog.done(e);
        }
        return order;
    }

    @Test
    void onlyTheNewestStateOfAResourceIsKept() {
        add(Changes.user("t", "a", 1, true));
        add(Changes.user("t", "b", 1, true));
        add(Changes.user("t", "a", 3, true));
        add(Changes.user("t", "a", 2, true)); // older than what is queued: ignored
        assertThat(backlog.size()).isEqualTo(2);
        assertThat(drain()).containsExactly("c3/a", "c1/b");
    }

    @Test
    void revocationsGoBeforeOrdinaryUpdates() {
        for (int i = 0; i < 100; i++) {
            add(Changes.user("t", "u" + i, 1, true));
        }
        add(Changes.user("t", "u50", 2, false));
        add(Changes.deleted(Changes.group("t", "g", 1, "G"), 2));
        add(Changes.user("t", "x", 1, false));
        List<String> order = drain();
        assertThat(order.subList(0, 3)).containsExactly("c2/u50", "c2/g", "c1/x");
        assertThat(order).hasSize(102);
    }

    @Test
    void aReEnableAfterASuspendIsAnOrdinaryUpdateAgain() {
        add(Changes.user("t", "a", 1, true));
        add(Changes.user("t", "b", 1, false));
        add(Changes.user("t", "b", 2, true));
        assertThat(drain()).containsExactly("c1/a", "c2/b");
    }

    @Test
    void offsetsAreCommittableOnlyUpToTheFirstChangeNotDone() {
        TopicPartition p0 = new TopicPartition(TOPIC, 0);
        add(Changes.user("t", "a", 1, true)); // offset 0
        add(Changes.user("t", "b", 1, false)); // offset 1, urgent: done first
        backlog.done(backlog.next());
        assertThat(backlog.committable().get(p0).offset()).as("a at 0 still pending").isZero();
        add(Changes.user("t", "a", 2, true)); // offset 2, coalesced into a's entry, which still holds 0
        assertThat(backlog.committable().get(p0).offset()).isZero();
        backlog.done(backlog.next());
        assertThat(backlog.committable().get(p0).offset()).isEqualTo(3);
        backlog.committed(backlog.committable());
        assertThat(backlog.committable()).as("nothing new to commit").isEmpty();
    }

    @Test
    void onlyTheEntryHandedOutHoldsItsDecodedChangeTheOthersWaitAsTheirRecordsBytes() {
        AccessChange a = Changes.user("t", "a", 1, true);
        add(a);
        add(Changes.user("t", "b", 1, true));
        Backlog.Entry first = backlog.next();
        assertThat(first.change).isEqualTo(a);

        add(Changes.user("t", "c", 1, false)); // a revocation: handed out next, and a lets go of its change
        Backlog.Entry revocation = backlog.next();
        assertThat(revocation.change.eventId()).isEqualTo("c1/c");
        assertThat(first.change).isNull();
        backlog.done(revocation);

        AccessChange newer = Changes.user("t", "a", 2, true);
        add(newer); // while a waits: the newer state replaces it
        Backlog.Entry again = backlog.next();
        assertThat(again).isSameAs(first);
        assertThat(again.change).isEqualTo(newer);
        add(Changes.user("t", "a", 3, true)); // while handed out: the next hand-out has the newest
        assertThat(backlog.next().change.version()).isEqualTo(3);
    }

    @Test
    void aShortBacklogKeepsTheChangesItWasGivenSoEachIsDecodedOnce() {
        backlog = new Backlog(2);
        AccessChange a = Changes.user("t", "a", 1, true);
        AccessChange b = Changes.user("t", "b", 1, true);
        AccessChange c = Changes.user("t", "c", 1, true);
        add(a);
        add(b);
        add(c); // the third: past what it keeps decoded

        Backlog.Entry first = backlog.next();
        assertThat(first.change).isSameAs(a); // the very change it was given, not decoded again
        add(Changes.user("t", "d", 1, false)); // a revocation goes first; a, with four waiting, lets go of its change
        Backlog.Entry revocation = backlog.next();
        assertThat(first.change).isNull();
        backlog.done(revocation);
        backlog.done(backlog.next()); // a, decoded again

        Backlog.Entry second = backlog.next();
        assertThat(second.change).isSameAs(b);
        backlog.done(second);
        Backlog.Entry third = backlog.next();
        assertThat(third.change).isEqualTo(c).isNotSameAs(c); // it waited as bytes
        backlog.done(third);
        assertThat(backlog.next()).isNull();
    }

    @Test
    void aRecordThatIsNotAnAccessChangeIsHandedOutWithoutOne() {
        backlog.add(new ConsumerRecord<>(TOPIC, 0, offset++, "t/x", "not json".getBytes(StandardCharsets.UTF_8)), null, false);
        Backlog.Entry entry = backlog.next();
        assertThat(entry.change).isNull();
        assertThat(entry.record.value()).asString(StandardCharsets.UTF_8).isEqualTo("not json");
        backlog.done(entry);
        assertThat(backlog.next()).isNull();
    }

    @Test
    void aResourceReadFromTwoPartitionsHoldsTheFirstOffsetItCoversInEach() {
        TopicPartition p0 = new TopicPartition(TOPIC, 0);
        TopicPartition p1 = new TopicPartition(TOPIC, 1);
        AccessChange first = Changes.user("t", "a", 1, true);
        AccessChange second = Changes.user("t", "a", 2, true);
        AccessChange third = Changes.user("t", "a", 3, true);
        add(0, 5, first);
        add(1, 7, second);
        add(0, 6, third);

        assertThat(backlog.size()).isEqualTo(1);
        assertThat(backlog.committable().get(p0).offset()).isEqualTo(5);
        assertThat(backlog.committable().get(p1).offset()).isEqualTo(7);
        assertThat(backlog.unfinished(p0)).isEqualTo(2);
        assertThat(backlog.unfinished(p1)).isEqualTo(1);
        Backlog.Entry entry = backlog.next();
        assertThat(entry.change).isEqualTo(third);
        backlog.done(entry);
        assertThat(backlog.committable().get(p0).offset()).isEqualTo(7);
        assertThat(backlog.committable().get(p1).offset()).isEqualTo(8);
    }

    @Test
    void aPartitionTakenAwayTakesItsEntriesAlongAndTheirOffsetsElsewhereStayHeld() {
        TopicPartition p0 = new TopicPartition(TOPIC, 0);
        TopicPartition p1 = new TopicPartition(TOPIC, 1);
        AccessChange first = Changes.user("t", "a", 1, true);
        AccessChange second = Changes.user("t", "a", 2, true);
        AccessChange other = Changes.user("t", "b", 1, true);
        add(0, 5, first);
        add(1, 7, second);
        add(0, 6, other);

        backlog.drop(List.of(p1));
        assertThat(backlog.size()).isEqualTo(1);
        assertThat(backlog.next().change).isEqualTo(other);
        assertThat(backlog.committable()).containsOnlyKeys(p0);
        assertThat(backlog.committable().get(p0).offset()).as("a's offset in p0 waits for a restart").isEqualTo(5);
    }
}
