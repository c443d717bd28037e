package dev.gatehouse.processor.apply;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.contract.Command;
import dev.gatehouse.contract.Continuation;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.processor.store.Directory;
import dev.gatehouse.processor.store.StoredResource;
import dev.gatehouse.processor.store.Views;
import dev.gatehouse.scim.limits.Limits;
import dev.gatehouse.scim.patch.MemberChange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Membership changes and their ripple. A user's door access follows its groups, so every user whose
 * group set changes gets a new version and a USER event carrying its group ids; the group itself gets
 * a new version and a GROUP event carrying its own attributes only. Membership travels in user
 * events, never as a group's member list, so a member PATCH costs O(members changed) — a 50,000-member
 * group's list would also be larger than a Kafka record may be. Lists are sorted so outputs are
 * deterministic.
 *
 * <p>One step does bounded work ({@link Limits#STEP_WORK_BYTES}): republishing a user costs
 * {@link Limits#MEMBER_CHANGE_BYTES} plus its stored size plus {@link Limits#BYTES_PER_GROUP} per group,
 * so a step links or unlinks about 30 ordinary users, or 2 of the largest users in the most groups. What does not fit is
 * returned as a {@link Job} for the next step (a {@code CONTINUE} command), and so is the rest of a
 * group's members when a write removes all but some (a replacement) or all (a delete): those are not
 * listed, but taken from the store step by step.
 */
final class Memberships {
    private static final Logger LOG = LoggerFactory.getLogger(Memberships.class);

    /** What is left to do: members to unlink, members to link, and whether all others but keep go. */
    record Job(List<String> unlink, List<Continuation.Member> link, boolean removeOthers, Set<String> keep) {
        static Job of(Continuation c) {
            return new Job(c.unlink(), c.link(), c.removeOthers(), new TreeSet<>(c.keep()));
        }

        /** Every member goes (a group deleted), or every group (a user deleted). */
        static Job everyone() {
            return new Job(List.of(), List.of(), true, Set.of());
        }
    }

    private final Directory directory;
    private final Command command;
    /** Users read by this step, so checking a member and publishing it reads the user once. */
    private final Map<String, Optional<StoredResource>> users = new HashMap<>();
    /** Members this step linked, with the display sent with each (null when none). */
    private final Map<String, String> linkedNow = new LinkedHashMap<>();
    private long work;
    private boolean changed;

    Memberships(Directory directory, Command command) {
        this.directory = directory;
        this.command = command;
    }

    /**
     * The job of a write's member change. Re-adding a member or removing a non-member is a silent no-op
     * (docs/entra-id.md quirk 16). Added ids that are not users of the tenant are IGNORED, neither stored
     * nor refused: Microsoft's conformance collection ("Group tests with garbage") adds
     * {@code "string id 1"} and expects 2xx, and a directory that door systems read must never hold a
     * member they cannot resolve. A replacement links its new list and removes every other member.
     */
    static Job job(MemberChange change) {
        if (change.replacement().isPresent()) {
            Set<String> keep = new TreeSet<>(change.replacement().get());
            return new Job(List.of(), members(keep, change), true, keep);
        }
        return new Job(List.copyOf(new TreeSet<>(change.removed())),
                members(new TreeSet<>(change.added()), change), false, Set.of());
    }

    private static List<Continuation.Member> members(Set<String> ids, MemberChange change) {
        List<Continuation.Member> out = new ArrayList<>(ids.size());
        ids.forEach(id -> out.add(new Continuation.Member(id, change.display(id).orElse(null))));
        return out;
    }

    /**
     * Applies as much of {@code job} to group {@code groupId} as one step may ({@code created}: the
     * group is new and has no members yet); returns the rest, if any.
     */
    Optional<Job> run(Plan plan, String groupId, boolean created, Job job) {
        String tenant = command.tenantId();
        int u = 0;
        for (; u < job.unlink().size() && !full(); u++) {
            String id = job.unlink().get(u);
            if (directory.isMember(tenant, groupId, id)) {
                plan.unlink(groupId, id);
                bumpUser(plan, id, groupId, false);
            }
        }
        int l = 0;
        for (; l < job.link().size() && !full(); l++) {
            Continuation.Member member = job.link().get(l);
            if ((created || !directory.isMember(tenant, groupId, member.id())) && user(member.id()).isPresent()
                    && bumpUser(plan, member.id(), groupId, true)) {
                plan.link(groupId, member.id(), member.display());
                linkedNow.put(member.id(), member.display());
            }
        }
        boolean othersLeft = false;
        if (job.removeOthers() && !created) {
            othersLeft = removeOthers(plan, groupId, job.keep());
        }
        if (u == job.unlink().size() && l == job.link().size() && !othersLeft) {
            return Optional.empty();
        }
        return Optional.of(new Job(job.unlink().subList(u, job.unlink().size()),
                job.link().subList(l, job.link().size()), job.removeOthers(), job.keep()));
    }

    /** Unlinks members not in {@code keep} while the step has room; true when some remain. */
    private boolean removeOthers(Plan plan, String groupId, Set<String> keep) {
        return whileRoom((skip, max) -> directory.membersExcept(command.tenantId(), groupId, skip, max), keep, id -> {
            plan.unlink(groupId, id);
            bumpUser(plan, id, groupId, false);
        });
    }

    /**
     * A deleted user leaves the groups it is still in, each group getting a new version (its member
     * list as a read shows it changed), while the step has room; true when groups remain.
     */
    boolean detachUser(Plan plan, String userId) {
        return whileRoom((skip, max) -> directory.groupsExcept(command.tenantId(), userId, skip, max), Set.of(),
                groupId -> {
                    plan.unlink(groupId, userId);
                    changed = true;
                    directory.find(ResourceType.GROUP, command.tenantId(), groupId).ifPresent(group -> {
                        plan.publishGroup(groupId, touched(group));
                        work += Limits.MEMBER_CHANGE_BYTES + group.bytes();
                    });
                });
    }

    /**
     * Visits, while the step has room, the ids a prefix scan of the store yields outside {@code skip},
     * a few at a time; true when some remain. An id visited is skipped by the next scan too: what the
     * plan unlinks is still in the store until the plan is written.
     */
    private boolean whileRoom(BiFunction<Set<String>, Integer, List<String>> scan, Set<String> skip,
            Consumer<String> visit) {
        Set<String> seen = new HashSet<>(skip);
        while (!full()) {
            List<String> next = scan.apply(seen, 64);
            if (next.isEmpty()) {
                return false;
            }
            for (String id : next) {
                if (full()) {
                    return true;
                }
                visit.accept(id);
                seen.add(id);
            }
        }
        return !scan.apply(seen, 1).isEmpty();
    }

    /** Whether this step linked or unlinked anything. */
    boolean changed() {
        return changed;
    }

    /** The members this step linked, with the display sent with each (null when none). */
    Map<String, String> linkedNow() {
        return linkedNow;
    }

    private boolean full() {
        return work >= Limits.STEP_WORK_BYTES;
    }

    /**
     * Republishes a user whose membership of {@code groupId} changes; false (and nothing done) when
     * joining would put it in more than {@link Limits#GROUPS_PER_USER} groups: that member is left out,
     * as an id that is not a user is. A dangling membership (no such user) would be a bug elsewhere;
     * skipping keeps the command's own outcome intact instead of failing it.
     */
    private boolean bumpUser(Plan plan, String userId, String groupId, boolean member) {
        Optional<StoredResource> found = user(userId);
        if (found.isEmpty()) {
            changed = true;
            return true;
        }
        StoredResource user = found.get();
        Set<String> groups = new TreeSet<>(directory.groupsOf(command.tenantId(), userId));
        if (member) {
            groups.add(groupId);
            if (groups.size() > Limits.GROUPS_PER_USER) {
                LOG.info("user {} of tenant {} is in {} groups already; not added to group {}", userId,
                        command.tenantId(), Limits.GROUPS_PER_USER, groupId);
                return false;
            }
        } else {
            groups.remove(groupId);
        }
        changed = true;
        work += Limits.MEMBER_CHANGE_BYTES + user.bytes() + (long) Limits.BYTES_PER_GROUP * groups.size();
        StoredResource next = touched(user);
        plan.publishUser(userId, next, groups);
        plan.touched(userId, next.version(), List.of(Views.relatedAttribute(ResourceType.USER)), Plan.via(groupId));
        return true;
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
