package dev.gatehouse.api.doors;

import dev.gatehouse.api.config.ApiConfig;
import dev.gatehouse.api.read.TopicFollower;
import dev.gatehouse.contract.DoorReceipt;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each door system last confirmed, per organization and resource: the door-status topic read
 * whole (no consumer group, from the beginning, then following it), so every API instance can tell
 * whether a user's current version has reached the door systems.
 */
public final class DoorStatusView implements AutoCloseable {
    /** tenant → resource id → connector → receipt. */
    private final Map<String, Map<String, Map<String, DoorReceipt>>> receipts = new ConcurrentHashMap<>();
    private TopicFollower follower;

    private DoorStatusView() {
    }

    public static DoorStatusView start(ApiConfig config, String topic) {
        DoorStatusView view = new DoorStatusView();
        view.follower = TopicFollower.start(config, topic, "door-status", DoorReceipt.class, view::apply);
        return view;
    }

    /** The receipts for one resource of an organization, by connector name. */
    public Map<String, DoorReceipt> of(String tenantId, String resourceId) {
        return Map.copyOf(receipts.getOrDefault(tenantId, Map.of()).getOrDefault(resourceId, Map.of()));
    }

    /** Every receipt of an organization: the newest per resource and connector. */
    public List<DoorReceipt> all(String tenantId) {
        List<DoorReceipt> all = new ArrayList<>();
        receipts.getOrDefault(tenantId, Map.of()).values().forEach(byConnector -> all.addAll(byConnector.values()));
        return all;
    }

    private void apply(String key, DoorReceipt receipt) {
        if (receipt == null) {
            return; // receipts are only ever replaced, never deleted
        }
        receipts.computeIfAbsent(receipt.tenantId(), t -> new ConcurrentHashMap<>())
                .computeIfAbsent(receipt.resourceId(), r -> new ConcurrentHashMap<>())
                .merge(receipt.connector(), receipt, (held, next) -> next.version() >= held.version() ? next : held);
    }

    @Override
    public void close() {
        follower.close();
    }
}
