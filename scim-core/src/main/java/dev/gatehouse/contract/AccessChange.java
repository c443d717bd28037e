package dev.gatehouse.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A change of who can open which doors, on the access-changes topic (key: tenant id + "/" + resource
 * id). It carries the resource's full state after the change and a per-resource version, so a consumer
 * applies it idempotently and ignores anything older than what it already applied.
 *
 * <p>A user's {@code state} is its SCIM resource plus {@code "groups": [group ids]} (and its
 * {@code metadata} object as stored); a group's is its SCIM resource alone. Membership travels in user
 * events only: adding or removing a member emits an event for that user (with its new group ids) and
 * one for the group (new version, no member list), so an event's size never grows with a group and
 * a member change costs O(members changed). A deleted resource has {@code deleted = true} and its last
 * state.
 *
 * @param eventId      deterministic: {@code commandId + "/" + resourceId}, so a replay yields the same ids
 * @param tenantId     the organization
 * @param resourceType user or group
 * @param resourceId   the resource's id
 * @param version      per-resource version, incremented by every change of that resource
 * @param deleted      whether the resource was deleted
 * @param state        full state after the change (last state when deleted)
 * @param commandId    the command that caused it
 * @param occurredAt   the command's received-at time
 * @param requestId    the HTTP request id of that command, for logs that follow a request to the door
 *                     push; null in events written before it was carried (readers must accept that)
 */
public record AccessChange(
        String eventId,
        String tenantId,
        ResourceType resourceType,
        String resourceId,
        long version,
        boolean deleted,
        JsonNode state,
        String commandId,
        Instant occurredAt,
        String requestId) {

    /** An event without a request id (tests, tools). */
    public AccessChange(String eventId, String tenantId, ResourceType resourceType, String resourceId, long version,
            boolean deleted, JsonNode state, String commandId, Instant occurredAt) {
        this(eventId, tenantId, resourceType, resourceId, version, deleted, state, commandId, occurredAt, null);
    }

    /** The record key on the access-changes and state topics. */
    public static String key(String tenantId, String resourceId) {
        return tenantId + "/" + resourceId;
    }

    /** Whether the person this change is about may open doors: a live, active user. */
    public boolean userActive() {
        return resourceType == ResourceType.USER && !deleted && state != null
                && state.path("active").asBoolean(true);
    }
}
