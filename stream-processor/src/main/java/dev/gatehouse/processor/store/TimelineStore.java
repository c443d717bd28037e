package dev.gatehouse.processor.store;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.gatehouse.scim.ScimJson;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.CompactionStyle;
import org.rocksdb.CompressionType;
import org.rocksdb.FlushOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The timeline topic kept queryable by person, in a RocksDB database of its own: each event under its
 * tenant and resource at its own time, so a person's events are read newest first. The topic is the
 * store's only log. Each batch of records is written together with the positions it reaches, in one
 * atomic write, so whenever the process stops, a kill included, reading resumes exactly after the last
 * event the store kept: none is lost or stored twice, and no changelog repeats the topic. A key also names the record's partition and offset, so a record written again lands on itself.
 *
 * <p>Keys, by their first byte:
 * <ul>
 *   <li>{@code E}, the person's key's length (2 bytes) and UTF-8 bytes ({@code tenant/resourceId}), the
 *       event's time (8), the record's partition (4) and offset (8) → the record's own bytes;</li>
 *   <li>{@code X}, the event's time (8) and its {@code E} key → nothing: the order in which events expire;</li>
 *   <li>{@code P} and a partition (4) → the next offset to read there (8).</li>
 * </ul>
 * Events older than the retention are never answered, and {@link #expire} deletes them.
 *
 * <p>An event is stored as the record's bytes: only its place (tenant, resource, time) is read here, with
 * a streaming parser; the event is decoded when a timeline is asked for, where one that cannot be read is
 * left out. A record whose place cannot be read is logged and skipped: a timeline is a view, and one bad
 * record must not stop the others.
 *
 * <p>Thread-safe: one thread appends and expires, any reads; {@link #close} waits for reads under way.
 */
public final class TimelineStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TimelineStore.class);
    private static final byte EVENT = 'E';
    private static final byte EXPIRY = 'X';
    private static final byte POSITION = 'P';
    /** An event key's bytes after the person: time, partition, offset. */
    private static final int SUFFIX = 8 + 4 + 8;
    private static final int MAX_PERSON_BYTES = 0xFFFF;
    private static final int DELETES_PER_WRITE = 1_000;

    private final RocksDB db;
    private final Options options;
    /**
     * No write-ahead log: after a crash RocksDB comes back with what it had flushed, a prefix of the writes,
     * positions included, so reading resumes where those events end and reads the rest again. A clean
     * close flushes everything.
     */
    private final WriteOptions writeOptions = new WriteOptions().setDisableWAL(true);
    private final long retentionMillis;
    private final LongSupplier clock;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    /** One record of the timeline topic: where it was read, its timestamp and its value. */
    public record Entry(int partition, long offset, long timestamp, byte[] value) {
    }

    /** Where an event goes: its tenant and resource, and its time (null: the record's). */
    public record Place(String tenantId, String resourceId, Instant at) {
    }

    private TimelineStore(RocksDB db, Options options, Duration retention, LongSupplier clock) {
        this.db = db;
        this.options = options;
        this.retentionMillis = retention.toMillis();
        this.clock = clock;
    }

    /**
     * Opens (or creates) the store in {@code dir}, keeping events for {@code retention} by {@code clock}
     * (epoch milliseconds). With {@code memory}, its blocks and memtables are charged to that shared budget;
     * the budget must outlive the store.
     */
    public static TimelineStore open(Path dir, RocksDbMemory memory, Duration retention, LongSupplier clock) {
        RocksDB.loadLibrary();
        // As Kafka Streams opens its stores: no compression and universal compaction (with RocksDB's defaults,
        // Snappy and levelled compaction, the bench's processor spent about 0.05 ms more CPU per SCIM write at
        // 64 clients), and no info log filling the directory.
        Options options = new Options().setCreateIfMissing(true)
                .setCompressionType(CompressionType.NO_COMPRESSION)
                .setCompactionStyle(CompactionStyle.UNIVERSAL)
                .setInfoLogLevel(InfoLogLevel.ERROR_LEVEL);
        options.setTableFormatConfig(new BlockBasedTableConfig());
        if (memory != null) {
            new BoundedRocksDbConfig().setConfig(StoreNames.TIMELINE, options, Map.of(RocksDbMemory.CONFIG_KEY, memory));
        }
        try {
            Files.createDirectories(dir);
            return new TimelineStore(RocksDB.open(options, dir.toString()), options, retention, clock);
        } catch (IOException | RocksDBException e) {
            options.close();
            throw new IllegalStateException("cannot open the timeline store in " + dir, e);
        }
    }

    /**
     * Stores {@code entries} and the positions they reach, in one atomic write. An entry whose place
     * cannot be read, or older than the retention, is passed over; its position still counts.
     */
    public void append(List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        long cutoff = cutoff();
        Map<Integer, Long> next = new HashMap<>();
        try (WriteBatch batch = new WriteBatch()) {
            for (Entry entry : entries) {
                next.merge(entry.partition(), entry.offset() + 1, Math::max);
                byte[] key = eventKey(entry);
                if (key == null || at(key) < cutoff) {
                    continue;
                }
                batch.put(key, entry.value());
                batch.put(expiryKey(key), new byte[0]);
            }
            for (Map.Entry<Integer, Long> position : next.entrySet()) {
                batch.put(positionKey(position.getKey()), ByteBuffer.allocate(8).putLong(position.getValue()).array());
            }
            whileOpen(() -> write(batch));
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot write to the timeline store", e);
        }
    }

    /** For each partition read so far, the next offset to read. */
    public Map<Integer, Long> positions() {
        Map<Integer, Long> positions = new HashMap<>();
        whileOpen(() -> {
            try (RocksIterator it = db.newIterator()) {
                for (it.seek(new byte[] {POSITION}); it.isValid() && it.key()[0] == POSITION; it.next()) {
                    positions.put(ByteBuffer.wrap(it.key(), 1, 4).getInt(), ByteBuffer.wrap(it.value()).getLong());
                }
            }
            return null;
        });
        return positions;
    }

    /**
     * At most {@code limit} events of {@code resourceId} in {@code tenantId}, newest first (by time, then as
     * written), each as its record's bytes; none older than the retention.
     */
    public List<byte[]> newest(String tenantId, String resourceId, int limit) {
        byte[] prefix = personPrefix(StoreKeys.timeline(tenantId, resourceId));
        if (prefix == null) {
            return List.of();
        }
        long cutoff = cutoff();
        return whileOpen(() -> {
            List<byte[]> events = new ArrayList<>();
            byte[] last = Arrays.copyOf(prefix, prefix.length + SUFFIX);
            Arrays.fill(last, prefix.length, last.length, (byte) 0xFF);
            try (RocksIterator it = db.newIterator()) {
                for (it.seekForPrev(last); it.isValid() && events.size() < limit; it.prev()) {
                    byte[] key = it.key();
                    if (!startsWith(key, prefix) || at(key) < cutoff) {
                        break;
                    }
                    events.add(it.value());
                }
            }
            return events;
        });
    }

    /** Deletes every event older than the retention; answers how many. */
    public int expire() {
        long cutoff = cutoff();
        int deleted = 0;
        byte[] start = {EXPIRY};
        byte[] end = ByteBuffer.allocate(9).put(EXPIRY).putLong(Math.max(0, cutoff)).array();
        while (true) {
            int step = whileOpen(() -> {
                int n = 0;
                try (RocksIterator it = db.newIterator(); WriteBatch batch = new WriteBatch()) {
                    for (it.seek(start); it.isValid() && n < DELETES_PER_WRITE && compare(it.key(), end) < 0; it.next()) {
                        byte[] key = it.key();
                        batch.delete(key);
                        batch.delete(Arrays.copyOfRange(key, 9, key.length));
                        n++;
                    }
                    if (n > 0) {
                        write(batch);
                    }
                } catch (RocksDBException e) {
                    throw new IllegalStateException("cannot expire timeline events", e);
                }
                return n;
            });
            deleted += step;
            if (step < DELETES_PER_WRITE) {
                return deleted;
            }
        }
    }

    /** Whether {@link #close} ran. */
    public boolean closed() {
        lock.readLock().lock();
        try {
            return closed;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
                db.flush(flush);
            } catch (RocksDBException e) {
                LOG.warn("could not flush the timeline store on close; it reads the rest again at start", e);
            }
            writeOptions.close();
            db.close();
            options.close();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * The place of the event {@code value} holds, read from its top-level {@code tenantId}, {@code resourceId}
     * and {@code at}; null for no value or a value that is not a JSON object. Malformed JSON throws.
     */
    public static Place place(byte[] value) throws IOException {
        if (value == null) {
            return null;
        }
        try (JsonParser parser = ScimJson.mapper().createParser(value)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String tenantId = null;
            String resourceId = null;
            Instant at = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                switch (name) {
                    case "tenantId" -> tenantId = token.isScalarValue() ? parser.getValueAsString() : null;
                    case "resourceId" -> resourceId = token.isScalarValue() ? parser.getValueAsString() : null;
                    case "at" -> at = token == JsonToken.VALUE_NULL ? null : parser.readValueAs(Instant.class);
                    default -> parser.skipChildren();
                }
            }
            return new Place(tenantId, resourceId, at);
        }
    }

    /** The entry's event key; null (logged) when its place cannot be read. */
    private static byte[] eventKey(Entry entry) {
        Place place;
        try {
            place = place(entry.value());
        } catch (IOException | RuntimeException e) {
            LOG.warn("skipping an unreadable timeline record (partition {}, offset {})", entry.partition(), entry.offset());
            return null;
        }
        if (place == null || place.tenantId() == null || place.resourceId() == null) {
            return null;
        }
        byte[] prefix = personPrefix(StoreKeys.timeline(place.tenantId(), place.resourceId()));
        if (prefix == null) {
            LOG.warn("skipping a timeline record naming a resource too long to keep (partition {}, offset {})",
                    entry.partition(), entry.offset());
            return null;
        }
        long at = Math.max(0, place.at() == null ? entry.timestamp() : place.at().toEpochMilli());
        return ByteBuffer.allocate(prefix.length + SUFFIX).put(prefix).putLong(at).putInt(entry.partition())
                .putLong(entry.offset()).array();
    }

    /** {@code E}, the person key's length and bytes; null when too long for two bytes of length. */
    private static byte[] personPrefix(String person) {
        byte[] bytes = person.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_PERSON_BYTES) {
            return null;
        }
        return ByteBuffer.allocate(3 + bytes.length).put(EVENT).putShort((short) bytes.length).put(bytes).array();
    }

    private static byte[] expiryKey(byte[] eventKey) {
        return ByteBuffer.allocate(9 + eventKey.length).put(EXPIRY).putLong(at(eventKey)).put(eventKey).array();
    }

    private static byte[] positionKey(int partition) {
        return ByteBuffer.allocate(5).put(POSITION).putInt(partition).array();
    }

    /** The time in an event key. */
    private static long at(byte[] eventKey) {
        return ByteBuffer.wrap(eventKey, eventKey.length - SUFFIX, 8).getLong();
    }

    private long cutoff() {
        return clock.getAsLong() - retentionMillis;
    }

    /** Writes {@code batch}; only under {@link #whileOpen}, so never after {@link #close}. */
    private Void write(WriteBatch batch) {
        try {
            db.write(writeOptions, batch);
            return null;
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot write to the timeline store", e);
        }
    }

    /** Runs {@code work} on the open database; close waits for it. */
    private <T> T whileOpen(Supplier<T> work) {
        lock.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("the timeline store is closed");
            }
            return work.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static int compare(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }
}
