package dev.gatehouse.contract;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the stream processor decided for one {@link Command}, published on the results topic keyed by
 * the command's {@code replyTo}.
 *
 * @param commandId the command answered
 * @param tenantId  the command's tenant
 * @param status    the HTTP status to answer with: 201, 200, 204, 400, 404, 409, 412
 * @param body      the resource after the write (2xx), an RFC 7644 error body (4xx), or null (204)
 */
public record CommandResult(String commandId, String tenantId, int status, JsonNode body) {
}
