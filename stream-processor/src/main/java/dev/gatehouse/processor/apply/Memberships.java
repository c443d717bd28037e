package dev.gatehouse.processor.apply;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.contract.Command;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.processor.store.Directory;
import dev.gatehouse.processor.store.StoredResource;
import dev.gatehouse.processor.store.Views;
import dev.gatehouse.scim.ScimException;
import dev.gatehouse.scim.limits.Limits;
import dev.gatehouse.scim.resource.MemberChange;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Membership changes and their ripple. A user's door access follows its groups, so every user whose
 * group set changes gets a new version and a USER event carrying its group ids; the group itself gets
 * a new version and a GROUP event carrying its own attributes only. Membership travels in user
 * events, never as a group's member list, so a member PATCH costs O(members changed) — a 50,000-member
 * group's list would also be larger than a Kafka record may be. Sets are sorted so outputs are
 * deterministic.
 *
 * <p>The work of one command is bounded: a request names at most {@link Limits#MEMBERS_PER_REQUEST}
 * members, a user is in at most {@link Limits#GROUPS_PER_USER} groups, and the members a write removes
 * without naming them (a group deleted, or given a new member list) are removed
 * {@link Limits#MEMBER_CHANGES_PER_STEP} at a time: the rest is left to {@code CONTINUE} steps.
 */
final class Memberships {
    private final Directory directory;
    private final Command command;
    /** Users read by this command, so checking a member and publishing it reads the user once. */
    private final Map<String, Optional<StoredResource>> users = new HashMap<>();

    Memberships(Directory directory, Command command) {
        this.directory = directory;
        this.command = command;
    }

    /**
     * What {@code change} does to group {@code groupId} ({@code created}: the group is new and has no
     * members yet). Re-adding a member or removing a non-member is a silent no-op (ENTRA_SCIM.md §6
     * item 16). Newly added ids that are not users of the tenant are IGNORED, neither stored nor
     * refused: Microsoft's conformance collection ("Group tests with garbage") adds
     * {@code "string id 1"} and expects 2xx, and a directory that door systems read must never hold a
     * member they cannot resolve. A replacement unlinks at most {@link #stepBudget} current members here;
     * {@link MemberDelta#more()} says whether others remain for the next steps.
     */
    MemberDelta delta(String groupId, boolean created, MemberChange change) {
        String tenant = command.tenantId();
        if (change.replacement().isPresent()) {
            Set<String> after = new TreeSet<>();
            Set<String> linked = new TreeSet<>();
            for (String id : change.replacement().get()) {
                boolean member = !created && directory.isMember(tenant, groupId, id);
                if (member || isUser(id)) {
                    after.add(id);
                }
                if (!member && isUser(id)) {
                    linked.add(id);
                }
            }
            List<String> unlinked = created ? List.of()
                    : directory.membersExcept(tenant, groupId, after, stepBudget(linked.size()) + 1);
            boolean more = unlinked.size() > stepBudget(linked.size());
            Set<String> unlinkedNow = new TreeSet<>(more ? unlinked.subList(0, stepBudget(linked.size())) : unlinked);
            return new MemberDelta(linked, unlinkedNow, Optional.of(after), more);
        }
        // added and removed are disjoint (MemberCollector folds the operations in order).
        Set<String> linked = new TreeSet<>();
        for (String id : change.added()) {
            if (!directory.isMember(tenant, groupId, id) && isUser(id)) {
                linked.add(id);
            }
        }
        Set<String> unlinked = new TreeSet<>();
        for (String id : change.removed()) {
            if (directory.isMember(tenant, groupId, id)) {
                unlinked.add(id);
            }
        }
        return new MemberDelta(linked, unlinked, Optional.empty(), false);
    }

    /** Unlinks removed members ({@link #stepBudget} of them at most) after {@code linked} were linked. */
    static int stepBudget(int linked) {
        return Math.max(0, Limits.MEMBER_CHANGES_PER_STEP - linked);
    }

    /** Links and unlinks members, and re-publishes each user whose groups changed. */
    void apply(Plan plan, String groupId, MemberDelta delta, MemberChange change) {
        for (String userId : delta.unlinked()) {
            plan.unlink(groupId, userId);
            bumpUser(plan, userId, groupId, false);
        }
        for (String userId : delta.linked()) {
            plan.link(groupId, userId, change.display(userId).orElse(null));
            bumpUser(plan, userId, groupId, true);
        }
    }

    /** A deleted user leaves every group it was in (at most {@link Limits#GROUPS_PER_USER}). */
    void detachUser(Plan plan, String userId, List<String> groups) {
        for (String groupId : groups) {
            plan.unlink(groupId, userId);
            directory.find(ResourceType.GROUP, command.tenantId(), groupId)
                    .ifPresent(group -> plan.publishGroup(groupId, touched(group)));
        }
    }

    /**
     * One step of removing the members of {@code groupId} that are not in {@code keep}: the next
     * {@link Limits#MEMBER_CHANGES_PER_STEP} of them are unlinked; true when others remain.
     */
    boolean unlinkStep(Plan plan, String groupId, Set<String> keep) {
        int budget = Limits.MEMBER_CHANGES_PER_STEP;
        List<String> next = directory.membersExcept(command.tenantId(), groupId, keep, budget + 1);
        for (String userId : next.subList(0, Math.min(budget, next.size()))) {
            plan.unlink(groupId, userId);
            bumpUser(plan, userId, groupId, false);
        }
        return next.size() > budget;
    }

    private void bumpUser(Plan plan, String userId, String groupId, boolean member) {
        // A dangling membership (no such user) would be a bug elsewhere; skipping keeps the
        // command's own outcome intact instead of failing it.
        user(userId).ifPresent(user -> {
            Set<String> groups = new TreeSet<>(directory.groupsOf(command.tenantId(), userId));
            if (member) {
                groups.add(groupId);
                if (groups.size() > Limits.GROUPS_PER_USER) {
                    throw ScimException.invalidValue("User " + userId + " is already a member of "
                            + Limits.GROUPS_PER_USER + " groups, the most one user may be in");
                }
            } else {
                groups.remove(groupId);
            }
            plan.publishUser(userId, touched(user), groups);
        });
    }

    private boolean isUser(String id) {
        return user(id).isPresent();
    }

    private Optional<StoredResource> user(String id) {
        return users.computeIfAbsent(id, u -> directory.find(ResourceType.USER, command.tenantId(), u));
    }

    /** The resource with a new version and lastModified, stored by {@code publish*}. */
    StoredResource touched(StoredResource current) {
        long version = current.version() + 1;
        ObjectNode resource = Views.touch(current.resource(), version, command.receivedAt());
        return new StoredResource(resource, version);
    }
}
