package dev.gatehouse.api.doors;

import dev.gatehouse.api.config.ApiConfig;
import dev.gatehouse.api.read.TopicFollower;
import dev.gatehouse.contract.DoorReceipt;
import dev.gatehouse.pipeline.JsonSerde;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each door system last confirmed, per organization and resource: the door-status topic read
 * whole (no consumer group, from the beginning, then following it), so every API instance can tell
 * whether a user's current version has reached the door systems.
 */
public final class DoorStatusView implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DoorStatusView.class);
    private static final JsonSerde<DoorReceipt> SERDE = JsonSerde.of(DoorReceipt.class);

    /** tenant → resource id → connector → receipt. */
    private final Map<String, Map<String, Map<String, DoorReceipt>>> receipts = new ConcurrentHashMap<>();
    private TopicFollower follower;

    private DoorStatusView() {
    }

    public static DoorStatusView start(ApiConfig config, String topic) {
        DoorStatusView view = new DoorStatusView();
        view.follower = TopicFollower.start(config, topic, "door-status", view::apply);
        return view;
    }

    /** The receipts for one resource of an organization, by connector name. */
    public Map<String, DoorReceipt> of(String tenantId, String resourceId) {
        return Map.copyOf(receipts.getOrDefault(tenantId, Map.of()).getOrDefault(resourceId, Map.of()));
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return; // receipts are only ever replaced, never deleted
        }
        SERDE.readOrSkip(record, LOG, "door receipt", this::keep);
    }

    private void keep(DoorReceipt receipt) {
        receipts.computeIfAbsent(receipt.tenantId(), t -> new ConcurrentHashMap<>())
                .computeIfAbsent(receipt.resourceId(), r -> new ConcurrentHashMap<>())
                .merge(receipt.connector(), receipt, (held, next) -> next.version() >= held.version() ? next : held);
    }

    @Override
    public void close() {
        follower.close();
    }
}
