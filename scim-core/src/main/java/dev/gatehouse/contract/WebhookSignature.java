package dev.gatehouse.contract;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The webhook signature: {@code X-Gatehouse-Signature: sha256=<lowercase hex HMAC-SHA256 of the exact
 * request body>}, keyed with the shared webhook secret. Part of the webhook's contract with door
 * systems, like the {@link AccessChange} it carries: the webhook connector signs with it, receivers
 * (the door simulator) verify it in constant time.
 */
public final class WebhookSignature {
    public static final String HEADER = "X-Gatehouse-Signature";
    private static final String PREFIX = "sha256=";

    private final SecretKeySpec key;
    /** A keyed Mac per thread: {@code Mac.getInstance} looks the algorithm up among the providers each time. */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::keyedMac);

    public WebhookSignature(String secret) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** The header value for {@code body}. */
    public String sign(byte[] body) {
        return PREFIX + HexFormat.of().formatHex(mac(body));
    }

    /** Whether {@code header} is the signature of {@code body}. */
    public boolean verify(byte[] body, String header) {
        if (header == null || !header.startsWith(PREFIX)) {
            return false;
        }
        byte[] presented;
        try {
            presented = HexFormat.of().parseHex(header.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(mac(body), presented);
    }

    private byte[] mac(byte[] body) {
        return macs.get().doFinal(body); // doFinal leaves the Mac reset, keyed, for the next body
    }

    private Mac keyedMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JVM", e);
        }
    }
}
