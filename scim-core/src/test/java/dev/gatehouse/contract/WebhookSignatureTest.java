package dev.gatehouse.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
    private final WebhookSignature signature = new WebhookSignature("secret");
    private final byte[] body = "{\"eventId\":\"e1\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void signsWithHmacSha256InLowercaseHex() {
        // Python: hmac.new(b"secret", b'{"eventId":"e1"}', hashlib.sha256).hexdigest()
        assertThat(signature.sign(body)).isEqualTo("sha256=ee20052e701c46ed3e88d92f893b0b1cce94857ca21e83094043cade48ee5640");
        assertThat(signature.verify(body, signature.sign(body))).isTrue();
    }

    @Test
    void rejectsTamperedBodiesWrongKeysAndGarbage() {
        String header = signature.sign(body);
        byte[] tampered = "{\"eventId\":\"e2\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(signature.verify(tampered, header)).isFalse();
        assertThat(new WebhookSignature("other").verify(body, header)).isFalse();
        assertThat(signature.verify(body, null)).isFalse();
        assertThat(signature.verify(body, "sha256=zz")).isFalse();
        assertThat(signature.verify(body, header.substring(7))).isFalse();
    }
}
