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
                .hasMessageContaining("entra-id").hasMessageContaining("oidc");
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

    private static SsoSettings.Validated oidc(String issuer, String clientId, String secret) {
        return SsoSettings.validate(new SsoSettings.Entered("oidc", null, issuer, clientId, secret, List.of("a.com")), Instant.EPOCH);
    }

    @Test
    void anOpenIdConnectProviderIsNamedByAnHttpsIssuerWithAClient() {
        SsoSettings.Validated sso = oidc(" https://idp.example.com/realms/acme ", " console ", " s3cret ");
        assertThat(sso.config().provider()).isEqualTo("oidc");
        assertThat(sso.config().directoryId()).isNull();
        assertThat(sso.config().signInIssuer()).isEqualTo("https://idp.example.com/realms/acme");
        assertThat(sso.config().clientId()).isEqualTo("console");
        assertThat(sso.config().clientSecretEncrypted()).as("encrypted by the caller").isNull();
        assertThat(sso.clientSecret()).contains("s3cret");
        assertThat(oidc("http://localhost:8080/idp", "c", "s").config().issuer()).as("http on loopback, for tests")
                .isEqualTo("http://localhost:8080/idp");
        assertThat(oidc("http://127.0.0.1:1/x", "c", "s").config().issuer()).isEqualTo("http://127.0.0.1:1/x");
        assertThat(oidc("https://idp.example.com", "c", null).clientSecret()).as("kept from before, if the same client").isEmpty();
    }

    @Test
    void theIssuerIsHttpsWithoutQueryOrFragmentAndBounded() {
        String longest = "https://idp.example.com/" + "a".repeat(SsoSettings.MAX_ISSUER_CHARS - 24);
        assertThat(longest).hasSize(SsoSettings.MAX_ISSUER_CHARS);
        assertThat(oidc(longest, "c", "s").config().issuer()).isEqualTo(longest);
        assertThatThrownBy(() -> oidc(longest + "a", "c", "s")).hasMessageContaining("at most 255 characters");
        for (String bad : List.of("http://idp.example.com", "http://10.0.0.1/x", "http://localhost.evil.example/x",
                "ftp://idp.example.com", "https://user:pw@idp.example.com", "idp.example.com", "https:///path")) {
            assertThatThrownBy(() -> oidc(bad, "c", "s")).as(bad).hasMessageContaining("https URL");
        }
        assertThatThrownBy(() -> oidc("https://idp.example.com?x=1", "c", "s")).hasMessageContaining("no query");
        assertThatThrownBy(() -> oidc("https://idp.example.com#f", "c", "s")).hasMessageContaining("no fragment");
        assertThatThrownBy(() -> oidc(null, "c", "s")).hasMessageContaining("\"issuer\" is required");
        assertThatThrownBy(() -> oidc("https://idp.example.com", null, "s")).hasMessageContaining("\"clientId\" is required");
        assertThatThrownBy(() -> SsoSettings.validate(new SsoSettings.Entered("oidc", GUID, "https://idp.example.com", "c", "s",
                List.of("a.com")), Instant.EPOCH)).hasMessageContaining("\"directoryId\" is for \"entra-id\" only");
    }

    @Test
    void clientIdsAndSecretsArePrintableAndBounded() {
        assertThat(oidc("https://i.example", "c".repeat(SsoSettings.MAX_CLIENT_ID_CHARS), "s").config().clientId())
                .hasSize(SsoSettings.MAX_CLIENT_ID_CHARS);
        assertThatThrownBy(() -> oidc("https://i.example", "c".repeat(SsoSettings.MAX_CLIENT_ID_CHARS + 1), "s"))
                .hasMessageContaining("\"clientId\" must be printable ASCII of at most 255");
        assertThat(oidc("https://i.example", "c", "s".repeat(SsoSettings.MAX_CLIENT_SECRET_CHARS)).clientSecret().get())
                .hasSize(SsoSettings.MAX_CLIENT_SECRET_CHARS);
        assertThatThrownBy(() -> oidc("https://i.example", "c", "s".repeat(SsoSettings.MAX_CLIENT_SECRET_CHARS + 1)))
                .hasMessageContaining("\"clientSecret\" must be printable ASCII of at most 512");
        assertThatThrownBy(() -> oidc("https://i.example", "c", "a\u0000b")).hasMessageContaining("printable");
        assertThatThrownBy(() -> oidc("https://i.example", "é", "s")).hasMessageContaining("printable");
    }

    @Test
    void entraIdTakesAnOptionalClientAndItsIssuerFollowsFromTheDirectory() {
        SsoSettings.Validated sso = SsoSettings.validate(new SsoSettings.Entered("entra-id", GUID, null, "app-id", "secret",
                List.of("a.com")), Instant.EPOCH);
        assertThat(sso.config().signInIssuer())
                .isEqualTo("https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0");
        assertThat(sso.config().clientId()).isEqualTo("app-id");
        assertThat(SsoSettings.validate("entra-id", GUID, List.of("a.com"), Instant.EPOCH).clientId()).as("without one").isNull();
        assertThatThrownBy(() -> SsoSettings.validate(new SsoSettings.Entered("entra-id", GUID, "https://elsewhere.example",
                null, null, List.of("a.com")), Instant.EPOCH)).hasMessageContaining("follows from its directory");
        assertThatThrownBy(() -> SsoSettings.validate(new SsoSettings.Entered("entra-id", GUID, null, null, "secret",
                List.of("a.com")), Instant.EPOCH)).hasMessageContaining("give both");
    }
}
