package dev.gatehouse.api.http;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Console sign-in sessions, as signed cookies: {@code <session id>.<expiry>.<HMAC>} under a key derived
 * from the admin key. Any API instance that shares the admin key accepts them, nothing is stored, and
 * changing the admin key signs every session out. Sign-out revokes the session on the instance that
 * served it (others accept it until it expires, at most {@link #LIFETIME}). The CSRF token of a session
 * is a second HMAC of its id, sent by the console in a header on every state-changing call.
 */
final class ConsoleSessions {
    static final String COOKIE = "gh_console";
    static final Duration LIFETIME = Duration.ofHours(8);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final byte[] key;
    private final Map<String, Instant> revoked = new ConcurrentHashMap<>();

    ConsoleSessions(String adminKey) {
        this.key = hmac(adminKey.getBytes(StandardCharsets.UTF_8), "gatehouse console session v1");
    }

    record Session(String id, Instant expiresAt) {
    }

    /** A new session's cookie value. */
    String issue(Instant now) {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        String payload = B64.encodeToString(id) + "." + now.plus(LIFETIME).getEpochSecond();
        return payload + "." + B64.encodeToString(hmac(key, payload));
    }

    /** The session of a cookie value, if it is signed by this admin key, unexpired and not revoked. */
    Optional<Session> verify(String cookie, Instant now) {
        if (cookie == null) {
            return Optional.empty();
        }
        int last = cookie.lastIndexOf('.');
        int first = cookie.indexOf('.');
        if (first <= 0 || last <= first) {
            return Optional.empty();
        }
        String payload = cookie.substring(0, last);
        byte[] presented = cookie.substring(last + 1).getBytes(StandardCharsets.US_ASCII);
        byte[] expected = B64.encodeToString(hmac(key, payload)).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(presented, expected)) {
            return Optional.empty();
        }
        Instant expiresAt;
        try {
            expiresAt = Instant.ofEpochSecond(Long.parseLong(cookie.substring(first + 1, last)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        String id = cookie.substring(0, first);
        if (!expiresAt.isAfter(now) || revoked.containsKey(id)) {
            return Optional.empty();
        }
        return Optional.of(new Session(id, expiresAt));
    }

    String csrfToken(Session session) {
        return B64.encodeToString(hmac(key, "csrf." + session.id()));
    }

    boolean csrfValid(Session session, String presented) {
        return presented != null && MessageDigest.isEqual(
                presented.getBytes(StandardCharsets.UTF_8), csrfToken(session).getBytes(StandardCharsets.UTF_8));
    }

    void revoke(Session session, Instant now) {
        revoked.values().removeIf(expiry -> !expiry.isAfter(now));
        revoked.put(session.id(), session.expiresAt());
    }

    private static byte[] hmac(byte[] key, String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JVM", e);
        }
    }
}
