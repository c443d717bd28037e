package dev.gatehouse.api.secret;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Secrets Gatehouse must use again later (an organization's OpenID Connect client secret, which it sends
 * to the token endpoint), encrypted with AES-256-GCM under a 32-byte key. A sealed value is
 * {@code v1.<key id>.<base64url(nonce ‖ ciphertext ‖ tag)>}: the key id (the first 8 hex digits of the
 * key's SHA-256) says which key sealed it, and the associated data binds it to what it is for (e.g. an
 * organization id), so a value copied to another organization does not open there.
 */
public final class SecretBox {
    /** A key must be exactly this many bytes (AES-256). */
    public static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final String VERSION = "v1";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final SecretKeySpec key;
    private final String keyId;

    public SecretBox(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("an encryption key must be " + KEY_BYTES + " bytes, was " + key.length);
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
        this.keyId = keyId(key);
    }

    /**
     * The key that {@code encoded} (base64, standard or URL-safe, padded or not) gives, or why it gives
     * none (a message that never shows the value).
     */
    public static byte[] decodeKey(String encoded, String name) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(encoded.trim().replace('-', '+').replace('_', '/'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " must be base64 (of " + KEY_BYTES + " random bytes)");
        }
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException(name + " must be the base64 of exactly " + KEY_BYTES + " bytes, was "
                    + key.length + " bytes");
        }
        return key;
    }

    /** {@code plaintext} sealed for {@code purpose}. */
    public String seal(String plaintext, String purpose) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, purpose);
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return VERSION + "." + keyId + "." + B64.encodeToString(ByteBuffer.allocate(nonce.length + sealed.length)
                    .put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JVM", e);
        }
    }

    /** What {@link #seal} sealed for {@code purpose} with this key; empty for anything else. */
    public Optional<String> open(String sealed, String purpose) {
        String prefix = VERSION + "." + keyId + ".";
        if (sealed == null || !sealed.startsWith(prefix)) {
            return Optional.empty();
        }
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(sealed.substring(prefix.length()));
            if (bytes.length < NONCE_BYTES + TAG_BITS / 8) {
                return Optional.empty();
            }
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(bytes, NONCE_BYTES), purpose);
            byte[] plain = cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
            return Optional.of(new String(plain, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    private Cipher cipher(int mode, byte[] nonce, String purpose) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    private static String keyId(byte[] key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key)).substring(0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
