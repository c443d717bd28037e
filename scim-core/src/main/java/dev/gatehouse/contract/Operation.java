package dev.gatehouse.contract;

/** A SCIM write, as carried by a {@link Command}. */
public enum Operation {
    /** POST: the resource id is assigned at ingest and carried in the command. */
    CREATE,
    /** PUT. */
    REPLACE,
    /** PATCH with a PatchOp body. */
    PATCH,
    /** DELETE. */
    DELETE,
    /**
     * Not a SCIM write: the processor's own next step of a membership change too large for one step
     * (a group deleted, or its members replaced, with more than {@code Limits.MEMBER_CHANGES_PER_STEP}
     * members to remove). Written by the processor to the commands topic, so other organizations'
     * commands are applied between the steps and a replay repeats them in the same order. Its body is
     * a {@link Continuation}. The ingest API never sends one.
     */
    CONTINUE
}
