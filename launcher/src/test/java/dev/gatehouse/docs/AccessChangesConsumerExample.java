package dev.gatehouse.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads Gatehouse's access changes and opens or closes a person's doors; docs/events.md shows this file. */
public final class AccessChangesConsumerExample {
    /** What your door system does with one person: may they open doors, and in which groups. */
    public interface Doors {
        /** Grants ({@code active}) or revokes this person's access, as of {@code version}. */
        void apply(String tenantId, String userId, long version, boolean active, List<String> groupIds);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Consumes {@code topic} as consumer group {@code groupId} while {@code running} says so. */
    public static void consume(String bootstrapServers, String topic, String groupId, Doors doors,
            BooleanSupplier running) throws IOException {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (running.getAsBoolean()) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    JsonNode change = JSON.readTree(record.value());
                    if (!change.path("resourceType").asText().equals("USER")) {
                        continue; // a group's change carries its own attributes; members ride on user changes
                    }
                    JsonNode user = change.path("state");
                    boolean active = !change.path("deleted").asBoolean() && user.path("active").asBoolean(true);
                    List<String> groupIds = new ArrayList<>();
                    user.path("groups").forEach(id -> groupIds.add(id.asText()));
                    doors.apply(change.path("tenantId").asText(), change.path("resourceId").asText(),
                            change.path("version").asLong(), active, groupIds);
                }
                consumer.commitSync(); // only after acting: a crash delivers again, never skips
            }
        }
    }
}
