package dev.gatehouse.contract;

import java.time.Instant;
import java.util.List;

/**
 * What one API instance answered one organization's identity provider over a short span, on the
 * provisioning-activity topic (key: tenant id). Every API instance publishes the SCIM calls it
 * answered every few seconds and reads every instance's, so an organization's activity and
 * provisioning health are the same on every instance and survive restarts. Only operations, paths,
 * statuses and error details are carried: never a request or response body, never a credential.
 *
 * @param tenantId   the organization
 * @param instanceId the API instance that answered the calls
 * @param from       the first call of the span
 * @param to         the last call of the span
 * @param calls      how many authenticated SCIM calls the instance answered in the span
 * @param failures   how many of them were answered with a 4xx or 5xx status
 * @param entries    the calls themselves, newest first: every failure and the newest successes, at most
 *                   {@link #MAX_ENTRIES}
 */
public record ProvisioningActivity(String tenantId, String instanceId, Instant from, Instant to, int calls, int failures,
                                   List<Call> entries) {
    /** The most calls one record lists; the counts still cover every call. */
    public static final int MAX_ENTRIES = 50;

    public ProvisioningActivity {
        entries = entries == null ? List.of() : List.copyOf(entries);
    }

    /**
     * One SCIM call.
     *
     * @param at        when it was answered
     * @param operation create, replace, update, delete, read, list or discovery
     * @param resource  the path under {@code /scim/v2}, e.g. {@code Users/2819c223…}
     * @param status    the HTTP status answered
     * @param outcome   {@code success} or {@code failure}
     * @param detail    the SCIM error's detail, or null
     */
    public record Call(Instant at, String operation, String resource, int status, String outcome, String detail) {
        public boolean failed() {
            return status >= 400;
        }
    }
}
