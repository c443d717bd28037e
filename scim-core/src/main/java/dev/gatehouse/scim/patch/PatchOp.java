package dev.gatehouse.scim.patch;

import dev.gatehouse.scim.ScimException;
import java.util.Locale;

/** A PATCH operation type; {@code op} is matched ignoring case (docs/entra-id.md §2.5, quirk 2). */
public enum PatchOp {
    ADD, REPLACE, REMOVE;

    /** Parses {@code op} in any case; a 400 {@code invalidSyntax} for anything else. */
    public static PatchOp parse(String op) {
        try {
            return valueOf(op.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw ScimException.invalidSyntax("Unknown PATCH op '" + op + "': expected add, replace or remove");
        }
    }
}
