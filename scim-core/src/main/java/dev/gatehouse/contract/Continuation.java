package dev.gatehouse.contract;

import java.util.List;

/**
 * The body of a {@link Operation#CONTINUE} command: what is left of a membership change too large for
 * one processing step, and how to answer the SCIM write once it is done. For a group ({@code
 * resourceType} GROUP): the members still to unlink and to link, and, when the write replaced the
 * member list or deleted the group, that every other member goes ({@code removeOthers}, except
 * {@code keep}). For a deleted user (USER): that it leaves every group it is still in. The remaining
 * "others" are not listed (a group may have very many): each step takes the next of them from the store.
 *
 * @param answerTo     the command id of the SCIM write being continued; its result carries this id
 * @param step         the number of this step (the write itself was step 0)
 * @param status       the status of the answer once every step is done
 * @param deleted      whether the resource was deleted (then the answer has no body)
 * @param unlink       members still to remove, by id
 * @param link         members still to add, with the display sent with each
 * @param removeOthers whether every member not in {@code keep} goes too
 * @param keep         the new member list of a replacement (empty when the group was deleted)
 * @param operation    the SCIM operation of the write being continued, for the timeline; null in steps
 *                     written before it was carried
 */
public record Continuation(String answerTo, int step, int status, boolean deleted, List<String> unlink,
                           List<Member> link, boolean removeOthers, List<String> keep, Operation operation) {

    /** A member to add, with the {@code display} the client sent with it (or null). */
    public record Member(String id, String display) {
    }

    public Continuation {
        unlink = unlink == null ? List.of() : List.copyOf(unlink);
        link = link == null ? List.of() : List.copyOf(link);
        keep = keep == null ? List.of() : List.copyOf(keep);
    }

    /** A step that does not say which write it continues (tests, steps written before it was carried). */
    public Continuation(String answerTo, int step, int status, boolean deleted, List<String> unlink,
            List<Member> link, boolean removeOthers, List<String> keep) {
        this(answerTo, step, status, deleted, unlink, link, removeOthers, keep, null);
    }

    /** The command id of step {@code step} of the write {@code answerTo}: unique, and deterministic. */
    public static String commandId(String answerTo, int step) {
        return answerTo + "#" + step;
    }
}
