package dev.gatehouse.sync;

import dev.gatehouse.contract.AccessChange;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.pipeline.JsonSerde;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;

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
 *
 * <p>A backlog may hold up to {@link Delivery#MAX_BACKLOG} resources, so a long one is kept small: past
 * {@code keepDecoded} entries an entry keeps its record's bytes, not the decoded change (a user's state
 * decoded into a JSON tree takes about three times its bytes), and its offsets are fields rather than a
 * map of its own. Its change is decoded again for the entry {@link #next} hands out, and only that one
 * holds it. 100,000 new users waiting took 394 MB of heap as trees and maps, and take 137 MB, 77 MB of
 * it their bytes. A short backlog, the usual one (changes pushed as they come), keeps the changes it was
 * given decoded, so each is decoded once, not twice: at most {@code keepDecoded} of them, plus the one
 * handed out.
 */
final class Backlog {
    private static final JsonSerde<AccessChange> SERDE = JsonSerde.of(AccessChange.class);
    /** Entries a backlog keeps decoded, when no other number is given. */
    static final int KEEP_DECODED = 1_000;

    /** One resource's pending state. */
    static final class Entry {
        final String key;
        final long seq;
        ConsumerRecord<String, byte[]> record;
        /**
         * The change: while the backlog is short, or while this entry is the one {@link #next} handed out;
         * else null until its turn, and null for an unreadable record.
         */
        AccessChange change;
        boolean force;
        boolean urgent;
        int attempts;
        /** False for a record that is not an access change. */
        private boolean readable;
        private long version;
        /** The partition of the first record it covers (a resource's changes share one), and that record's offset. */
        private TopicPartition partition;
        private long offset;
        /** The first offsets it covers in further partitions: rare, so absent until needed. */
        private Map<TopicPartition, Long> elsewhere;

        Entry(String key, long seq) {
            this.key = key;
            this.seq = seq;
        }

        /** Holds the offset unless the entry covers an earlier record of that partition; true when newly held. */
        private boolean hold(TopicPartition in, long at) {
            if (partition == null) {
                partition = in;
                offset = at;
                return true;
            }
            if (partition.equals(in)) {
                return false;
            }
            if (elsewhere == null) {
                elsewhere = new HashMap<>(4);
            }
            return elsewhere.putIfAbsent(in, at) == null;
        }

        /** Each partition it holds an offset in, with that offset. */
        private void forEachHeld(BiConsumer<TopicPartition, Long> action) {
            if (partition != null) {
                action.accept(partition, offset);
            }
            if (elsewhere != null) {
                elsewhere.forEach(action);
            }
        }

        private boolean holdsAny(Collection<TopicPartition> partitions) {
            return partition != null && partitions.contains(partition)
                    || elsewhere != null && elsewhere.keySet().stream().anyMatch(partitions::contains);
        }
    }

    private final Map<String, Entry> byKey = new HashMap<>();
    private final TreeMap<Long, Entry> urgent = new TreeMap<>();
    private final TreeMap<Long, Entry> ordinary = new TreeMap<>();
    private final Map<TopicPartition, TreeSet<Long>> heldOffsets = new HashMap<>();
    private final Map<TopicPartition, Long> readUpTo = new LinkedHashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private long seq;
    /** The entry {@link #next} handed out last: past {@code keepDecoded} entries, the only one holding its decoded change. */
    private Entry current;
    private final int keepDecoded;

    Backlog() {
        this(KEEP_DECODED);
    }

    /** {@code keepDecoded}: while it holds at most this many entries, they keep their changes decoded. */
    Backlog(int keepDecoded) {
        this.keepDecoded = keepDecoded;
    }

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
        } else if (change.version() < entry.version || (change.version() == entry.version && !force)) {
            hold(entry, partition, record.offset());
            return;
        }
        hold(entry, partition, record.offset());
        entry.force |= force;
        entry.record = record;
        entry.readable = change != null;
        entry.version = change == null ? -1 : change.version();
        // Past keepDecoded entries, decoded again when its turn comes: until then the record's bytes are enough.
        entry.change = byKey.size() <= keepDecoded ? change : null;
        entry.attempts = 0;
        boolean nowUrgent = change != null && revokes(change);
        (entry.urgent ? urgent : ordinary).remove(entry.seq);
        entry.urgent = nowUrgent;
        (nowUrgent ? urgent : ordinary).put(entry.seq, entry);
    }

    private void hold(Entry entry, TopicPartition partition, long offset) {
        if (entry.hold(partition, offset)) {
            heldOffsets.computeIfAbsent(partition, p -> new TreeSet<>()).add(offset);
        }
    }

    /**
     * The entry to push next, or null when there is none; its {@code change} is decoded (null for a
     * record that is not an access change), and the entry handed out before lets go of its own.
     */
    Entry next() {
        Map.Entry<Long, Entry> first = urgent.isEmpty() ? ordinary.firstEntry() : urgent.firstEntry();
        Entry entry = first == null ? null : first.getValue();
        if (current != null && current != entry && byKey.size() > keepDecoded) {
            current.change = null;
        }
        current = entry;
        if (entry != null && entry.readable && entry.change == null) {
            try {
                entry.change = SERDE.fromBytes(entry.record.value());
            } catch (SerializationException e) {
                entry.change = null; // it was read once already, so not expected: dead-lettered as unreadable
            }
            entry.readable = entry.change != null;
        }
        return entry;
    }

    /** The entry is done with (applied, skipped or dead-lettered). */
    void done(Entry entry) {
        forget(entry);
        byKey.remove(entry.key);
        (entry.urgent ? urgent : ordinary).remove(entry.seq);
        entry.forEachHeld((partition, offset) -> {
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
            if (entry.holdsAny(partitions)) {
                // Offsets it holds in partitions still owned stay held (rare: one resource in two
                // partitions): their commits wait for a restart rather than skip the change.
                (entry.urgent ? urgent : ordinary).remove(entry.seq);
                forget(entry);
                it.remove();
            }
        }
        partitions.forEach(p -> {
            heldOffsets.remove(p);
            readUpTo.remove(p);
            committed.remove(p);
        });
    }

    private void forget(Entry entry) {
        if (current == entry) {
            current = null; // its change goes with it
        }
    }

    private static TopicPartition partition(ConsumerRecord<String, byte[]> record) {
        return new TopicPartition(record.topic(), record.partition());
    }
}
