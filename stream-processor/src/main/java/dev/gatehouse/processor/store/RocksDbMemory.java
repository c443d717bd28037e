package dev.gatehouse.processor.store;

import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

/**
 * One bounded block cache and write-buffer manager shared by every RocksDB store of a service, so
 * that off-heap memory stays bounded however many partitions (hence store instances) a service owns.
 * Owned by the service that created it: closed after Kafka Streams has closed its stores.
 *
 * <p>Handed to {@link BoundedRocksDbConfig} through the Streams properties under {@link #CONFIG_KEY}
 * (Streams passes its original properties to the config setter), so no static state is needed.
 */
public final class RocksDbMemory implements AutoCloseable {
    /** The Streams property that carries the instance to {@link BoundedRocksDbConfig}. */
    public static final String CONFIG_KEY = "gatehouse.rocksdb.memory";

    private final Cache cache;
    private final WriteBufferManager writeBuffers;
    private final long writeBufferBytes;

    /**
     * @param totalBytes       block cache size, memtables included (they are charged to the cache)
     * @param writeBufferBytes the part of it memtables may use
     */
    public RocksDbMemory(long totalBytes, long writeBufferBytes) {
        RocksDB.loadLibrary();
        // High-priority pool for index and filter blocks, so data blocks cannot evict them.
        this.cache = new LRUCache(totalBytes, -1, false, 0.1);
        this.writeBuffers = new WriteBufferManager(writeBufferBytes, cache);
        this.writeBufferBytes = writeBufferBytes;
    }

    Cache cache() {
        return cache;
    }

    WriteBufferManager writeBuffers() {
        return writeBuffers;
    }

    long writeBufferBytes() {
        return writeBufferBytes;
    }

    @Override
    public void close() {
        writeBuffers.close();
        cache.close();
    }
}
