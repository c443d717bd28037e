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
 * Console sign-in sessions, as signed cookies: {@code <session id>.<expiry>.<who>.<HMAC>} under a key
 * derived from the admin key, where {@code who} is {@code op} for the operator (signed in with the admin
 * key) or {@code m} and the base64url of an organization id and email for a console member (signed in
 * with the organization's identity provider; their role is looked up on every call, so removing or
 * demoting a member takes effect at once). Any API instance that shares the admin key accepts them,
 * nothing is stored, and changing the admin key signs every session out. Sign-out revokes the session on the instance that
 * served it (others accept it until it expires, at most {@link #LIFETIME}). The CSRF token of a session
 * is a second HMAC of its id, sent by the console in a header on every state-changing call.
 */
final class ConsoleSessions {
    static final String COOKIE = "gh_console";
    static final Duration LIFETIME = Duration.ofHours(8);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private static final String OPERATOR = "op";
    private static final String MEMBER = "m";

    private final byte[] key;
    private final Map<String, Instant> revoked = new ConcurrentHashMap<>();

    ConsoleSessions(String adminKey) {
        this.key = hmac(adminKey.getBytes(StandardCharsets.UTF_8), "gatehouse console session v2");
    }

    /**
     * A signed-in session: the operator's ({@code organization} and {@code email} null) or a console
     * member's.
     */
    record Session(String id, Instant expiresAt, String organization, String email) {
        boolean operator() {
            return organization == null;
        }
    }

    /** A new operator session's cookie value. */
    String issue(Instant now) {
        return issue(now, OPERATOR);
    }

    /** A new session's cookie value for the console member {@code email} of {@code organization}. */
    String issueMember(Instant now, String organization, String email) {
        return issue(now, MEMBER + B64.encodeToString((organization + "\n" + email).getBytes(StandardCharsets.UTF_8)));
    }

    private String issue(Instant now, String who) {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        String payload = B64.encodeToString(id) + "." + now.plus(LIFETIME).getEpochSecond() + "." + who;
        return payload + "." + B64.encodeToString(hmac(key, payload));
    }

    /** The session of a cookie value, if it is signed by this admin key, unexpired and not revoked. */
    Optional<Session> verify(String cookie, Instant now) {
        if (cookie == null) {
            return Optional.empty();
        }
        int last = cookie.lastIndexOf('.');
        if (last <= 0) {
            return Optional.empty();
        }
        String payload = cookie.substring(0, last);
        byte[] presented = cookie.substring(last + 1).getBytes(StandardCharsets.US_ASCII);
        byte[] expected = B64.encodeToString(hmac(key, payload)).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(presented, expected)) {
            return Optional.empty();
        }
        String[] parts = payload.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        Instant expiresAt;
        try {
            expiresAt = Instant.ofEpochSecond(Long.parseLong(parts[1]));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (!expiresAt.isAfter(now) || revoked.containsKey(parts[0])) {
            return Optional.empty();
        }
        if (parts[2].equals(OPERATOR)) {
            return Optional.of(new Session(parts[0], expiresAt, null, null));
        }
        if (!parts[2].startsWith(MEMBER)) {
            return Optional.empty();
        }
        String[] member = new String(Base64.getUrlDecoder().decode(parts[2].substring(MEMBER.length())),
                StandardCharsets.UTF_8).split("\n", 2);
        return member.length == 2 ? Optional.of(new Session(parts[0], expiresAt, member[0], member[1])) : Optional.empty();
    }

    /** A key for {@code purpose} derived from this deployment's session key (e.g. of sign-in state cookies). */
    byte[] derivedKey(String purpose) {
        return hmac(key, "derived." + purpose);
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
