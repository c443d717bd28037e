package dev.gatehouse.contract;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An OAuth 2.0 client of an organization's SCIM endpoint (RFC 6749 §4.4 client credentials): the
 * identity provider gets access tokens at the token endpoint with one of the client's secrets, or with
 * a JWT its own issuer signed (workload identity federation, RFC 7523 §2.2). Part of the organization's
 * {@link TenantRecord}; only SHA-256 hashes of secrets exist here, never a secret.
 *
 * @param clientId   the client id, a UUID
 * @param name       a label the administrator chose
 * @param createdAt  when the client was created
 * @param secrets    its secrets, live or expired (expired ones are dropped by the next change)
 * @param federation the federated issuer it accepts assertions from, or null
 */
public record ScimClient(String clientId, String name, Instant createdAt, List<ClientSecret> secrets, Federation federation) {
    public ScimClient {
        secrets = secrets == null ? List.of() : List.copyOf(secrets);
    }

    /** The secret with this id, live or expired. */
    public Optional<ClientSecret> secret(String secretId) {
        return secrets.stream().filter(s -> s.secretId().equals(secretId)).findFirst();
    }

    /** The secrets not yet expired at {@code now}. */
    public List<ClientSecret> liveSecrets(Instant now) {
        return secrets.stream().filter(s -> s.expiresAt().isAfter(now)).toList();
    }

    /**
     * A client secret: 256 random bits, shown once when created.
     *
     * @param secretId  its id (shown in lists and the audit log)
     * @param hash      lowercase hex SHA-256 of the secret
     * @param createdAt when it was created
     * @param expiresAt after this it gets no token, and tokens it got stop working
     */
    public record ClientSecret(String secretId, String hash, Instant createdAt, Instant expiresAt) {
    }

    /**
     * Workload identity federation: the client gets tokens with a JWT signed by {@code issuer}'s keys
     * (published at {@code jwksUri}) whose {@code sub} and {@code aud} are exactly these.
     *
     * @param issuer    the required {@code iss}, e.g. {@code https://login.microsoftonline.com/<tid>/v2.0}
     * @param subject   the required {@code sub}
     * @param audience  the required {@code aud}
     * @param jwksUri   where the issuer's signing keys are published
     * @param updatedAt when it was set; tokens obtained before a change stop working
     */
    public record Federation(String issuer, String subject, String audience, String jwksUri, Instant updatedAt) {
    }
}
