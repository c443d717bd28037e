package dev.gatehouse.api.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokensTest {

    @Test
    void tokensCarryThePrefixAnd256RandomBits() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String token = Tokens.generate();
            assertThat(token).startsWith("gh_scim_").hasSize("gh_scim_".length() + 43).matches("gh_scim_[A-Za-z0-9_-]+");
            assertThat(seen.add(token)).isTrue();
        }
    }

    @Test
    void hashIsLowercaseHexSha256AndNeverTheToken() {
        String token = Tokens.generate();
        assertThat(Tokens.hash(token)).hasSize(64).matches("[0-9a-f]+").doesNotContain(token.substring(8));
        assertThat(Tokens.hash("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void constantTimeEqualsComparesValues() {
        assertThat(Tokens.constantTimeEquals("secret", "secret")).isTrue();
        assertThat(Tokens.constantTimeEquals("secret", "secreT")).isFalse();
        assertThat(Tokens.constantTimeEquals("secret", "secret-longer")).isFalse();
        assertThat(Tokens.constantTimeEquals(null, "secret")).isFalse();
    }
}
