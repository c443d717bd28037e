package dev.gatehouse.processor.store;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;

/**
 * Points every store at the service's shared {@link RocksDbMemory} (the bounded-memory recipe of the
 * Kafka Streams memory-management guide). The shared objects are not closed here: they outlive
 * each store and are closed by their owner.
 */
public final class BoundedRocksDbConfig implements RocksDBConfigSetter {
    private static final int MEMTABLES_PER_STORE = 2;

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Object value = configs.get(RocksDbMemory.CONFIG_KEY);
        if (!(value instanceof RocksDbMemory memory)) {
            return; // no shared budget configured (e.g. TopologyTestDriver): RocksDB defaults
        }
        BlockBasedTableConfig table =
                (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(memory.cache());
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setTableFormatConfig(table);
        options.setWriteBufferManager(memory.writeBuffers());
        options.setMaxWriteBufferNumber(MEMTABLES_PER_STORE);
        options.setWriteBufferSize(Math.max(1L << 20, memory.writeBufferBytes() / 4));
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and write-buffer manager are shared; RocksDbMemory closes them.
    }
}
