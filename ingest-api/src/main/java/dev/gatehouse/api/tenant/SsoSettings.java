package dev.gatehouse.api.tenant;

import dev.gatehouse.contract.SsoConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Validation of an SSO configuration as an administrator enters it: Microsoft Entra ID (its directory
 * id is a GUID, and its issuer follows from it) or any OpenID Connect provider (an issuer URL, https, or
 * http on a loopback address for tests); the organization's email domains are DNS names. The client id
 * and secret of the organization's app registration at the provider let its console members sign in;
 * they are required for {@code oidc} and optional for {@code entra-id}.
 */
public final class SsoSettings {
    private static final Pattern GUID = Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    private static final Pattern DOMAIN = Pattern.compile("^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$");
    /** Printable ASCII, no space at either end. */
    private static final Pattern PRINTABLE = Pattern.compile("^[\\x21-\\x7e]([\\x20-\\x7e]*[\\x21-\\x7e])?$");
    static final int MAX_DOMAINS = 20;
    public static final int MAX_ISSUER_CHARS = 255;
    public static final int MAX_CLIENT_ID_CHARS = 255;
    public static final int MAX_CLIENT_SECRET_CHARS = 512;

    private SsoSettings() {
    }

    /** Thrown for a configuration that cannot be saved; the message says what to fix. */
    public static final class Invalid extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    /** What was entered; any field may be null. */
    public record Entered(String provider, String directoryId, String issuer, String clientId, String clientSecret,
            List<String> domains) {
    }

    /**
     * A validated configuration, without its client secret (which only its organization may encrypt:
     * {@code SecretBox}), and the secret as entered, if one was.
     */
    public record Validated(SsoConfig config, Optional<String> clientSecret) {
    }

    /** A validated, normalised Entra ID configuration without console sign-in. */
    public static SsoConfig validate(String provider, String directoryId, List<String> domains, Instant now) {
        return validate(new Entered(provider, directoryId, null, null, null, domains), now).config();
    }

    /** A validated, normalised configuration (domains lowercase, unique, in the order given). */
    public static Validated validate(Entered entered, Instant now) {
        String provider = entered.provider() == null ? "" : entered.provider().trim().toLowerCase(Locale.ROOT);
        String directoryId;
        String issuer;
        if (provider.equals(SsoConfig.ENTRA_ID)) {
            directoryId = directoryId(entered.directoryId());
            issuer = SsoConfig.entraIssuer(directoryId);
            if (entered.issuer() != null && !entered.issuer().trim().equals(issuer)) {
                throw new Invalid("an Entra ID organization's \"issuer\" follows from its directory: " + issuer
                        + " (leave \"issuer\" out)");
            }
        } else if (provider.equals(SsoConfig.OIDC)) {
            if (entered.directoryId() != null) {
                throw new Invalid("\"directoryId\" is for \"" + SsoConfig.ENTRA_ID + "\" only; an OpenID Connect provider "
                        + "is named by its \"issuer\"");
            }
            directoryId = null;
            issuer = issuer(entered.issuer());
        } else {
            throw new Invalid("\"provider\" must be \"" + SsoConfig.ENTRA_ID + "\" (Microsoft Entra ID) or \""
                    + SsoConfig.OIDC + "\" (any OpenID Connect provider)");
        }
        List<String> domains = domains(entered.domains());
        String clientId = clientId(entered.clientId(), provider);
        Optional<String> secret = clientSecret(entered.clientSecret());
        if (secret.isPresent() && clientId == null) {
            throw new Invalid("\"clientSecret\" is the secret of a \"clientId\": give both");
        }
        return new Validated(new SsoConfig(provider, directoryId, domains, now, issuer, clientId, null), secret);
    }

    /** The keys, tokens and discovery document of a provider come over https, except from this machine (tests). */
    public static boolean fetchable(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return uri.getHost() != null && uri.getUserInfo() == null
                && (scheme.equals("https") || scheme.equals("http") && ScimClients.loopback(uri.getHost()));
    }

    private static String directoryId(String entered) {
        if (entered == null || !GUID.matcher(entered.trim()).matches()) {
            throw new Invalid("\"directoryId\" must be the Entra ID directory (tenant) id, a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47");
        }
        return entered.trim().toLowerCase(Locale.ROOT);
    }

    private static String issuer(String entered) {
        if (entered == null || entered.isBlank()) {
            throw new Invalid("\"issuer\" is required for \"" + SsoConfig.OIDC + "\": the provider's issuer URL, e.g. https://idp.example.com");
        }
        String issuer = entered.trim();
        if (issuer.length() > MAX_ISSUER_CHARS) {
            throw new Invalid("\"issuer\" may have at most " + MAX_ISSUER_CHARS + " characters");
        }
        URI uri;
        try {
            uri = new URI(issuer);
        } catch (URISyntaxException e) {
            throw new Invalid("\"issuer\" is not a URL");
        }
        if (!fetchable(uri)) {
            throw new Invalid("\"issuer\" must be an https URL (http only on a loopback address), without user info");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new Invalid("\"issuer\" must have no query and no fragment (OpenID Connect Discovery §2)");
        }
        return issuer;
    }

    private static List<String> domains(List<String> domains) {
        if (domains == null || domains.isEmpty()) {
            throw new Invalid("\"domains\" must list at least one verified email domain, e.g. [\"example.com\"]");
        }
        if (domains.size() > MAX_DOMAINS) {
            throw new Invalid("\"domains\" may list at most " + MAX_DOMAINS + " domains");
        }
        List<String> normalised = new ArrayList<>();
        for (String domain : domains) {
            String d = domain == null ? "" : domain.trim().toLowerCase(Locale.ROOT);
            if (!DOMAIN.matcher(d).matches()) {
                throw new Invalid("\"" + (d.length() > 60 ? d.substring(0, 60) + "…" : d) + "\" is not a domain name");
            }
            if (!normalised.contains(d)) {
                normalised.add(d);
            }
        }
        return normalised;
    }

    private static String clientId(String entered, String provider) {
        if (entered == null || entered.isBlank()) {
            if (provider.equals(SsoConfig.OIDC)) {
                throw new Invalid("\"clientId\" is required for \"" + SsoConfig.OIDC
                        + "\": the client id of the organization's app registration at its provider");
            }
            return null;
        }
        String clientId = entered.trim();
        if (clientId.length() > MAX_CLIENT_ID_CHARS || !PRINTABLE.matcher(clientId).matches()) {
            throw new Invalid("\"clientId\" must be printable ASCII of at most " + MAX_CLIENT_ID_CHARS + " characters");
        }
        return clientId;
    }

    private static Optional<String> clientSecret(String entered) {
        if (entered == null || entered.isBlank()) {
            return Optional.empty();
        }
        String secret = entered.trim();
        if (secret.length() > MAX_CLIENT_SECRET_CHARS || !PRINTABLE.matcher(secret).matches()) {
            throw new Invalid("\"clientSecret\" must be printable ASCII of at most " + MAX_CLIENT_SECRET_CHARS + " characters");
        }
        return Optional.of(secret);
    }
}
