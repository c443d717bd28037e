package dev.gatehouse.api.hostile;

import java.util.List;

/**
 * What a worker's cases may aim at. The hostile organization A: its token, a user and a group of the
 * worker's own (so a before/after comparison is not disturbed by other workers), a pool of A's users
 * to add as members, a user shared by all workers that collects groups. The others: C's token (an
 * intruder holding a valid token of its own), B's canary users (C must not reach them), a token that
 * was revoked, and the token with one letter's case flipped.
 */
record Fixtures(
        int worker,
        String token,
        String userId,
        String userName,
        String groupId,
        List<String> memberPool,
        String joinerId,
        String intruderToken,
        List<String> canaryUserIds,
        String revokedToken,
        String tenantId) {

    /** The token with the case of its last letter flipped: a different credential. */
    String flippedToken() {
        return flipLastLetter(token);
    }

    static String flipLastLetter(String s) {
        for (int i = s.length() - 1; i >= 0; i--) {
            char c = s.charAt(i);
            if (Character.isLetter(c) && Character.toUpperCase(c) != Character.toLowerCase(c)) {
                char flipped = Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c);
                return s.substring(0, i) + flipped + s.substring(i + 1);
            }
        }
        throw new IllegalArgumentException("no letter to flip");
    }

    String member(int i) {
        return memberPool.get(Math.floorMod(i, memberPool.size()));
    }
}
