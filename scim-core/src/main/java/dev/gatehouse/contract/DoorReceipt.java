package dev.gatehouse.contract;

import java.time.Instant;

/**
 * A door system's confirmation of one resource, on the door-status topic (key
 * {@code tenant/resourceId/connector}, compacted): the last version it applied, or the version it
 * rejected for good (then dead-lettered). A user is up to date at a door system when the receipt's
 * version is the user's current version and it was applied.
 *
 * @param applied false when the door system rejected this version for good
 * @param at      when access-sync finished with it
 */
public record DoorReceipt(String tenantId, ResourceType resourceType, String resourceId, String connector,
                          long version, boolean applied, Instant at) {

    /** The record key on the door-status topic. */
    public static String key(String tenantId, String resourceId, String connector) {
        return tenantId + "/" + resourceId + "/" + connector;
    }
}
