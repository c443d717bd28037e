package dev.gatehouse.contract;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An organization's state on the compacted tenants topic (key: tenant id). Only SHA-256 hashes of SCIM
 * tokens exist here, never a token.
 *
 * @param id             the organization id
 * @param name           its display name
 * @param scimEnabled    whether SCIM is turned on; turning it off revokes every token
 * @param tokenHashes    lowercase hex SHA-256 of each live SCIM bearer token
 * @param createdAt      creation time
 * @param updatedAt      last change
 * @param sso            the organization's one SSO configuration, or null before it is set; SCIM
 *                       cannot be enabled without it
 * @param retiringTokens hashes of replaced tokens still accepted until their grace period ends
 * @param scimClients    OAuth 2.0 clients that may get access tokens for SCIM (beside the SCIM token)
 * @param consoleMembers the people who may sign in to the console for this organization (its own
 *                       identity provider vouching for their email), with their role
 */
public record TenantRecord(
        String id,
        String name,
        boolean scimEnabled,
        List<String> tokenHashes,
        Instant createdAt,
        Instant updatedAt,
        SsoConfig sso,
        List<RetiringToken> retiringTokens,
        List<ScimClient> scimClients,
        List<ConsoleMember> consoleMembers) {

    public TenantRecord {
        tokenHashes = tokenHashes == null ? List.of() : List.copyOf(tokenHashes);
        retiringTokens = retiringTokens == null ? List.of() : List.copyOf(retiringTokens);
        scimClients = scimClients == null ? List.of() : List.copyOf(scimClients);
        consoleMembers = consoleMembers == null ? List.of() : List.copyOf(consoleMembers);
    }

    /** An organization without console members (records written before they existed). */
    public TenantRecord(String id, String name, boolean scimEnabled, List<String> tokenHashes,
            Instant createdAt, Instant updatedAt, SsoConfig sso, List<RetiringToken> retiringTokens,
            List<ScimClient> scimClients) {
        this(id, name, scimEnabled, tokenHashes, createdAt, updatedAt, sso, retiringTokens, scimClients, List.of());
    }

    /** An organization without OAuth clients (records written before they existed). */
    public TenantRecord(String id, String name, boolean scimEnabled, List<String> tokenHashes,
            Instant createdAt, Instant updatedAt, SsoConfig sso, List<RetiringToken> retiringTokens) {
        this(id, name, scimEnabled, tokenHashes, createdAt, updatedAt, sso, retiringTokens, List.of());
    }

    /** An organization without SSO configuration or retiring tokens (records written before either existed). */
    public TenantRecord(String id, String name, boolean scimEnabled, List<String> tokenHashes,
            Instant createdAt, Instant updatedAt) {
        this(id, name, scimEnabled, tokenHashes, createdAt, updatedAt, null, List.of());
    }

    /** The OAuth client with this id. */
    public Optional<ScimClient> scimClient(String clientId) {
        return scimClients.stream().filter(c -> c.clientId().equals(clientId)).findFirst();
    }

    /** The console member with this (normalised) email. */
    public Optional<ConsoleMember> consoleMember(String email) {
        return consoleMembers.stream().filter(m -> m.email().equals(email)).findFirst();
    }

    /**
     * A replaced token's hash, accepted until {@code expiresAt} so an identity provider can be switched
     * over to the new token without failed cycles.
     */
    public record RetiringToken(String hash, Instant expiresAt) {
    }
}
