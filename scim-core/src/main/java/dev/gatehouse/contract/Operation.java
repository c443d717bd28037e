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
    DELETE
}
