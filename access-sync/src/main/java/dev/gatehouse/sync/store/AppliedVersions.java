package dev.gatehouse.sync.store;

import dev.gatehouse.contract.AccessChange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * The last version each resource reached at one connector, so a duplicate or an older change (a
 * replay, a redelivery after a crash between push and commit) is not pushed again, and an older
 * update can never re-enable a person a newer change disabled. Kept in RocksDB under the data
 * directory ({@code access-sync/<connector>}), so it survives a restart; keys start with the
 * tenant id. A second instance of the same connector in one data directory (tests, a restart that
 * overlaps) takes the next free {@code <connector>.<n>} directory, as RocksDB allows one owner.
 */
public final class AppliedVersions implements AutoCloseable {
    static {
        RocksDB.loadLibrary();
    }

    private final Options options;
    private final RocksDB db;

    private AppliedVersions(Options options, RocksDB db) {
        this.options = options;
        this.db = db;
    }

    /** Opens (or creates) the store of {@code connector} under {@code dataDir}. */
    public static AppliedVersions open(Path dataDir, String connector) {
        Path base = dataDir.resolve("access-sync");
        RocksDBException last = null;
        for (int slot = 0; slot < 16; slot++) {
            Path dir = base.resolve(slot == 0 ? connector : connector + "." + slot);
            Options options = new Options().setCreateIfMissing(true);
            try {
                Files.createDirectories(dir);
                return new AppliedVersions(options, RocksDB.open(options, dir.toString()));
            } catch (RocksDBException e) {
                options.close();
                last = e; // most likely held by another instance: try the next slot
            } catch (IOException e) {
                options.close();
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

    @Override
    public void close() {
        db.close();
        options.close();
    }
}
