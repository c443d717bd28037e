package dev.gatehouse.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
    void signsEveryBodyAloneWhenReusedAndOnManyThreads() throws Exception {
        byte[] other = "{\"eventId\":\"e2\"}".getBytes(StandardCharsets.UTF_8);
        String first = signature.sign(body);
        String second = signature.sign(other);
        assertThat(signature.sign(body)).isEqualTo(first).isNotEqualTo(second);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> checks = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                byte[] b = i % 2 == 0 ? body : other;
                String expected = i % 2 == 0 ? first : second;
                checks.add(pool.submit(() -> signature.sign(b).equals(expected) && signature.verify(b, expected)));
            }
            for (Future<Boolean> check : checks) {
                assertThat(check.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
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
