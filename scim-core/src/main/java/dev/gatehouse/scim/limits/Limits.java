package dev.gatehouse.scim.limits;

import java.util.List;

/**
 * The size budget: every size and count one request, one resource or one processing step may reach,
 * in one place (docs/architecture.md, "No request, organization or failure can stop provisioning for others").
 * Each limit is checked before the work it bounds starts, and an over-budget request or outcome is a
 * deterministic 4xx that changes nothing: 413 for bytes, 400 {@code invalidValue} / {@code invalidSyntax}
 * / {@code invalidFilter} for counts, depths and lengths.
 *
 * <p>The Kafka settings are derived from it, not chosen beside it: {@link #RECORD_BYTES} bounds every
 * record the services produce, and the topic and producer limits in the pipeline's catalogue are that
 * plus the batch framing. The values are chosen so that the largest outcome the other limits allow
 * fits in a record with room to spare (a group answer listing {@link #MEMBERS_PER_REQUEST} members with
 * {@link #NAME_CHARS}-character names, a user of {@link #STORED_RESOURCE_BYTES} in
 * {@link #GROUPS_PER_USER} groups); a test produces each of them and measures it.
 */
public final class Limits {
    /** A SCIM request body, in bytes (Entra sends a few KB; Content-Length and the body read are both capped). */
    public static final int REQUEST_BODY_BYTES = 256 * 1024;
    /** Nesting of a JSON request body (a SCIM PatchOp reaches 6: Operations, op, value, extension, manager). */
    public static final int JSON_DEPTH = 32;
    /** userName, displayName and externalId (users and groups), and a member's display (Entra: 256). */
    public static final int NAME_CHARS = 256;
    /** A stored resource after a write, serialized (Entra's users are a few KB; metadata may take ~28 KB). */
    public static final int STORED_RESOURCE_BYTES = 64 * 1024;
    /** Values of one multi-valued attribute (emails, roles, an extension's array, …). */
    public static final int MULTI_VALUED_VALUES = 1_000;
    /** Member values in one request (POST/PUT members, or all member values of a PATCH's operations). */
    public static final int MEMBERS_PER_REQUEST = 1_000;
    /** Groups one user may be a member of; its change events and state records list them all. */
    public static final int GROUPS_PER_USER = 1_000;
    /** Operations of one PATCH, after Entra's no-path values are expanded into one per key. */
    public static final int PATCH_OPERATIONS = 200;
    /** A filter's length in characters (query parameter or .search body). */
    public static final int FILTER_CHARS = 2_048;
    /** Nesting of a filter: parentheses, value-path brackets and {@code not}. */
    public static final int FILTER_DEPTH = 10;
    /** The {@code sortBy} attribute path. */
    public static final int SORT_BY_CHARS = 256;
    /** A resource id in a request path: ids are UUIDs assigned at ingest, so a longer one names nothing. */
    public static final int ID_CHARS = 64;
    /**
     * A request's line and headers, in bytes, at the API and at the processor's query endpoint: room
     * for the longest filter, sortBy, sortOrder and ids the other limits allow, percent-encoded (nine
     * bytes for a character of three UTF-8 bytes), plus 8 KiB for the rest. Jetty's default of 8 KiB
     * is less than a filter the API accepts; past this, 431.
     */
    public static final int REQUEST_HEAD_BYTES = 9 * (FILTER_CHARS + 2 * SORT_BY_CHARS + 2 * ID_CHARS) + 8 * 1024;
    /** Results per list page (RFC 7644 §3.4.2.4 lets a server return fewer than asked). */
    public static final int PAGE_RESOURCES = 1_000;
    /**
     * The work one processing step may do on memberships, in bytes of the user states (and, for a
     * deleted user, group states) it reads and publishes: each user whose groups change is read and
     * published again with all its groups, so a member costs {@link #MEMBER_CHANGE_BYTES} plus its
     * stored size plus {@link #BYTES_PER_GROUP} per group it is in. A change that needs more (many
     * members, large users, users in many groups, a large group deleted) is applied in steps, each a
     * record of its own on the commands topic, so other organizations' commands are applied in between.
     * About 30 ordinary users, or 2 of the largest users in the most groups, make a step: a few tens of
     * milliseconds of the stream thread on this project's two-core machines, so that another
     * organization's revocation waits at most a step or two (the bench's noisy-neighbour phase).
     */
    public static final int STEP_WORK_BYTES = 256 * 1024;
    /** What one group id adds to a user's published state ({@code {"value":"<uuid>"}} plus an event's copy). */
    public static final int BYTES_PER_GROUP = 48;
    /**
     * What a membership change costs beyond the user's size, in the same measure: reading the user and
     * its groups, two membership entries, its store record, state record and event. Measured: a change
     * of a small user costs the processor about as much as publishing 8 KiB more of it.
     */
    public static final int MEMBER_CHANGE_BYTES = 8 * 1024;
    /**
     * An organization's writes in flight at one API instance, in the same measure as
     * {@link #STEP_WORK_BYTES}: what the processor may be asked to do for it before its next write is
     * sent. Writes past it wait at the API, in order, so another organization's write (a revocation)
     * never queues behind more than this much of one organization's work in a partition.
     */
    public static final int WRITE_WINDOW_BYTES = 2 * STEP_WORK_BYTES;
    /** What a write counts for in its window, however small: the processor's fixed cost of a command. */
    public static final int COMMAND_BASE_BYTES = 16 * 1024;
    /** Writes waiting for an organization's window; past it a write is refused with 429. */
    public static final int WRITE_QUEUE_BYTES = 16 * WRITE_WINDOW_BYTES;
    /**
     * An organization's reads in flight at one API instance. A filter the indexes cannot answer scans
     * the organization's resources on the processor; more reads wait, in order, within the read timeout.
     */
    public static final int READS_IN_FLIGHT = 8;
    /** An organization's reads waiting at one API instance; past it a read is refused with 429. */
    public static final int READS_WAITING = 256;
    /** Any record the services produce (key and value); topics and producers allow this plus framing. */
    public static final int RECORD_BYTES = 2 * 1024 * 1024;

