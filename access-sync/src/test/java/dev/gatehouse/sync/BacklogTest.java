package dev.gatehouse.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.contract.AccessChange;
import dev.gatehouse.simulator.Changes;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class BacklogTest {
    private static final String TOPIC = "access-changes";
    private final Backlog backlog = new Backlog();
    private long offset;

    private void add(AccessChange change) {
        backlog.add(new ConsumerRecord<>(TOPIC, 0, offset++, change.tenantId() + "/" + change.resourceId(), new byte[0]),
                change, false);
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
}
