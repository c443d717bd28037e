package dev.gatehouse.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.pipeline.Topics;
import dev.gatehouse.scim.ScimJson;
import dev.gatehouse.sync.connector.ChangeApplier;
import dev.gatehouse.sync.connector.DoorAccessConnector;
import dev.gatehouse.sync.connector.GroupSpec;
import dev.gatehouse.sync.connector.Listing;
import dev.gatehouse.sync.connector.PersonSpec;
import dev.gatehouse.sync.connector.PushOutcome;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * {@code resync}: compares what a door system holds for one organization with the directory (the
 * compacted users and groups state topics, read to their end) and repairs the difference: creates
 * missing persons and groups, fixes differing ones (name, e-mail, access, metadata, memberships),
 * suspends persons the directory does not have and deletes the groups we created that it no longer
 * has. Drift comes from edits made in the door system itself, which SCIM never re-checks
 * (docs/door-systems.md, "Resync and replay"). Calls that must wait are retried with backoff (at most {@link #ATTEMPTS});
 * the ones that still fail are reported, not thrown.
 */
public final class Resync {
    static final int ATTEMPTS = 8;

    private Resync() {
    }

    /** What a resync did. */
    public record Report(int personsChecked, int created, int updated, int suspended, int groupsFixed,
                         int groupsDeleted, List<String> failures) {
    }

    /** Resyncs {@code tenantId} at the connector (which must serve it and have a per-operation API). */
    public static Report run(SyncConfig config, String tenantId, DoorAccessConnector door) {
        if (!door.tenantId().equals(tenantId)) {
            throw new IllegalArgumentException("connector " + door.name() + " does not serve tenant " + tenantId);
        }
        Topics topics = Topics.from(config.kafka());
        Map<String, JsonNode> users = state(config, topics.users(), tenantId);
        Map<String, JsonNode> groups = state(config, topics.groups(), tenantId);
        return repair(door, users, groups);
    }

    /** The repair itself, from the directory's users and groups (id → read form). */
    static Report repair(DoorAccessConnector door, Map<String, JsonNode> users, Map<String, JsonNode> groups) {
        List<String> failures = new ArrayList<>();
        // Persons first: listing them re-reads the door system, and the groups come from that read.
        Listing<PersonSpec> heldPersons = retry(door::listPersons, Listing::outcome);
        Listing<GroupSpec> heldGroups = retry(door::listGroups, Listing::outcome);
        if (!heldGroups.ok() || !heldPersons.ok()) {
            failures.add("cannot list the door system: " + (heldGroups.ok() ? heldPersons.outcome() : heldGroups.outcome()));
            return new Report(0, 0, 0, 0, 0, 0, failures);
        }
        Map<String, GroupSpec> doorGroups = new HashMap<>();
        heldGroups.items().forEach(g -> doorGroups.put(g.key(), g));
        Map<String, PersonSpec> doorPersons = new HashMap<>();
        heldPersons.items().forEach(p -> doorPersons.put(p.key(), p));

        // The directory's membership is the users' "groups" (a group's record lists no members).
        Map<String, Set<String>> members = new HashMap<>();
        users.forEach((userId, user) -> ChangeApplier.ids(user.path("groups"))
                .forEach(groupId -> members.computeIfAbsent(groupId, k -> new TreeSet<>()).add(userId)));
        int groupsFixed = 0;
        int groupsDeleted = 0;
        // Groups first, so the persons' upserts below can join them.
        for (Map.Entry<String, JsonNode> g : groups.entrySet()) {
            GroupSpec wanted = ChangeApplier.group(g.getKey(), g.getValue(), members.getOrDefault(g.getKey(), Set.of()));
            GroupSpec held = doorGroups.get(g.getKey());
            if (held == null || !held.name().equals(wanted.name())) {
                groupsFixed += check(failures, "group " + wanted.key(), retry(() -> door.upsertGroup(wanted), o -> o)) ? 1 : 0;
            }
        }
        int created = 0;
        int updated = 0;
        for (Map.Entry<String, JsonNode> u : users.entrySet()) {
            Map<String, Object> metadata = new LinkedHashMap<>();
            Optional<String> invalid = ChangeApplier.flatten("", u.getValue().path("metadata"), metadata);
            if (invalid.isPresent()) {
                failures.add("person " + u.getKey() + ": metadata " + invalid.get());
                continue;
            }
            PersonSpec wanted = ChangeApplier.person(u.getKey(), u.getValue(), metadata);
            PersonSpec held = doorPersons.get(u.getKey());
            if (held == null || !same(held, wanted)) {
                if (check(failures, "person " + wanted.key(), retry(() -> door.upsertPerson(wanted), o -> o))) {
                    if (held == null) {
                        created++;
                    } else {
                        updated++;
                    }
                }
            }
        }
        int suspended = 0;
        for (PersonSpec held : doorPersons.values()) {
            if (!users.containsKey(held.key()) && held.active()) {
                suspended += check(failures, "person " + held.key(), retry(() -> door.suspendPerson(held.key()), o -> o)) ? 1 : 0;
            }
        }
        for (Map.Entry<String, JsonNode> g : groups.entrySet()) {
            GroupSpec wanted = ChangeApplier.group(g.getKey(), g.getValue(), members.getOrDefault(g.getKey(), Set.of()));
            GroupSpec held = doorGroups.get(g.getKey());
            if (held != null && held.name().equals(wanted.name()) && !held.members().equals(wanted.members())) {
                groupsFixed += check(failures, "group " + wanted.key(),
                        retry(() -> door.setGroupMembers(wanted.key(), wanted.members()), o -> o)) ? 1 : 0;
            }
        }
        for (GroupSpec held : doorGroups.values()) {
            if (!groups.containsKey(held.key())) {
                groupsDeleted += check(failures, "group " + held.key(), retry(() -> door.deleteGroup(held.key()), o -> o)) ? 1 : 0;
            }
        }
        return new Report(users.size(), created, updated, suspended, groupsFixed, groupsDeleted, failures);
    }

    private static boolean same(PersonSpec held, PersonSpec wanted) {
        return held.email().equals(wanted.email()) && held.name().equals(wanted.name())
                && held.active() == wanted.active() && held.groups().equals(wanted.groups())
                && normal(held.metadata()).equals(normal(wanted.metadata()));
    }

    /** Through JSON text, so 1 (int) and 1 (long) compare equal. */
    private static JsonNode normal(Map<String, Object> metadata) {
        try {
            return ScimJson.mapper().readTree(ScimJson.mapper().writeValueAsString(metadata));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean check(List<String> failures, String what, PushOutcome outcome) {
        if (!outcome.ok()) {
            failures.add(what + ": " + outcome);
        }
        return outcome.ok();
    }

    private static <T> T retry(Supplier<T> call, java.util.function.Function<T, PushOutcome> outcomeOf) {
        T result = call.get();
        for (int attempt = 1; attempt < ATTEMPTS
                && outcomeOf.apply(result) instanceof PushOutcome.RetryLater later; attempt++) {
            try {
                Thread.sleep(Backoff.delay(attempt, later.after()).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return result;
            }
            result = call.get();
        }
        return result;
    }

    /** The current resources of one tenant on a compacted state topic: id → state (tombstones remove). */
    static Map<String, JsonNode> state(SyncConfig config, String topic, String tenantId) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        String prefix = tenantId + "/";
        TopicReader.read(config, topic, null, record -> {
            if (record.key() == null || !record.key().startsWith(prefix)) {
                return;
            }
            String id = record.key().substring(prefix.length());
            if (record.value() == null) {
                out.remove(id);
                return;
            }
            try {
                out.put(id, ScimJson.mapper().readTree(record.value()));
            } catch (IOException e) {
                // not a resource: nothing to compare with
            }
        });
        return out;
    }
}
