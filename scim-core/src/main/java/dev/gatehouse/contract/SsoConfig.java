package dev.gatehouse.contract;

import java.time.Instant;
import java.util.List;

/**
 * An organization's single sign-on configuration: which identity provider it signs in with and which
 * email domains belong to it. SCIM provisioning is only offered on top of it (one SSO/SCIM provider per
 * organization), because the provider that provisions people must be the one they sign in with.
 *
 * @param provider    the identity provider; {@value #ENTRA_ID} is the one supported
 * @param directoryId the provider's directory (Entra ID tenant) id, a GUID
 * @param domains     the organization's verified email domains, lowercase
 * @param updatedAt   when it was last set
 */
public record SsoConfig(String provider, String directoryId, List<String> domains, Instant updatedAt) {
    /** Microsoft Entra ID. */
    public static final String ENTRA_ID = "entra-id";

    public SsoConfig {
        domains = domains == null ? List.of() : List.copyOf(domains);
    }
}