    private Limits() {
    }

    /**
     * One limit as documented: its name, value and unit, what it bounds, and what exceeding it answers.
     * The table of limits in docs/security.md is checked against this list by a test.
     */
    public record Limit(String name, long value, String unit, String bounds, String answer) {
    }

    /** Every limit, in the order docs/security.md lists them. */
    public static List<Limit> all() {
        return List.of(
                new Limit("request body", REQUEST_BODY_BYTES, "bytes", "a SCIM request body", "413"),
                new Limit("JSON depth", JSON_DEPTH, "levels", "nesting of a request body", "400 invalidSyntax"),
                new Limit("name length", NAME_CHARS, "characters",
                        "userName, displayName, externalId, a member's display", "400 invalidValue"),
                new Limit("stored resource", STORED_RESOURCE_BYTES, "bytes",
                        "a user or group after the write, serialized", "413"),
                new Limit("multi-valued attribute", MULTI_VALUED_VALUES, "values",
                        "values of one attribute of a resource", "400 invalidValue"),
                new Limit("members per request", MEMBERS_PER_REQUEST, "values",
                        "member values of one POST, PUT or PATCH", "400 invalidValue"),
                new Limit("groups per user", GROUPS_PER_USER, "groups",
                        "groups one user is a member of", "the member is left out, as an unknown id is"),
                new Limit("PATCH operations", PATCH_OPERATIONS, "operations",
                        "operations of one PATCH, no-path values expanded", "400 invalidValue"),
                new Limit("filter length", FILTER_CHARS, "characters", "a filter", "400 invalidFilter"),
                new Limit("filter depth", FILTER_DEPTH, "levels",
                        "nesting of parentheses, brackets and not in a filter", "400 invalidFilter"),
                new Limit("sortBy length", SORT_BY_CHARS, "characters", "the sortBy attribute", "400 invalidValue"),
                new Limit("id length", ID_CHARS, "characters", "a resource id in a path", "404"),
                new Limit("request head", REQUEST_HEAD_BYTES, "bytes",
                        "a request's line and headers (room for the longest filter, percent-encoded)", "431"),
                new Limit("page size", PAGE_RESOURCES, "resources", "resources in one list page",
                        "a larger count is served as this many"),
                new Limit("membership work per step", STEP_WORK_BYTES, "bytes",
                        "user states one processing step publishes for membership changes", "continued in further steps"),
                new Limit("write window", WRITE_WINDOW_BYTES, "bytes of work",
                        "an organization's writes in flight at one API instance (a write counts "
                                + COMMAND_BASE_BYTES / 1024 + " KiB plus its body and members)",
                        "further writes wait, in order, within the command timeout"),
                new Limit("write queue", WRITE_QUEUE_BYTES, "bytes of work",
                        "an organization's writes waiting at one API instance", "429 with Retry-After"),
                new Limit("reads in flight", READS_IN_FLIGHT, "reads",
                        "an organization's reads at one API instance", "further reads wait, in order"),
                new Limit("reads waiting", READS_WAITING, "reads",
                        "an organization's reads waiting at one API instance", "429 with Retry-After"),
                new Limit("Kafka record", RECORD_BYTES, "bytes", "any record produced (key and value)",
                        "sized so it is never reached"));
    }
}
