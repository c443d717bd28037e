package dev.gatehouse.api.hostile;

/**
 * The limits the hostile generators aim at: every size and count family makes cases just under, at
 * and just over each of these. They are the planned values of the product's size budget (DESIGN.md:
 * "every size and count has one explicit budget, checked before work starts") and are meant to follow
 * that budget, one for one, once it exists in the product; until then they are the only place these
 * numbers live, so moving a limit is a one-line change here.
 */
final class Budget {
    /** A request body, in bytes. */
    static final int BODY_BYTES = 256 * 1024;
    /** JSON nesting depth of a body (objects and arrays). */
    static final int JSON_DEPTH = 32;
    /** userName, displayName, externalId, a member's display, in characters. */
    static final int NAME_CHARS = 256;
    /** One stored resource (a user with its metadata, a group without its members), in bytes. */
    static final int RESOURCE_BYTES = 128 * 1024;
    /** Values of one multi-valued attribute (emails, phoneNumbers, roles, …). */
    static final int MULTI_VALUES = 1_000;
    /** Members added, removed or replaced by one request. */
    static final int MEMBERS_PER_REQUEST = 1_000;
    /** Groups one user may be in. */
    static final int GROUPS_PER_USER = 1_000;
    /** Operations of one PATCH request. */
    static final int PATCH_OPERATIONS = 200;
    /** A filter, in characters. */
    static final int FILTER_CHARS = 2_048;
    /** Parenthesis / value-path nesting of a filter. */
    static final int FILTER_DEPTH = 10;
    /** The sortBy parameter, in characters. */
    static final int SORT_BY_CHARS = 256;

    /** What the transport accepts today (ApiServer.MAX_BODY_BYTES): sizes either side of it are probed too. */
    static final int TRANSPORT_BYTES = 1 << 20;

    private Budget() {
    }

    /** One line for the run's header. */
    static String describe() {
        return String.format("budget aimed at: body %d B, JSON depth %d, names %d chars, resource %d B, %d values per attribute, "
                + "%d members per request, %d groups per user, %d PATCH operations, filter %d chars / depth %d, sortBy %d chars",
                BODY_BYTES, JSON_DEPTH, NAME_CHARS, RESOURCE_BYTES, MULTI_VALUES, MEMBERS_PER_REQUEST, GROUPS_PER_USER,
                PATCH_OPERATIONS, FILTER_CHARS, FILTER_DEPTH, SORT_BY_CHARS);
    }
}
