package dev.gatehouse.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A command the processor could not apply, on the command-dead-letters topic (key: tenant id, or
 * {@code "-"} when the record named none). The command was answered (with the status here) and
 * processing went on with the next one; this record says why, for an operator to look at. The command
 * itself stays in the commands topic at {@code partition}/{@code offset}.
 *
 * @param commandId  the command's id, or null when it could not be read
 * @param tenantId   its organization, or null
 * @param reason     {@code unreadable} (not a command), {@code failed} (applying it threw) or
 *                   {@code too-large} (a record it would produce exceeds the record budget)
 * @param error      what went wrong: an exception class and message, never the request's content
 * @param status     the status the command was answered with (0 when nobody could be answered)
 * @param partition  the commands topic partition it was read from (-1 if unknown)
 * @param offset     its offset there (-1 if unknown)
 * @param receivedAt the command record's timestamp
 * @param command    the command as read, when it could be read and is small enough to copy; else null
 */
public record CommandDeadLetter(String commandId, String tenantId, String reason, String error, int status,
                                int partition, long offset, Instant receivedAt, JsonNode command) {
    public static final String UNREADABLE = "unreadable";
    public static final String FAILED = "failed";
    public static final String TOO_LARGE = "too-large";
}
