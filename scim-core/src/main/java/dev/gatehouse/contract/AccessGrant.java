package dev.gatehouse.contract;

import java.time.Instant;

/**
 * An OAuth 2.0 access token issued to a {@link ScimClient}, on the access-tokens topic (key: lowercase
 * hex SHA-256 of the token; the token itself exists only in the answer to the client). Every API
 * instance reads the topic, so the token works on any of them; it stops working at
 * {@code expiresAt}, or as soon as its client, its secret or SCIM is removed from the organization.
 *
 * @param tenantId  the organization the token acts for
 * @param clientId  the client it was issued to
 * @param secretId  the secret the client authenticated with, or null when it used federation
 * @param method    how the client authenticated: {@code client_secret_basic}, {@code client_secret_post}
 *                  or {@code private_key_jwt} (a federated assertion)
 * @param issuedAt  when it was issued
 * @param expiresAt when it expires
 * @param federationSetAt for a federated token, the {@code updatedAt} of the federation its assertion
 *                  was verified against (the token works while that federation is unchanged); null
 *                  otherwise
 */
public record AccessGrant(String tenantId, String clientId, String secretId, String method, Instant issuedAt,
        Instant expiresAt, Instant federationSetAt) {
}
