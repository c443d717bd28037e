package dev.gatehouse.processor.apply;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.contract.Command;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.processor.store.Directory;
import dev.gatehouse.processor.store.StoredResource;
import dev.gatehouse.processor.store.Views;
import dev.gatehouse.scim.resource.MemberChange;
import java.util.List;
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
 */
final class Memberships {
    private final Directory directory;
    private final Command command;

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
     * member they cannot resolve.
     */
    MemberDelta delta(String groupId, boolean created, MemberChange change) {
        String tenant = command.tenantId();
        if (change.replacement().isPresent()) {
            Set<String> before = created ? Set.of() : new TreeSet<>(directory.members(tenant, groupId));
            Set<String> after = new TreeSet<>();
            for (String id : change.replacement().get()) {
                if (before.contains(id) || isUser(id)) {
                    after.add(id);
                }
            }
            Set<String> linked = new TreeSet<>(after);
            linked.removeAll(before);
            Set<String> unlinked = new TreeSet<>(before);
            unlinked.removeAll(after);
            return new MemberDelta(linked, unlinked, Optional.of(after));
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
        return new MemberDelta(linked, unlinked, Optional.empty());
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

    /** A deleted resource leaves every group (user) or every user (group) it was related to. */
    void detach(Plan plan, ResourceType type, String id, List<String> related) {
        for (String other : related) {
            if (type == ResourceType.USER) {
                plan.unlink(other, id);
                directory.find(ResourceType.GROUP, command.tenantId(), other)
                        .ifPresent(group -> plan.publishGroup(other, touched(group)));
            } else {
                plan.unlink(id, other);
                bumpUser(plan, other, id, false);
            }
        }
    }

    private void bumpUser(Plan plan, String userId, String groupId, boolean member) {
        // A dangling membership (no such user) would be a bug elsewhere; skipping keeps the
        // command's own outcome intact instead of failing it.
        directory.find(ResourceType.USER, command.tenantId(), userId).ifPresent(user -> {
            Set<String> groups = new TreeSet<>(directory.groupsOf(command.tenantId(), userId));
            if (member) {
                groups.add(groupId);
            } else {
                groups.remove(groupId);
            }
            plan.publishUser(userId, touched(user), groups);
        });
    }

    private boolean isUser(String id) {
        return directory.find(ResourceType.USER, command.tenantId(), id).isPresent();
    }

    /** The resource with a new version and lastModified, stored by {@code publish*}. */
    private StoredResource touched(StoredResource current) {
        long version = current.version() + 1;
        ObjectNode resource = Views.touch(current.resource(), version, command.receivedAt());
        return new StoredResource(resource, version);
    }
}
