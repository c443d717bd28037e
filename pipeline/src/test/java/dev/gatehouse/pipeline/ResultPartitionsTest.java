package dev.gatehouse.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class ResultPartitionsTest {

    @Test
    void agreesWithTheProducersPartitionerForKeyedRecords() {
        for (int i = 0; i < 200; i++) {
            String instance = "api-" + i;
            for (int partitions : new int[] {1, 2, 6, 12}) {
                int producers = BuiltInPartitioner.partitionForKey(instance.getBytes(StandardCharsets.UTF_8), partitions);
                assertThat(ResultPartitions.partitionFor(instance, partitions)).isEqualTo(producers);
            }
        }
    }
}
