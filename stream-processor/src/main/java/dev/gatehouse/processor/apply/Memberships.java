package dev.gatehouse.processor.apply;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.contract.Command;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.processor.store.Directory;
import dev.gatehouse.processor.store.StoredResource;
import dev.gatehouse.processor.store.Views;
import dev.gatehouse.scim.resource.MemberChange;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Membership changes and their ripple: a user's door access follows its groups, so every user whose
 * group set changes gets a new version and a USER event, and every group whose member set changes
 * (a member deleted) gets a GROUP event. Sets are sorted so the outputs are deterministic.
 */
final class Memberships {
    private final Directory directory;
    private final Command command;

    Memberships(Directory directory, Command command) {
        this.directory = directory;
        this.command = command;
    }

    /**
     * A group's member set after {@code change}. Re-adding a member or removing a non-member is a
     * silent no-op (ENTRA_SCIM.md §6 item 16). Newly added ids that are not users of the tenant are
     * IGNORED, neither stored nor refused: Microsoft's conformance collection ("Group tests with
     * garbage") adds {@code "string id 1"} and expects 2xx, and a directory that door systems read must
     * never hold a member they cannot resolve. One user lookup per newly added id, so a member PATCH
     * costs O(members changed).
     */
    Set<String> after(Set<String> before, MemberChange change) {
        Set<String> after = new TreeSet<>();
        if (change.replacement().isPresent()) {
            after.addAll(change.replacement().get());
        } else {
            after.addAll(before);
            after.removeAll(change.removed());
            after.addAll(change.added());
        }
        after.removeIf(id -> !before.contains(id)
                && directory.find(ResourceType.USER, command.tenantId(), id).isEmpty());
        return after;
    }

    /** Links added members, unlinks removed ones, and re-publishes each user whose groups changed. */
    void apply(Plan plan, String groupId, Set<String> before, Set<String> after, MemberChange change) {
        Set<String> affected = new TreeSet<>();
        for (String userId : before) {
            if (!after.contains(userId)) {
                plan.unlink(groupId, userId);
                affected.add(userId);
            }
        }
        for (String userId : after) {
            if (!before.contains(userId)) {
                plan.link(groupId, userId, change.display(userId).orElse(null));
                affected.add(userId);
            }
        }
        for (String userId : affected) {
            Set<String> groups = new TreeSet<>(directory.groupsOf(command.tenantId(), userId));
            if (after.contains(userId)) {
                groups.add(groupId);
            } else {
                groups.remove(groupId);
            }
            bump(plan, ResourceType.USER, userId, groups);
        }
    }

    /** A deleted resource leaves every group (user) or every user (group) it was related to. */
    void detach(Plan plan, ResourceType type, String id, List<String> related) {
        for (String other : related) {
            if (type == ResourceType.USER) {
                plan.unlink(other, id);
                bump(plan, ResourceType.GROUP, other, without(directory.members(command.tenantId(), other), id));
            } else {
                plan.unlink(id, other);
                bump(plan, ResourceType.USER, other, without(directory.groupsOf(command.tenantId(), other), id));
            }
        }
    }

    private void bump(Plan plan, ResourceType type, String id, Set<String> related) {
        // A dangling membership (no such resource) would be a bug elsewhere; skipping keeps the
        // command's own outcome intact instead of failing it.
        directory.find(type, command.tenantId(), id).ifPresent(current -> {
            long version = current.version() + 1;
            ObjectNode resource = Views.touch(current.resource(), version, command.receivedAt());
            StoredResource stored = new StoredResource(resource, version);
            plan.putResource(type, id, stored);
            plan.publish(type, id, stored, related);
        });
    }

    private static Set<String> without(List<String> ids, String removed) {
        Set<String> out = new TreeSet<>(ids);
        out.remove(removed);
        return out;
    }
}
