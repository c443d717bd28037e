package dev.gatehouse.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One administrative action on the audit topic (key: tenant id, or {@code "-"} for actions on no
 * organization). Written in the same Kafka transaction as the change it records. Never holds a secret:
 * a token appears only as the first characters of its SHA-256 hash.
 *
 * @param id       unique id of the entry
 * @param at       when the action was taken
 * @param actor    who: the credential used ({@code admin-key:<fingerprint>} or {@code system:<name>})
 * @param channel  how: {@code api}, {@code console} or {@code system}
 * @param source   the client address, or null for in-process actions
 * @param action   what, e.g. {@code tenant.create}, {@code scim.enable}, {@code token.generate}
 * @param tenantId the organization acted on, or null
 * @param details  the action's parameters (never a secret)
 */
public record AuditRecord(String id, Instant at, String actor, String channel, String source,
        String action, String tenantId, JsonNode details) {
}
