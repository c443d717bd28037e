package dev.gatehouse.api.tenant;

/**
 * Who takes an administrative action, as the audit log records it.
 *
 * @param name    the credential: {@code admin-key:<fingerprint>}, or {@code system:<component>}
 * @param channel {@code api}, {@code console} or {@code system}
 * @param source  the client address, or null in-process
 */
public record Actor(String name, String channel, String source) {
    /** An action taken in-process by Gatehouse itself (e.g. {@code up --demo}). */
    public static Actor system(String component) {
        return new Actor("system:" + component, "system", null);
    }
}
