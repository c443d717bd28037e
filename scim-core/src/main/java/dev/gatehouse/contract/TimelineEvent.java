package dev.gatehouse.contract;

import java.time.Instant;
import java.util.List;

/**
 * One thing that happened to one resource, on the timeline topic (key: tenant id, so a tenant's timeline
 * sits on the partition of its commands): a SCIM write that touched it, or a door system's answer to one
 * of its changes. It is how an administrator answers "added in Entra an hour ago, and still no access —
 * why?" without reading logs. It names attributes, never their values: no personal data is copied here.
 *
 * <p>A {@link #SCIM} event is written by the stream processor in the transaction of the write itself
 * (exactly once); a {@link #DOOR} event by access-sync after the push (at least once: a push retried after a
 * crash may be told twice).
 *
 * @param tenantId     the organization
 * @param resourceType the resource the event is about (user or group)
 * @param resourceId   its id
 * @param at           scim: the command's received-at time; door: when access-sync finished the attempt
 * @param kind         {@link #SCIM} or {@link #DOOR}
 * @param operation    scim: create, replace, patch or delete (as the client sent it); else null
 * @param status       scim: the HTTP status the write was answered with; else null
 * @param requestId    scim: the HTTP request id of the write; else null
 * @param commandId    scim: the command id of the write; else null
 * @param version      scim: the resource's version the write produced, null when refused or unchanged;
 *                     door: the version pushed
 * @param changed      scim: the names of the attributes whose value changed (top-level names,
 *                     {@code metadata.<key>}, {@code <extension URN>:<attribute>}, {@code groups}); else null
 * @param via          scim: {@code Groups/<id>} when a group's write changed this user's groups; else null
 * @param connector    door: the connector (door system) that was pushed; else null
 * @param outcome      door: {@link #APPLIED}, {@link #RETRYING} or {@link #DEAD_LETTERED}; else null
 * @param detail       door: the door system's reason when not applied; else null
 */
public record TimelineEvent(
        String tenantId,
        ResourceType resourceType,
        String resourceId,
        Instant at,
        String kind,
        String operation,
        Integer status,
        String requestId,
        String commandId,
        Long version,
        List<String> changed,
        String via,
        String connector,
        String outcome,
        String detail) {

    /** A SCIM write touched the resource. */
    public static final String SCIM = "scim";
    /** A door system answered a push of the resource. */
    public static final String DOOR = "door";
    /** The door system applied the version. */
    public static final String APPLIED = "applied";
    /** The door system could not take it now; access-sync tries again. */
    public static final String RETRYING = "retrying";
    /** The door system refused it for good, or retries gave out: it is on the dead-letters topic. */
    public static final String DEAD_LETTERED = "dead-lettered";

    /** A SCIM write's event; {@code version} null when it was refused or changed nothing. */
    public static TimelineEvent scim(String tenantId, ResourceType type, String resourceId, Instant at,
            String operation, int status, String requestId, String commandId, Long version, List<String> changed,
            String via) {
        return new TimelineEvent(tenantId, type, resourceId, at, SCIM, operation, status, requestId, commandId,
                version, List.copyOf(changed), via, null, null, null);
    }

    /** A door system's answer to version {@code version} of the resource. */
    public static TimelineEvent door(String tenantId, ResourceType type, String resourceId, Instant at,
            String connector, long version, String outcome, String detail) {
        return new TimelineEvent(tenantId, type, resourceId, at, DOOR, null, null, null, null, version, null, null,
                connector, outcome, detail);
    }

    /** The record key on the timeline topic: the tenant id. */
    public static String key(String tenantId) {
        return tenantId;
    }
}
