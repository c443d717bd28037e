package dev.gatehouse.processor.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.contract.Command;
import dev.gatehouse.contract.Operation;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.processor.store.Directory;
import dev.gatehouse.processor.store.MemberNames;
import dev.gatehouse.processor.store.StoreKeys;
import dev.gatehouse.processor.store.StoredResource;
import dev.gatehouse.processor.store.Views;
import dev.gatehouse.scim.ScimException;
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
 * so the uniqueness, existence and If-Match checks here need no lock (DESIGN.md, "Commands are keyed
 * by tenant"). Expected outcomes (404, 409, 412, 400) are plans that only answer; an unexpected
 * exception propagates to the caller, which answers 500.
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
                default -> throw new IllegalArgumentException("unknown operation " + command.operation());
            }
            return plan;
        } catch (ScimException e) {
            return Plan.answerOnly(command, e.status(), e.toBody());
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
        Set<String> before = current == null
                ? Set.of() : new TreeSet<>(directory.related(type, c.tenantId(), id));
        Set<String> after = type == ResourceType.GROUP ? memberships.after(before, applied.members()) : before;
        boolean membersChanged = !before.equals(after);
        if (current != null && !applied.changed() && !membersChanged) {
            // Nothing changed: no new version and no events (a repeated Entra PATCH is common).
            plan.answer(status, Views.readForm(type, current.resource(), before, resultNames(c, before, applied)));
            return;
        }
        long version = current == null ? 1 : current.version() + 1;
        ObjectNode resource = current == null || applied.changed()
                ? ResourceOps.withVersion(applied.resource(), version)
                : Views.touch(applied.resource(), version, c.receivedAt());
        StoredResource stored = new StoredResource(resource, version);
        plan.putResource(type, id, stored);
        reindex(c, plan, current == null ? null : current.resource(), resource);
        plan.publish(type, id, stored, after);
        if (membersChanged) {
            memberships.apply(plan, id, before, after, applied.members());
        }
        plan.answer(status, Views.readForm(type, resource, after, resultNames(c, before, applied)));
    }

    /**
     * Member names in a result: a POST or PUT answers the group as a GET shows it, names included (it
     * listed every member anyway). A PATCH result does not resolve them: that would cost one user
     * lookup per member of the group, and a member PATCH must cost O(members changed); the ingest API
     * answers PATCH with 204 unless attributes are asked for, and Entra never reads members back
     * (ENTRA_SCIM.md §6 item 14). A member added by this command shows the display it was sent with
     * (the store does not hold it yet), as the next GET will.
     */
    private MemberNames resultNames(Command c, Set<String> before, Applied applied) {
        if (c.resourceType() != ResourceType.GROUP || c.operation() == Operation.PATCH) {
            return MemberNames.NONE;
        }
        MemberNames stored = MemberNames.of(directory, c.tenantId(), c.resourceId());
        return id -> (before.contains(id) ? Optional.<String>empty() : applied.members().display(id))
                .or(() -> stored.display(id));
    }

    private void delete(Command c, Plan plan) {
        ResourceType type = c.resourceType();
        StoredResource current = existing(c);
        List<String> related = directory.related(type, c.tenantId(), c.resourceId());
        plan.deleteResource(type, c.resourceId());
        reindex(c, plan, current.resource(), null);
        plan.publishDeleted(type, c.resourceId(),
                new StoredResource(current.resource(), current.version() + 1), related);
        new Memberships(directory, c).detach(plan, type, c.resourceId(), related);
        plan.answer(204, null);
    }

    private StoredResource existing(Command c) {
        StoredResource current = directory.find(c.resourceType(), c.tenantId(), c.resourceId())
                .orElseThrow(() -> ScimException.notFound(
                        c.resourceType().scimName() + " " + c.resourceId() + " not found"));
        ETags.check(c.ifMatch(), current.version());
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
