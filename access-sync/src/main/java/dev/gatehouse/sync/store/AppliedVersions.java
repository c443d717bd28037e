package dev.gatehouse.sync.store;

import dev.gatehouse.contract.AccessChange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBufferManager;

/**
 * The last version each resource reached at one connector, so a duplicate or an older change (a
 * replay, a redelivery after a crash between push and commit) is not pushed again, and an older
 * update can never re-enable a person a newer change disabled. Kept in RocksDB under the data
 * directory ({@code access-sync/<connector>}), so it survives a restart; keys start with the
 * tenant id. A second instance of the same connector in one data directory (tests, a restart that
 * overlaps) takes the next free {@code <connector>.<n>} directory, as RocksDB allows one owner.
 *
 * <p>Its memory is bounded explicitly, as the processor's stores are: one {@value #BUDGET_MIB} MiB
 * block cache per store, which its memtables (at most {@value #WRITE_BUFFER_MIB} MiB, in pieces of
 * half that) and its index and filter blocks are charged to. RocksDB's defaults (two 64 MiB
 * memtables and a block cache of its own) would let the store of 100,000 users sit in memory whole.
 */
public final class AppliedVersions implements AutoCloseable {
    /** The store's block cache, memtables included. */
    static final int BUDGET_MIB = 8;
    /** The part of the budget memtables may use. */
    static final int WRITE_BUFFER_MIB = 4;

    static {
        RocksDB.loadLibrary();
    }

    private final Options options;
    private final Cache cache;
    private final WriteBufferManager writeBuffers;
    private final RocksDB db;

    private AppliedVersions(Options options, Cache cache, WriteBufferManager writeBuffers, RocksDB db) {
        this.options = options;
        this.cache = cache;
        this.writeBuffers = writeBuffers;
        this.db = db;
    }

    /** Opens (or creates) the store of {@code connector} under {@code dataDir}. */
    public static AppliedVersions open(Path dataDir, String connector) {
        Path base = dataDir.resolve("access-sync");
        RocksDBException last = null;
        for (int slot = 0; slot < 16; slot++) {
            Path dir = base.resolve(slot == 0 ? connector : connector + "." + slot);
            // High-priority pool for index and filter blocks, so data blocks cannot evict them.
            Cache cache = new LRUCache((long) BUDGET_MIB << 20, -1, false, 0.1);
            WriteBufferManager writeBuffers = new WriteBufferManager((long) WRITE_BUFFER_MIB << 20, cache);
            BlockBasedTableConfig table = new BlockBasedTableConfig()
                    .setBlockCache(cache)
                    .setCacheIndexAndFilterBlocks(true)
                    .setCacheIndexAndFilterBlocksWithHighPriority(true)
                    .setPinTopLevelIndexAndFilter(true);
            Options options = new Options().setCreateIfMissing(true)
                    .setTableFormatConfig(table)
                    .setWriteBufferManager(writeBuffers)
                    .setWriteBufferSize((long) WRITE_BUFFER_MIB << 19)
                    .setMaxWriteBufferNumber(2);
            try {
                Files.createDirectories(dir);
                return new AppliedVersions(options, cache, writeBuffers, RocksDB.open(options, dir.toString()));
            } catch (RocksDBException e) {
                close(options, writeBuffers, cache);
                last = e; // most likely held by another instance: try the next slot
            } catch (IOException e) {
                close(options, writeBuffers, cache);
                throw new IllegalStateException("cannot create " + dir, e);
            }
        }
        throw new IllegalStateException("cannot open the applied-versions store of " + connector, last);
    }

    /**
     * Whether the door system already has this change or a newer one. A forced change (a replay or
     * redrive aimed at this connector) is pushed again at the same version, never at an older one.
     */
    public boolean isStale(AccessChange change, boolean force) {
        long last = last(change);
        return force ? change.version() < last : change.version() <= last;
    }

    /** The version last done with, or -1. */
    public long last(AccessChange change) {
        try {
            byte[] value = db.get(key(change));
            return value == null ? -1 : ByteBuffer.wrap(value).getLong();
        } catch (RocksDBException e) {
            throw new IllegalStateException("applied-versions store unreadable", e);
        }
    }

    /** Records that the change is done with (applied, or dead-lettered for good). */
    public void record(AccessChange change) {
        if (change.version() <= last(change)) {
            return;
        }
        try {
            db.put(key(change), ByteBuffer.allocate(Long.BYTES).putLong(change.version()).array());
        } catch (RocksDBException e) {
            throw new IllegalStateException("applied-versions store unwritable", e);
        }
    }

    private static byte[] key(AccessChange change) {
        return (change.tenantId() + "/" + change.resourceType() + "/" + change.resourceId()).getBytes(StandardCharsets.UTF_8);
    }

    /** A RocksDB property of the store, e.g. {@code rocksdb.cur-size-all-mem-tables}. */
    long property(String name) {
        try {
            return db.getLongProperty(name);
        } catch (RocksDBException e) {
            throw new IllegalStateException("applied-versions store unreadable", e);
        }
    }

    @Override
    public void close() {
        db.close();
        close(options, writeBuffers, cache);
    }

    private static void close(Options options, WriteBufferManager writeBuffers, Cache cache) {
        options.close();
        writeBuffers.close();
        cache.close();
    }
}
