package dev.gatehouse.api.hostile;

import dev.gatehouse.api.http.ApiServer;
import dev.gatehouse.scim.limits.Limits;

/**
 * The limits the hostile generators aim at: every size and count family makes cases just under, at
 * and just over each of these. They are the product's size budget ({@link Limits}), named here as the
 * generators use them.
 */
final class Budget {
    /** A request body, in bytes. */
    static final int BODY_BYTES = Limits.REQUEST_BODY_BYTES;
    /** JSON nesting depth of a body (objects and arrays). */
    static final int JSON_DEPTH = Limits.JSON_DEPTH;
    /** userName, displayName, externalId, a member's display, in characters. */
    static final int NAME_CHARS = Limits.NAME_CHARS;
    /** One stored resource (a user with its metadata, a group without its members), in bytes. */
    static final int RESOURCE_BYTES = Limits.STORED_RESOURCE_BYTES;
    /** Values of one multi-valued attribute (emails, phoneNumbers, roles, …). */
    static final int MULTI_VALUES = Limits.MULTI_VALUED_VALUES;
    /** Members added, removed or replaced by one request. */
    static final int MEMBERS_PER_REQUEST = Limits.MEMBERS_PER_REQUEST;
    /** Groups one user may be in. */
    static final int GROUPS_PER_USER = Limits.GROUPS_PER_USER;
    /** Operations of one PATCH request. */
    static final int PATCH_OPERATIONS = Limits.PATCH_OPERATIONS;
    /** A filter, in characters. */
    static final int FILTER_CHARS = Limits.FILTER_CHARS;
    /** Parenthesis / value-path nesting of a filter. */
    static final int FILTER_DEPTH = Limits.FILTER_DEPTH;
    /** The sortBy parameter, in characters. */
    static final int SORT_BY_CHARS = Limits.SORT_BY_CHARS;
    /** What the transport accepts (the body limit); sizes either side of it and of 1 MiB are probed too. */
    static final int TRANSPORT_BYTES = (int) ApiServer.MAX_BODY_BYTES;

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
