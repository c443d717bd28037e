package dev.gatehouse.api.tenant;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Secrets Gatehouse hands out (SCIM tokens, OAuth client secrets, OAuth access tokens): 256 random bits
 * behind a recognisable prefix per kind (so secret scanners find leaked ones, and a bearer credential
 * says which kind it is); only their SHA-256 hash is ever kept.
 */
public final class Tokens {
    /** Prefix of every SCIM token. */
    public static final String PREFIX = "gh_scim_";
    /** Prefix of every OAuth client secret. */
    public static final String CLIENT_SECRET_PREFIX = "gh_cs_";
    /** Prefix of every OAuth access token. */
    public static final String ACCESS_TOKEN_PREFIX = "gh_at_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {
    }

    /** A new token: {@code gh_scim_} + base64url of 32 random bytes. */
    public static String generate() {
        return generate(PREFIX);
    }

    /** A new secret: {@code prefix} + base64url of 32 random bytes. */
    public static String generate(String prefix) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Lowercase hex SHA-256 of the token, the only form that is stored. */
    public static String hash(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    /** Compares two secrets in time independent of where they differ. */
    public static boolean constantTimeEquals(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        // Hashing first makes the comparison length-independent too.
        return MessageDigest.isEqual(sha256(a), sha256(b));
    }
}
