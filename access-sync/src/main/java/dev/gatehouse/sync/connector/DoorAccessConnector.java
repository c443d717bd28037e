package dev.gatehouse.sync.connector;

import java.util.HashSet;
import java.util.Set;

/**
 * The per-operation connector SPI: the common denominator of door-access systems (docs/door-systems.md,
 * "The connector SPI"). One instance serves one organization at one door system. Every call is safe to repeat
 * ("already exists", "not found", "already (not) a member" count as applied) and answers with a
 * {@link PushOutcome}: applied, retry later (with the delay the system asked for), or rejected for
 * good. Outcomes are never exceptions. {@link ChangeApplier} turns access changes into these calls.
 */
public interface DoorAccessConnector {

    /** A stable name: the consumer group and progress of this connector are keyed by it. */
    String name();

    /** The organization (tenant id) this connector serves. */
    String tenantId();

    Capabilities capabilities();

    /** Creates or updates the person (including whether they may open doors) and their memberships. */
    PushOutcome upsertPerson(PersonSpec person);

    /** Revokes door access, keeping the person's record and audit trail. */
    PushOutcome suspendPerson(String personKey);

    PushOutcome resumePerson(String personKey);

    /** Removes the person; one the system does not hold counts as deleted. */
    PushOutcome deletePerson(String personKey);

    /** Creates or renames the group (its members are set apart, by {@link #setGroupMembers}). */
    PushOutcome upsertGroup(GroupSpec group);

    PushOutcome deleteGroup(String groupKey);

    PushOutcome addMember(String groupKey, String personKey);

    PushOutcome removeMember(String groupKey, String personKey);

    /** The members the system holds for a group (our person keys). */
    Listing<String> listMembers(String groupKey);

    /**
     * Makes the group's members exactly {@code personKeys}: a diff of {@link #listMembers} applied
     * member by member, stopping at the first call that did not succeed. Members the system does not
     * know yet are the connector's to skip (they join when their person is pushed).
     */
    default PushOutcome setGroupMembers(String groupKey, Set<String> personKeys) {
        Listing<String> held = listMembers(groupKey);
        if (!held.ok()) {
            return held.outcome();
        }
        Set<String> current = new HashSet<>(held.items());
        for (String person : personKeys) {
            if (!current.contains(person)) {
                PushOutcome outcome = addMember(groupKey, person);
                if (!outcome.ok()) {
                    return outcome;
                }
            }
        }
        for (String person : current) {
            if (!personKeys.contains(person)) {
                PushOutcome outcome = removeMember(groupKey, person);
                if (!outcome.ok()) {
                    return outcome;
                }
            }
        }
        return PushOutcome.applied();
    }

    /** Everyone the system holds, for reconciliation; persons it did not get from us have a key of its own. */
    Listing<PersonSpec> listPersons();

    /** Every group the system holds, with members, for reconciliation. */
    Listing<GroupSpec> listGroups();

    /** Forgets any cached view of the door system (a replay suspects it changed behind our back). */
    default void refresh() {
    }
}
