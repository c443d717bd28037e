package dev.gatehouse.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import kafka.server.KafkaConfig;
import org.apache.kafka.storage.internals.log.CleanerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaTest {

    @Test
    void theLogCleanerKeepsSixteenMebibytesOfKeysOnTheHeapNotKafkasDefault128(@TempDir Path dir) {
        CleanerConfig cleaner = new CleanerConfig(KafkaConfig.fromProps(EmbeddedKafka.properties(dir, 9092, 9093), false));

        assertThat(cleaner.enableCleaner).isTrue();
        assertThat(cleaner.dedupeBufferSize).isEqualTo(16L << 20).isLessThan(CleanerConfig.LOG_CLEANER_DEDUPE_BUFFER_SIZE);
        // Kafka wants at least 1 MiB of it per cleaner thread.
        assertThat(cleaner.dedupeBufferSize / cleaner.numThreads).isGreaterThan(1L << 20);
    }
}
