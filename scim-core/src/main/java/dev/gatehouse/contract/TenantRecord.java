package dev.gatehouse.contract;

import java.time.Instant;
import java.util.List;

/**
 * An organization's state on the compacted tenants topic (key: tenant id). Only SHA-256 hashes of SCIM
 * tokens exist here, never a token.
 *
 * @param id          the organization id
 * @param name        its display name
 * @param scimEnabled whether SCIM is turned on; turning it off revokes every token
 * @param tokenHashes lowercase hex SHA-256 of each live SCIM bearer token
 * @param createdAt   creation time
 * @param updatedAt   last change
 */
public record TenantRecord(
        String id,
        String name,
        boolean scimEnabled,
        List<String> tokenHashes,
        Instant createdAt,
        Instant updatedAt) {

    public TenantRecord {
        tokenHashes = tokenHashes == null ? List.of() : List.copyOf(tokenHashes);
    }
}
