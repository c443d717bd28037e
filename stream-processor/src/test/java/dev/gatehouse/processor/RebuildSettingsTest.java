package dev.gatehouse.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.pipeline.config.ConfigKeys;
import dev.gatehouse.pipeline.config.ConfigSource;
import dev.gatehouse.processor.store.BoundedRocksDbConfig;
import dev.gatehouse.processor.store.RocksDbMemory;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.junit.jupiter.api.Test;

/**
 * What a rebuild may relax and what it must keep of the live processor's Streams settings. The
 * rebuild's equality with live is proven on a real broker by {@link RebuildIT}.
 */
class RebuildSettingsTest {
    private static final ProcessorConfig CONFIG = ProcessorConfig.from(ConfigSource.of(Map.of(
            ConfigKeys.APPLICATION_ID, "gatehouse-processor-rebuild-x",
            ConfigKeys.COMMIT_INTERVAL_MS, "1000")));

    @Test
    void aRebuildRunsAtLeastOnceWithBiggerBatchesButReadsOnlyCommittedCommands() {
        try (RocksDbMemory memory = new RocksDbMemory(8L << 20, 2L << 20)) {
            Properties p = Rebuild.properties(CONFIG, memory);
            assertThat(p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.AT_LEAST_ONCE);
            // The live processor reads read_committed under exactly-once; a rebuild must see the same commands.
            assertThat(p.get(StreamsConfig.consumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG))).isEqualTo("read_committed");
            assertThat(new StreamsConfig(p).getMainConsumerConfigs("g", "c", 0))
                    .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            assertThat((Integer) p.get(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG)))
                    .isGreaterThan(ConsumerConfig.DEFAULT_MAX_POLL_RECORDS);
            assertThat(p).doesNotContainKey(StreamsConfig.APPLICATION_SERVER_CONFIG);
        }
    }

    @Test
    void anIdlePollAndAnEmptyStoresRestoreEndWithinTheLookWhetherTheRebuildRanOutOfCommands() {
        try (RocksDbMemory memory = new RocksDbMemory(8L << 20, 2L << 20)) {
            Properties p = Rebuild.properties(CONFIG, memory);
            assertThat((Long) p.get(StreamsConfig.POLL_MS_CONFIG)).isLessThanOrEqualTo(CommandProcessor.CAUGHT_UP_CHECK.toMillis());
            // Every task starts empty: its restore is done at the restore consumer's next fetch.
            assertThat((Integer) new StreamsConfig(p).getRestoreConsumerConfigs("restore")
                    .get(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG)).isLessThanOrEqualTo((int) CommandProcessor.CAUGHT_UP_CHECK.toMillis());
        }
    }

    @Test
    void aRebuildKeepsTheLiveProcessorsStoresAndPoisonCommandHandling() {
        try (RocksDbMemory memory = new RocksDbMemory(8L << 20, 2L << 20)) {
            Properties p = Rebuild.properties(CONFIG, memory);
            assertThat(p.get(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("gatehouse-processor-rebuild-x");
            assertThat(p.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG)).isEqualTo(BoundedRocksDbConfig.class);
            assertThat(p.get(RocksDbMemory.CONFIG_KEY)).isSameAs(memory);
            assertThat(p.get(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG))
                    .isEqualTo(LogAndContinueExceptionHandler.class);
            assertThat(p.get(StreamsConfig.STATE_DIR_CONFIG)).isEqualTo(CONFIG.stateDir().toAbsolutePath().toString());
        }
    }
}
