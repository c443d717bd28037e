package dev.gatehouse.processor.apply;

import dev.gatehouse.scim.ScimException;

/** If-Match preconditions (RFC 7644 §3.14, RFC 7232 §3.1) against a resource's version. */
final class ETags {
    private ETags() {
    }

    /** Throws 412 unless {@code ifMatch} is absent, {@code *}, or lists the current version. */
    static void check(String ifMatch, long version) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return;
        }
        String current = Long.toString(version);
        for (String tag : ifMatch.split(",")) {
            // Weak comparison (RFC 7232 §2.3.2): W/"1" and "1" name the same version.
            String t = tag.trim();
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
                t = t.substring(1, t.length() - 1);
            }
            if (t.equals(current)) {
                return;
            }
        }
        throw ScimException.preconditionFailed(
                "If-Match does not match the current version W/\"" + current + "\"");
    }
}
