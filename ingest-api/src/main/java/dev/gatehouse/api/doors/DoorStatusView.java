package dev.gatehouse.api.doors;

import dev.gatehouse.api.config.ApiConfig;
import dev.gatehouse.api.read.TopicFollower;
import dev.gatehouse.contract.DoorReceipt;
import dev.gatehouse.contract.ResourceType;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each door system last confirmed, per organization and resource: the door-status topic read
 * whole (no consumer group, from the beginning, then following it), so every API instance can tell
 * whether a user's current version has reached the door systems.
 *
 * <p>Held compactly ({@link ReceiptTable}: 49-byte slots in a table between three eighths and three
 * quarters full, 65 to 130 bytes a receipt, where objects took about 480) and bounded: at most {@code limit}
 * ({@code GATEHOUSE_DOOR_STATUS_LIMIT}) pairs of resource and door system per API instance. Past
 * it, receipts of pairs already held are still updated, but a new pair is not kept: it is counted
 * ({@link #dropped()}), logged once, and {@link #complete()} turns false for good, which the health
 * page, the person page and the door-status list say (docs/operations.md, "Memory"). Each
 * organization's and door system's last confirmation is kept whatever the limit.
 */
public final class DoorStatusView implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DoorStatusView.class);

    private final ReceiptTable table;
    private final Map<String, Integer> tenantIndex = new HashMap<>();
    private final Map<String, Integer> connectorIndex = new HashMap<>();
    /**
     * Per organization, each door system's newest confirmation (null while none had a time); its keys
     * are the connectors to look a resource up under.
     */
    private final Map<String, Map<String, Instant>> lastConfirmed = new HashMap<>();
    private long dropped;
    private TopicFollower follower;

    /** A view holding at most {@code limit} pairs of resource and door system. */
    DoorStatusView(int limit) {
        this.table = new ReceiptTable(limit);
    }

    public static DoorStatusView start(ApiConfig config, String topic) {
        DoorStatusView view = new DoorStatusView(config.doorStatusLimit());
        view.follower = TopicFollower.start(config, topic, "door-status", DoorReceipt.class, view::apply);
        return view;
    }

    /** The receipts for one resource of an organization, by connector name. */
    public synchronized Map<String, DoorReceipt> of(String tenantId, String resourceId) {
        Integer tenant = tenantIndex.get(tenantId);
        Map<String, Instant> connectors = lastConfirmed.get(tenantId);
        if (tenant == null || connectors == null) {
            return Map.of();
        }
        Map<String, DoorReceipt> out = new LinkedHashMap<>();
        for (String connector : connectors.keySet()) {
            DoorReceipt receipt = receipt(tenant, tenantId, resourceId, connector);
            if (receipt != null) {
                out.put(connector, receipt);
            }
        }
        return out;
    }

    /** What {@code connector} last confirmed for one resource of an organization, or null. */
    public synchronized DoorReceipt of(String tenantId, String resourceId, String connector) {
        Integer tenant = tenantIndex.get(tenantId);
        return tenant == null ? null : receipt(tenant, tenantId, resourceId, connector);
    }

    /**
     * Each door system that confirmed anything for the organization, by name, with its newest
     * confirmation (null when none said when).
     */
    public synchronized Map<String, Instant> lastConfirmed(String tenantId) {
        return new TreeMap<>(lastConfirmed.getOrDefault(tenantId, Map.of()));
    }

    /** False once a receipt was not kept because the view was full: some door status is then missing here. */
    public synchronized boolean complete() {
        return dropped == 0;
    }

    /** Receipts of new pairs not kept because the view was full. */
    public synchronized long dropped() {
        return dropped;
    }

    /** Pairs of resource and door system held. */
    public synchronized int held() {
        return table.size();
    }

    /** The most pairs this view holds ({@code GATEHOUSE_DOOR_STATUS_LIMIT}). */
    public int limit() {
        return table.limit();
    }

    private DoorReceipt receipt(int tenant, String tenantId, String resourceId, String connector) {
        Integer index = connectorIndex.get(connector);
        int slot = index == null ? -1 : table.get(tenant, index, resourceId);
        if (slot < 0) {
            return null;
        }
        Boolean group = table.group(slot);
        return new DoorReceipt(tenantId, group == null ? null : group ? ResourceType.GROUP : ResourceType.USER,
                resourceId, connector, table.version(slot), table.applied(slot), table.at(slot));
    }

    synchronized void apply(String key, DoorReceipt receipt) {
        if (receipt == null || receipt.tenantId() == null || receipt.resourceId() == null || receipt.connector() == null) {
            return; // receipts are only ever replaced, never deleted; one naming nothing says nothing
        }
        Map<String, Instant> confirmed = lastConfirmed.computeIfAbsent(receipt.tenantId(), t -> new HashMap<>());
        Instant newest = confirmed.get(receipt.connector());
        if (newest == null || receipt.at() != null && receipt.at().isAfter(newest)) {
            confirmed.put(receipt.connector(), receipt.at()); // null only while no receipt of it had a time
        }
        int tenant = tenantIndex.computeIfAbsent(receipt.tenantId(), t -> tenantIndex.size());
        int connector = connectorIndex.computeIfAbsent(receipt.connector(), c -> connectorIndex.size());
        Boolean group = receipt.resourceType() == null ? null : receipt.resourceType() == ResourceType.GROUP;
        if (!table.put(tenant, connector, receipt.resourceId(), receipt.version(), receipt.applied(), group, receipt.at())) {
            if (dropped++ == 0) {
                LOG.warn("door status: this API instance holds at most {} pairs of resource and door system "
                        + "(GATEHOUSE_DOOR_STATUS_LIMIT) and is full; confirmations of further pairs are not kept, "
                        + "so some people's door status is missing here (raise the limit and restart)", table.limit());
            }
        }
    }

    @Override
    public void close() {
        follower.close();
    }
}
