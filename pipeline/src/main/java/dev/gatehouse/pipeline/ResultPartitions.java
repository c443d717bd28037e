package dev.gatehouse.pipeline;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * Results are keyed by the waiting API instance's id; the producer's default partitioner puts a keyed
 * record on {@code murmur2(key) % partitions}. An API instance computes the same to read only the one
 * partition that holds its answers.
 */
public final class ResultPartitions {
    private ResultPartitions() {
    }

    public static int partitionFor(String instanceId, int partitions) {
        byte[] key = instanceId.getBytes(StandardCharsets.UTF_8);
        return Utils.toPositive(Utils.murmur2(key)) % partitions;
    }
}
