package dev.gatehouse.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One SCIM write, published by the ingest API on the commands topic (key: tenant id) and applied by
 * the stream processor. Everything non-deterministic (ids, the time) is decided at ingest and carried
 * here, so replaying the topic rebuilds the same state.
 *
 * @param commandId   unique id of this command; the result carries it back
 * @param tenantId    the organization the write belongs to
 * @param operation   create, replace, patch or delete
 * @param resourceType user or group
 * @param resourceId  the resource's id (assigned at ingest for a create)
 * @param body        the request body as received (null for a delete)
 * @param receivedAt  when the API received the request: becomes meta.created / meta.lastModified
 * @param replyTo     the API instance waiting for the result: the key of the result record
 * @param ifMatch     the request's If-Match header, or null
 * @param requestId   the HTTP request id, for logs that follow one request through the pipeline
 */
public record Command(
        String commandId,
        String tenantId,
        Operation operation,
        ResourceType resourceType,
        String resourceId,
        JsonNode body,
        Instant receivedAt,
        String replyTo,
        String ifMatch,
        String requestId) {
}
