package dev.gatehouse.api.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SecretBoxTest {
    private static final byte[] KEY = new byte[32];
    private static final byte[] OTHER_KEY = new byte[32];

    static {
        Arrays.fill(KEY, (byte) 7);
        Arrays.fill(OTHER_KEY, (byte) 9);
    }

    @Test
    void opensWhatItSealedForTheSamePurposeOnly() {
        SecretBox box = new SecretBox(KEY);
        String sealed = box.seal("client-secret", "sso-client-secret:org-a");
        assertThat(sealed).startsWith("v1.").doesNotContain("client-secret");
        assertThat(box.seal("client-secret", "sso-client-secret:org-a")).as("a fresh nonce each time").isNotEqualTo(sealed);
        assertThat(box.open(sealed, "sso-client-secret:org-a")).contains("client-secret");
        assertThat(box.open(sealed, "sso-client-secret:org-b")).as("copied to another organization").isEmpty();
        assertThat(new SecretBox(OTHER_KEY).open(sealed, "sso-client-secret:org-a")).as("another key").isEmpty();
        String tampered = sealed.substring(0, sealed.length() - 2) + (sealed.endsWith("AA") ? "AB" : "AA");
        assertThat(box.open(tampered, "sso-client-secret:org-a")).isEmpty();
        assertThat(box.open("v1.x.y", "p")).isEmpty();
        assertThat(box.open(null, "p")).isEmpty();
    }

    @Test
    void aKeyIsExactly32Bytes() {
        assertThatThrownBy(() -> new SecretBox(new byte[31])).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> new SecretBox(new byte[33])).hasMessageContaining("32 bytes");
    }
}
