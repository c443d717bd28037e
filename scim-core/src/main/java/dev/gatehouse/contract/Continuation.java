package dev.gatehouse.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The body of a {@link Operation#CONTINUE} command: what is left of a group membership change applied
 * in steps, and the answer to give when it is done. The remaining members are not listed (a group may
 * have very many): each step removes the next members of the group that are not in {@code keep}.
 *
 * @param answerTo     the command id of the SCIM write being continued; its result carries this id
 * @param step         the number of this step (the write itself was step 0)
 * @param groupDeleted whether the group was deleted (every member goes) rather than given new members
 * @param keep         the group's new member ids (empty when deleted): every other member goes
 * @param status       the status of the answer once every step is done
 * @param answer       the answer's body (the group as the write left it), or null (204)
 */
public record Continuation(String answerTo, int step, boolean groupDeleted, List<String> keep, int status,
                           JsonNode answer) {
    public Continuation {
        keep = keep == null ? List.of() : List.copyOf(keep);
    }

    /** The command id of step {@code step} of the write {@code answerTo}: unique, and deterministic. */
    public static String commandId(String answerTo, int step) {
        return answerTo + "#" + step;
    }

    /** The continuation one step further on. */
    public Continuation next() {
        return new Continuation(answerTo, step + 1, groupDeleted, keep, status, answer);
    }
}
