package dev.gatehouse.api.tenant;

import dev.gatehouse.contract.SsoConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Validation of an SSO configuration as an administrator enters it. Only Microsoft Entra ID is
 * supported: its directory (tenant) id is a GUID, and the organization's email domains are DNS names.
 */
public final class SsoSettings {
    private static final Pattern GUID = Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    private static final Pattern DOMAIN = Pattern.compile("^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$");
    static final int MAX_DOMAINS = 20;

    private SsoSettings() {
    }

    /** Thrown for a configuration that cannot be saved; the message says what to fix. */
    public static final class Invalid extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    /** A validated, normalised configuration (domains lowercase, unique, in the order given). */
    public static SsoConfig validate(String provider, String directoryId, List<String> domains, Instant now) {
        if (provider == null || !SsoConfig.ENTRA_ID.equals(provider.trim().toLowerCase(Locale.ROOT))) {
            throw new Invalid("\"provider\" must be \"" + SsoConfig.ENTRA_ID + "\" (Microsoft Entra ID), the supported identity provider");
        }
        if (directoryId == null || !GUID.matcher(directoryId.trim()).matches()) {
            throw new Invalid("\"directoryId\" must be the Entra ID directory (tenant) id, a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47");
        }
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
        return new SsoConfig(SsoConfig.ENTRA_ID, directoryId.trim().toLowerCase(Locale.ROOT), normalised, now);
    }
}
