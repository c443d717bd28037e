package dev.gatehouse.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.pipeline.config.ConfigKeys;
import dev.gatehouse.processor.store.RocksDbMemory;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

/** The Kafka Streams settings several processor instances depend on, as built from the config. */
class StreamsPropertiesTest {

    @Test
    void standbysRecoveryLagSessionTimeoutAndTheAdvertisedAddressComeFromTheConfig() {
        ProcessorConfig config = ProcessorConfig.load(Map.of(
                ConfigKeys.STANDBY_REPLICAS, "1", ConfigKeys.SESSION_TIMEOUT_MS, "9000",
                ConfigKeys.ACCEPTABLE_RECOVERY_LAG, "2147483647"));
        try (RocksDbMemory memory = new RocksDbMemory(8L << 20, 2L << 20)) {
            Properties p = StreamProcessorService.properties(config, new HostInfo("processor-2", 8081), memory);

            assertThat(p.get(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG)).isEqualTo(1);
            assertThat(p.get(StreamsConfig.ACCEPTABLE_RECOVERY_LAG_CONFIG)).isEqualTo(2_147_483_647L);
            assertThat(p.get(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG))).isEqualTo(9000);
            assertThat(p.get(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG))).isEqualTo(3000);
            assertThat(p.get(StreamsConfig.APPLICATION_SERVER_CONFIG)).isEqualTo("processor-2:8081");
        }
    }

    @Test
    void byDefaultNoStandbyAndKafkasRecoveryLagAndSessionTimeout() {
        try (RocksDbMemory memory = new RocksDbMemory(8L << 20, 2L << 20)) {
            Properties p = StreamProcessorService.properties(ProcessorConfig.load(Map.of()), new HostInfo("127.0.0.1", 8081), memory);

            assertThat(p.get(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG)).isEqualTo(0);
            assertThat(p.get(StreamsConfig.ACCEPTABLE_RECOVERY_LAG_CONFIG)).isEqualTo(10_000L)
                    .isEqualTo(StreamsConfig.configDef().defaultValues().get(StreamsConfig.ACCEPTABLE_RECOVERY_LAG_CONFIG));
            assertThat(p.get(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG))).isEqualTo(45_000);
        }
    }

    @Test
    void theStreamThreadWaitsForInputNoLongerThanCommitsAreSpacedAndRetriesATransactionSoon() {
        try (RocksDbMemory memory = new RocksDbMemory(8L << 20, 2L << 20)) {
            Properties byDefault = StreamProcessorService.properties(ProcessorConfig.load(Map.of()),
                    new HostInfo("127.0.0.1", 8081), memory);
            Properties shortInterval = StreamProcessorService.properties(ProcessorConfig.load(Map.of(
                    ConfigKeys.COMMIT_INTERVAL_MS, "2")), new HostInfo("127.0.0.1", 8081), memory);

            assertThat(byDefault.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(100);
            assertThat(byDefault.get(StreamsConfig.POLL_MS_CONFIG)).isEqualTo(CommandProcessor.COMMIT_SPACING_MS);
            assertThat(shortInterval.get(StreamsConfig.POLL_MS_CONFIG)).isEqualTo(2L);
            assertThat(byDefault.get(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG)))
                    .isEqualTo(StreamProcessorService.RETRY_BACKOFF_MS);
        }
    }

    @Test
    void withoutTransactionalStoresNothingWaitsForACommitSoKafkaDoesNotCountIt() {
        try (RocksDbMemory memory = new RocksDbMemory(8L << 20, 2L << 20)) {
            Properties p = StreamProcessorService.properties(ProcessorConfig.load(Map.of()),
                    new HostInfo("127.0.0.1", 8081), memory);
            StreamsConfig config = new StreamsConfig(p);

            // Turning transactional stores on would need Kafka's early commit for their uncommitted bytes back.
            assertThat(config.getBoolean(StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG)).isFalse();
            assertThat(config.getLong(StreamsConfig.STATESTORE_UNCOMMITTED_MAX_BYTES_CONFIG)).isEqualTo(-1L);
        }
    }

    @Test
    void aTaskHasOneInputPartitionSoItNeverIdlesWaitingForAnother() {
        try (RocksDbMemory memory = new RocksDbMemory(8L << 20, 2L << 20)) {
            Properties p = StreamProcessorService.properties(ProcessorConfig.load(Map.of()),
                    new HostInfo("127.0.0.1", 8081), memory);

            assertThat(p.get(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG)).isEqualTo(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        }
        // Idling only orders records across a task's input partitions; with one input topic there is one.
        for (Topology topology : List.of(GatehouseTopology.build(TopologyFixture.TOPICS),
                GatehouseTopology.buildForRebuild(TopologyFixture.TOPICS))) {
            assertThat(topology.describe().subtopologies()).singleElement().satisfies(sub -> assertThat(
                    sub.nodes().stream().filter(TopologyDescription.Source.class::isInstance)
                            .flatMap(source -> ((TopologyDescription.Source) source).topicSet().stream()))
                    .containsExactly(TopologyFixture.TOPICS.commands()));
        }
    }
}
