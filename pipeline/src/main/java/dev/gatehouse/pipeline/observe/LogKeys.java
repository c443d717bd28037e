package dev.gatehouse.pipeline.observe;

/**
 * The logging-context (MDC) keys every service puts on its log lines, so that one request can be
 * followed from the API through the processor to the door push: the structured logs carry them under
 * {@code mdc}, and their names are part of what operators search on.
 */
public final class LogKeys {
    /** The request id of the HTTP request a line belongs to ({@code X-Request-Id}), carried in commands and changes. */
    public static final String REQUEST_ID = "requestId";
    /** The id of the command a line belongs to, decided at ingest. */
    public static final String COMMAND_ID = "commandId";

    private LogKeys() {
    }
}
