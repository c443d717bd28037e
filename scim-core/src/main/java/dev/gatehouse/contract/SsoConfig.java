package dev.gatehouse.contract;

import java.time.Instant;
import java.util.List;

/**
 * An organization's single sign-on configuration: which identity provider it signs in with and which
 * email domains belong to it. SCIM provisioning is only offered on top of it (one SSO/SCIM provider per
 * organization), because the provider that provisions people must be the one they sign in with. With a
 * client id and secret of the organization's app registration at that provider, the organization's
 * console members sign in to the console with it (OpenID Connect, authorization code flow).
 *
 * @param provider              the identity provider: {@value #ENTRA_ID} or {@value #OIDC}
 * @param directoryId           the provider's directory (Entra ID tenant) id, a GUID; null for {@value #OIDC}
 * @param domains               the organization's verified email domains, lowercase
 * @param updatedAt             when it was last set
 * @param issuer                the OpenID Connect issuer; null in records written before console sign-in
 *                              existed (for Entra ID it follows from the directory: {@link #signInIssuer()})
 * @param clientId              the client id of the organization's app registration, or null (no sign-in)
 * @param clientSecretEncrypted its client secret, AES-256-GCM encrypted under the deployment's encryption
 *                              key (never in the clear), or null
 */
public record SsoConfig(String provider, String directoryId, List<String> domains, Instant updatedAt, String issuer,
        String clientId, String clientSecretEncrypted) {
    /** Microsoft Entra ID. */
    public static final String ENTRA_ID = "entra-id";
    /** Any OpenID Connect provider, found by its issuer's discovery document. */
    public static final String OIDC = "oidc";

    public SsoConfig {
        domains = domains == null ? List.of() : List.copyOf(domains);
    }

    /** A configuration without console sign-in (records written before it existed). */
    public SsoConfig(String provider, String directoryId, List<String> domains, Instant updatedAt) {
        this(provider, directoryId, domains, updatedAt, ENTRA_ID.equals(provider) ? entraIssuer(directoryId) : null,
                null, null);
    }

    /** The issuer of an Entra ID directory's v2.0 tokens. */
    public static String entraIssuer(String directoryId) {
        return "https://login.microsoftonline.com/" + directoryId + "/v2.0";
    }

    /** The issuer people of this organization sign in with: as set, or for Entra ID its directory's. */
    public String signInIssuer() {
        if (issuer != null) {
            return issuer;
        }
        return ENTRA_ID.equals(provider) && directoryId != null ? entraIssuer(directoryId) : null;
    }

    /** Whether console sign-in is set up: an issuer, a client id and its (encrypted) secret. */
    public boolean signInReady() {
        return signInIssuer() != null && clientId != null && clientSecretEncrypted != null;
    }
}
