package dev.gatehouse.processor.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.contract.Command;
import dev.gatehouse.contract.Continuation;
import dev.gatehouse.contract.Operation;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.processor.store.Directory;
import dev.gatehouse.processor.store.MemberNames;
import dev.gatehouse.processor.store.StoreKeys;
import dev.gatehouse.processor.store.StoredResource;
import dev.gatehouse.processor.store.Views;
import dev.gatehouse.scim.ScimException;
import dev.gatehouse.scim.ScimJson;
import dev.gatehouse.scim.resource.Applied;
import dev.gatehouse.scim.resource.ResourceOps;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides what one {@link Command} does, reading the stores through a {@link Directory} and writing
 * nothing: the answer is a {@link Plan}. The processor is the single writer of a tenant's partition,
 * so the uniqueness, existence and If-Match checks here need no lock (docs/architecture.md, "Commands are keyed
 * by tenant"). Expected outcomes (404, 409, 412, 400) are plans that only answer; an unexpected
 * exception propagates to the caller, which answers 500.
 *
 * <p>Every plan is bounded work (see {@link Memberships}): a membership change larger than one step
 * ({@code Limits.STEP_WORK_BYTES}) applies what fits, leaves the rest to a {@link Operation#CONTINUE}
 * command, and is answered by the last step. Until then the group is marked as changing, and other
 * writes to it are answered 503 with Retry-After: applying them in between would mix two member lists.
 */
public final class CommandHandler {
    private final Directory directory;

    public CommandHandler(Directory directory) {
        this.directory = directory;
    }

    public Plan decide(Command command) {
        try {
            Plan plan = new Plan(command);
            switch (command.operation()) {
                case CREATE -> create(command, plan);
                case REPLACE, PATCH -> update(command, plan);
                case DELETE -> delete(command, plan);
                case CONTINUE -> continueChange(command, plan);
                default -> throw new IllegalArgumentException("unknown operation " + command.operation());
            }
            return plan;
        } catch (ScimException e) {
            return Plan.refused(command, e.status(), e.toBody());
        }
    }

    private void create(Command c, Plan plan) {
        if (directory.find(c.resourceType(), c.tenantId(), c.resourceId()).isPresent()) {
            throw ScimException.uniqueness("id " + c.resourceId() + " already exists");
        }
        Applied applied = ResourceOps.create(c.resourceType(), c.body(), c.resourceId(), c.receivedAt());
        write(c, plan, null, applied, 201);
    }

    private void update(Command c, Plan plan) {
        StoredResource current = existing(c);
        Applied applied = c.operation() == Operation.REPLACE
                ? ResourceOps.replace(c.resourceType(), current.resource(), c.body(), c.receivedAt())
                : ResourceOps.patch(c.resourceType(), current.resource(), c.body(), c.receivedAt());
        write(c, plan, current, applied, 200);
    }

    /** Stores a created or updated resource; {@code current} is null for a create. */
    private void write(Command c, Plan plan, StoredResource current, Applied applied, int status) {
        ResourceType type = c.resourceType();
        String id = c.resourceId();
        checkUniqueName(c, current, applied.resource());
        Memberships memberships = new Memberships(directory, c);
        Optional<Memberships.Job> left = type == ResourceType.GROUP
                ? memberships.run(plan, id, current == null, Memberships.job(applied.members())) : Optional.empty();
        // A user's groups are read once, for its state, its event and the answer. A created user has none:
        // its id was assigned at ingest, and a member is linked only to a user that exists, so no scan.
        List<String> groups = type == ResourceType.USER && current != null ? directory.groupsOf(c.tenantId(), id) : List.of();
        if (current != null && !applied.changed() && !memberships.changed() && left.isEmpty()) {
            // Nothing changed: no new version and no events (a repeated Entra PATCH is common), but the
            // person's timeline says the write came.
            if (type == ResourceType.USER) {
                plan.touched(id, null, List.of(), null);
            }
            plan.answer(status, answer(c, current.resource(), groups, applied, memberships));
            return;
        }
        long version = current == null ? 1 : current.version() + 1;
        ObjectNode resource = current == null || applied.changed()
                ? ResourceOps.withVersion(applied.resource(), version)
                : Views.touch(applied.resource(), version, c.receivedAt());
        StoredResource stored = new StoredResource(resource, version);
        reindex(c, plan, current == null ? null : current.resource(), resource);
        if (type == ResourceType.USER) {
            plan.publishUser(id, stored, groups);
            plan.touched(id, version, ChangedAttributes.between(current == null ? null : current.resource(), resource),
                    null);
        } else {
            plan.publishGroup(id, stored);
        }
        if (left.isPresent()) {
            plan.continueLater(id, continuation(c.commandId(), c.operation(), 1, status, false, left.get()));
        } else {
            plan.answer(status, answer(c, resource, groups, applied, memberships));
        }
    }

    /**
     * The result body. A user shows its groups. A group written by POST or PUT (or a PATCH replacing
     * all members) shows its members as a GET does, names included: the request listed them all
     * anyway, and a member added by it shows the display it was sent with, as the next GET will. A
     * group PATCHed member by member shows its own attributes only: listing the members would cost
     * O(group size), and a member PATCH must cost O(members changed). The ingest API answers PATCH
     * with 204, or reads the group back when attributes are asked for (docs/entra-id.md quirk 14).
     */
    private ObjectNode answer(Command c, ObjectNode resource, List<String> groups, Applied applied,
            Memberships memberships) {
        if (c.resourceType() == ResourceType.USER) {
            return Views.readForm(ResourceType.USER, resource, groups);
        }
        return applied.members().replacement().isPresent()
                ? withMembers(c, resource, applied.members().replacement().get(), memberships)
                : resource.deepCopy();
    }

    /**
     * A group whose member list was replaced by {@code listed}, in read form: those of the list that
     * are members once this plan is written (linked by it, or members already), with their names.
     */
    private ObjectNode withMembers(Command c, ObjectNode resource, Set<String> listed, Memberships memberships) {
        Set<String> members = new TreeSet<>();
        for (String id : listed) {
            if (memberships.linkedNow().containsKey(id) || directory.isMember(c.tenantId(), c.resourceId(), id)) {
                members.add(id);
            }
        }
        MemberNames stored = MemberNames.of(directory, c.tenantId(), c.resourceId());
        MemberNames names = id -> Optional.ofNullable(memberships.linkedNow().get(id)).or(() -> stored.display(id));
        return Views.readForm(ResourceType.GROUP, resource, members, names);
    }

    private static Continuation continuation(String answerTo, Operation operation, int step, int status,
            boolean deleted, Memberships.Job left) {
        return new Continuation(answerTo, step, status, deleted, left.unlink(), left.link(), left.removeOthers(),
                List.copyOf(left.keep()), operation);
    }

    private void delete(Command c, Plan plan) {
        ResourceType type = c.resourceType();
        StoredResource current = existing(c);
        reindex(c, plan, current.resource(), null);
        StoredResource last = new StoredResource(current.resource(), current.version() + 1);
        Memberships memberships = new Memberships(directory, c);
        boolean more;
        if (type == ResourceType.USER) {
            // The deleted event carries the user's last groups (at most Limits.GROUPS_PER_USER).
            plan.publishDeleted(type, c.resourceId(), last, directory.groupsOf(c.tenantId(), c.resourceId()));
            plan.touched(c.resourceId(), last.version(), List.of(), null);
            more = memberships.detachUser(plan, c.resourceId());
        } else {
            plan.publishDeleted(type, c.resourceId(), last, List.of());
            more = memberships.run(plan, c.resourceId(), false, Memberships.Job.everyone()).isPresent();
        }
        if (more) {
            plan.continueLater(c.resourceId(),
                    continuation(c.commandId(), c.operation(), 1, 204, true, Memberships.Job.everyone()));
        } else {
            plan.answer(204, null);
        }
    }

    /**
     * The next step of a membership change too large for one: the next members are unlinked and linked
     * (or a deleted user leaves its next groups). The last step gives a group that still exists a new
     * version, since what a read of it shows changed, and answers the write: 204 for a delete, else the
     * group (with its members as a read shows them when the write replaced the member list).
     */
    private void continueChange(Command c, Plan plan) {
        Continuation step = ScimJson.mapper().convertValue(c.body(), Continuation.class);
        plan.continuing(step);
        Memberships memberships = new Memberships(directory, c);
        Optional<Memberships.Job> left;
        if (c.resourceType() == ResourceType.USER) {
            left = memberships.detachUser(plan, c.resourceId()) ? Optional.of(Memberships.Job.everyone()) : Optional.empty();
        } else {
            left = memberships.run(plan, c.resourceId(), false, Memberships.Job.of(step));
        }
        Optional<StoredResource> group = step.deleted() || c.resourceType() == ResourceType.USER ? Optional.empty()
                : directory.find(ResourceType.GROUP, c.tenantId(), c.resourceId()).map(memberships::touched);
        if (left.isPresent()) {
            plan.continueLater(c.resourceId(), continuation(step.answerTo(), step.operation(), step.step() + 1,
                    step.status(), step.deleted(), left.get()));
            return;
        }
        // The group gets its next version once, when its member list is final: the write's first step
        // gave it one already, and reads in between see a group whose writes wait (503) anyway.
        group.ifPresent(touched -> plan.publishGroup(c.resourceId(), touched));
        plan.changeComplete(c.resourceId());
        ObjectNode answer = group.map(touched -> step.removeOthers()
                ? withMembers(c, touched.resource(), new TreeSet<>(step.keep()), memberships)
                : touched.resource().deepCopy()).orElse(null);
        plan.answer(step.answerTo(), step.status(), answer);
    }

    private StoredResource existing(Command c) {
        StoredResource current = directory.find(c.resourceType(), c.tenantId(), c.resourceId())
                .orElseThrow(() -> ScimException.notFound(
                        c.resourceType().scimName() + " " + c.resourceId() + " not found"));
        ETags.check(c.ifMatch(), current.version());
        if (c.resourceType() == ResourceType.GROUP && directory.pendingChange(c.tenantId(), c.resourceId()).isPresent()) {
            throw ScimException.unavailable("Group " + c.resourceId()
                    + " is still applying its previous membership change; retry shortly");
        }
        return current;
    }

    /** 409 when the unique name (userName / group displayName, any case) belongs to another resource. */
    private void checkUniqueName(Command c, StoredResource current, ObjectNode resource) {
        String attribute = StoreKeys.uniqueAttribute(c.resourceType());
        String name = text(resource, attribute);
        if (name == null || current != null && sameName(name, text(current.resource(), attribute))) {
            return;
        }
        directory.idByName(c.resourceType(), c.tenantId(), name)
                .filter(holder -> !holder.equals(c.resourceId()))
                .ifPresent(holder -> {
                    throw ScimException.uniqueness(attribute + " is already used by another "
                            + c.resourceType().scimName());
                });
    }

    /** Moves the name and externalId index entries from {@code before} to {@code after} (either may be null). */
    private static void reindex(Command c, Plan plan, ObjectNode before, ObjectNode after) {
        ResourceType type = c.resourceType();
        String tenant = c.tenantId();
        String attribute = StoreKeys.uniqueAttribute(type);
        String oldName = text(before, attribute);
        String newName = text(after, attribute);
        if (!sameName(oldName, newName)) {
            if (oldName != null) {
                plan.deleteIndex(StoreKeys.name(type, tenant, oldName));
            }
            if (newName != null) {
                plan.putIndex(StoreKeys.name(type, tenant, newName), c.resourceId());
            }
        }
        String oldExternal = text(before, "externalId");
        String newExternal = text(after, "externalId");
        if (!Objects.equals(oldExternal, newExternal)) {
            if (oldExternal != null) {
                plan.deleteIndex(StoreKeys.externalId(type, tenant, oldExternal, c.resourceId()));
            }
            if (newExternal != null) {
                plan.putIndex(StoreKeys.externalId(type, tenant, newExternal, c.resourceId()), c.resourceId());
            }
        }
    }

    private static boolean sameName(String a, String b) {
        return Objects.equals(a == null ? null : a.toLowerCase(Locale.ROOT),
                b == null ? null : b.toLowerCase(Locale.ROOT));
    }

    private static String text(JsonNode resource, String attribute) {
        if (resource == null) {
            return null;
        }
        JsonNode value = resource.get(attribute);
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
