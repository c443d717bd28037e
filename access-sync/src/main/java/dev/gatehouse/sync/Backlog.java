package dev.gatehouse.sync;

import dev.gatehouse.contract.AccessChange;
import dev.gatehouse.contract.ResourceType;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Changes read but not yet done with, for one connector. Two rules decide what is pushed next:
 * <ul>
 *   <li><b>coalescing</b>: one entry per resource, holding only its newest state (highest version),
 *       so a backlog costs one push per resource, not one per change;</li>
 *   <li><b>revocation first</b>: an entry whose newest state takes access away (a user deleted or
 *       {@code active=false}, a deleted group) goes before every ordinary update; within each class,
 *       entries go in the order their resource first arrived.</li>
 * </ul>
 * Per-resource order holds because a resource has a single entry and only its newest state is
 * pushed (and the version check refuses anything older). Offsets: an entry holds the offset of the
 * first record it covers in each partition; a partition's committable offset is the smallest held
 * one (or past everything read), so a crash replays every change not yet done, never skips one.
 */
final class Backlog {
    /** One resource's pending state. */
    static final class Entry {
        final String key;
        final long seq;
        ConsumerRecord<String, byte[]> record;
        AccessChange change; // null: unreadable record
        boolean force;
        boolean urgent;
        int attempts;
        final Map<TopicPartition, Long> held = new HashMap<>();

        Entry(String key, long seq) {
            this.key = key;
            this.seq = seq;
        }
    }

    private final Map<String, Entry> byKey = new HashMap<>();
    private final TreeMap<Long, Entry> urgent = new TreeMap<>();
    private final TreeMap<Long, Entry> ordinary = new TreeMap<>();
    private final Map<TopicPartition, TreeSet<Long>> heldOffsets = new HashMap<>();
    private final Map<TopicPartition, Long> readUpTo = new LinkedHashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private long seq;

    /** Whether the state takes access away: it must not wait behind ordinary updates. */
    static boolean revokes(AccessChange change) {
        return change.deleted() || (change.resourceType() == ResourceType.USER && !change.userActive());
    }

    /** Notes a record read that needs no push (another organization's): only moves the offset. */
    void skip(ConsumerRecord<String, byte[]> record) {
        readUpTo.put(partition(record), record.offset() + 1);
    }

    /** Adds a record: a new entry, a newer state for an existing one, or nothing when older. */
    void add(ConsumerRecord<String, byte[]> record, AccessChange change, boolean force) {
        TopicPartition partition = partition(record);
        readUpTo.put(partition, record.offset() + 1);
        String key = change == null ? "unreadable/" + partition + "@" + record.offset()
                : change.tenantId() + "/" + change.resourceType() + "/" + change.resourceId();
        Entry entry = byKey.get(key);
        if (entry == null) {
            entry = new Entry(key, seq++);
            byKey.put(key, entry);
        } else if (change.version() < entry.change.version()
                || (change.version() == entry.change.version() && !force)) {
            hold(entry, partition, record.offset());
            return;
        }
        hold(entry, partition, record.offset());
        entry.force |= force;
        entry.record = record;
        entry.change = change;
        entry.attempts = 0;
        boolean nowUrgent = change != null && revokes(change);
        (entry.urgent ? urgent : ordinary).remove(entry.seq);
        entry.urgent = nowUrgent;
        (nowUrgent ? urgent : ordinary).put(entry.seq, entry);
    }

    private void hold(Entry entry, TopicPartition partition, long offset) {
        if (entry.held.putIfAbsent(partition, offset) == null) {
            heldOffsets.computeIfAbsent(partition, p -> new TreeSet<>()).add(offset);
        }
    }

    /** The entry to push next, or null when there is none. */
    Entry next() {
        Map.Entry<Long, Entry> first = urgent.isEmpty() ? ordinary.firstEntry() : urgent.firstEntry();
        return first == null ? null : first.getValue();
    }

    /** The entry is done with (applied, skipped or dead-lettered). */
    void done(Entry entry) {
        byKey.remove(entry.key);
        (entry.urgent ? urgent : ordinary).remove(entry.seq);
        entry.held.forEach((partition, offset) -> {
            TreeSet<Long> offsets = heldOffsets.get(partition);
            if (offsets != null) {
                offsets.remove(offset);
            }
        });
    }

    /**
     * Records of {@code partition} read but not yet done with: from the oldest one held back to the
     * last read (0 when nothing is held).
     */
    long unfinished(TopicPartition partition) {
        TreeSet<Long> offsets = heldOffsets.get(partition);
        Long upTo = readUpTo.get(partition);
        return offsets == null || offsets.isEmpty() || upTo == null ? 0 : upTo - offsets.first();
    }

    int size() {
        return byKey.size();
    }

    boolean isEmpty() {
        return byKey.isEmpty();
    }

    /** Offsets that may be committed now and were not yet: per partition, up to the first held record. */
    Map<TopicPartition, OffsetAndMetadata> committable() {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        readUpTo.forEach((partition, upTo) -> {
            TreeSet<Long> offsets = heldOffsets.get(partition);
            long offset = offsets == null || offsets.isEmpty() ? upTo : offsets.first();
            if (!Long.valueOf(offset).equals(committed.get(partition))) {
                out.put(partition, new OffsetAndMetadata(offset));
            }
        });
        return out;
    }

    void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((partition, offset) -> committed.put(partition, offset.offset()));
    }

    /** Forgets partitions this consumer no longer owns: their new owner reads them from the last commit. */
    void drop(Collection<TopicPartition> partitions) {
        for (Iterator<Entry> it = byKey.values().iterator(); it.hasNext(); ) {
            Entry entry = it.next();
            if (entry.held.keySet().stream().anyMatch(partitions::contains)) {
                // Offsets it holds in partitions still owned stay held (rare: one resource in two
                // partitions): their commits wait for a restart rather than skip the change.
                (entry.urgent ? urgent : ordinary).remove(entry.seq);
                it.remove();
            }
        }
        partitions.forEach(p -> {
            heldOffsets.remove(p);
            readUpTo.remove(p);
            committed.remove(p);
        });
    }

    private static TopicPartition partition(ConsumerRecord<String, byte[]> record) {
        return new TopicPartition(record.topic(), record.partition());
    }
}
