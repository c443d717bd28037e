package dev.gatehouse.api.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.contract.SsoConfig;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class SsoSettingsTest {
    private static final String GUID = "72F988BF-86F1-41AF-91AB-2D7CD011DB47";

    @Test
    void entraIdWithADirectoryGuidAndDomainsIsNormalised() {
        SsoConfig sso = SsoSettings.validate(" Entra-ID ", GUID, List.of("Contoso.com", " contoso.com", "mail.contoso.co.uk"), Instant.EPOCH);
        assertThat(sso.provider()).isEqualTo("entra-id");
        assertThat(sso.directoryId()).isEqualTo(GUID.toLowerCase());
        assertThat(sso.domains()).containsExactly("contoso.com", "mail.contoso.co.uk");
    }

    @Test
    void everythingElseIsRefusedWithWhatToFix() {
        assertThatThrownBy(() -> SsoSettings.validate("okta", GUID, List.of("a.com"), Instant.EPOCH))
                .hasMessageContaining("entra-id");
        assertThatThrownBy(() -> SsoSettings.validate(null, GUID, List.of("a.com"), Instant.EPOCH)).isInstanceOf(SsoSettings.Invalid.class);
        assertThatThrownBy(() -> SsoSettings.validate("entra-id", "contoso.onmicrosoft.com", List.of("a.com"), Instant.EPOCH))
                .hasMessageContaining("GUID");
        assertThatThrownBy(() -> SsoSettings.validate("entra-id", GUID, List.of(), Instant.EPOCH)).hasMessageContaining("at least one");
        assertThatThrownBy(() -> SsoSettings.validate("entra-id", GUID, null, Instant.EPOCH)).isInstanceOf(SsoSettings.Invalid.class);
        assertThatThrownBy(() -> SsoSettings.validate("entra-id", GUID, Arrays.asList("a.com", null), Instant.EPOCH))
                .isInstanceOf(SsoSettings.Invalid.class);
        for (String bad : List.of("localhost", "-a.com", "a..com", "a com", "a.c", "user@a.com", "a.com/x")) {
            assertThatThrownBy(() -> SsoSettings.validate("entra-id", GUID, List.of(bad), Instant.EPOCH))
                    .as(bad).hasMessageContaining("not a domain name");
        }
        assertThatThrownBy(() -> SsoSettings.validate("entra-id", GUID, Collections.nCopies(21, "a.com"), Instant.EPOCH))
                .hasMessageContaining("at most");
    }
}
