package dev.gatehouse.sync.connector.kisi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.sync.connector.Capabilities;
import dev.gatehouse.sync.connector.DoorAccessConnector;
import dev.gatehouse.sync.connector.GroupSpec;
import dev.gatehouse.sync.connector.Listing;
import dev.gatehouse.sync.connector.PersonSpec;
import dev.gatehouse.sync.connector.PushOutcome;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One organization at Kisi (docs/door-systems.md, "Kisi REST"): persons are {@code /users} with
 * {@code access_enabled} (suspend = {@code false}) and flat {@code metadata}; groups are
 * {@code /groups}; a membership is a {@code group_basic} role assignment.
 *
 * <p>Kisi has no external id, so our id travels in the person's metadata ({@value #ID_KEY}) and in
 * a group's description ({@value #GROUP_TAG}{@code <id>}) ({@link KisiFields}). To spend as few calls as
 * possible of the 5 per second, the connector keeps a {@link KisiMirror} of what Kisi holds, read once
 * (paged) before the first call and again for every reconcile: a person already in the wanted state costs
 * nothing, a new one one POST, a change one PATCH, and "create" never needs a lookup first. Should the
 * mirror be wrong (someone edited Kisi), a 404 drops the entry and the call is made again; resync re-reads
 * it all. Calls go through {@link KisiClient}. Not thread-safe: one delivery thread per connector.
 */
public final class KisiConnector implements DoorAccessConnector {
    static final String ID_KEY = "gatehouse_id";
    static final String GROUP_TAG = "gatehouse:";

    private final String name;
    private final String tenantId;
    private final KisiSettings settings;
    private final KisiClient client;
    private final KisiMirror mirror;

    public KisiConnector(String name, String tenantId, KisiSettings settings) {
        this.name = name;
        this.tenantId = tenantId;
        this.settings = settings;
        this.client = new KisiClient(settings);
        this.mirror = new KisiMirror(client);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String tenantId() {
        return tenantId;
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(settings.requestsPerSecond(), true, Capabilities.MetadataLimits.KISI);
    }

    @Override
    public PushOutcome upsertPerson(PersonSpec person) {
        return whenLoaded(() -> upsertLoadedPerson(person));
    }

    private PushOutcome upsertLoadedPerson(PersonSpec person) {
        ObjectNode wanted = KisiFields.wanted(person);
        KisiMirror.User user = mirror.user(person.key());
        if (user == null) {
            user = mirror.adopt(person.key(), person.email());
        }
        if (user == null) {
            return client.change("create user", "POST", "/users", KisiFields.createUser(wanted), created ->
                    joinGroups(mirror.put(person.key(), new KisiMirror.User(created.path("id").asText(), wanted)), person));
        }
        if (user.fields.equals(wanted)) {
            return joinGroups(user, person);
        }
        KisiMirror.User held = user;
        return client.change("update user", "PATCH", "/users/" + user.id, KisiFields.user(wanted), updated -> {
            held.fields = wanted;
            return joinGroups(held, person);
        }, () -> {
            mirror.forgetUser(person.key()); // deleted in Kisi meanwhile: create it again
            return upsertPerson(person);
        });
    }

    /** Joins the person to the wanted groups Kisi already has and leaves the other groups we manage. */
    private PushOutcome joinGroups(KisiMirror.User user, PersonSpec person) {
        Set<String> wanted = person.groups();
        user.wantedGroups = Set.copyOf(wanted);
        for (Map.Entry<String, KisiMirror.Group> entry : mirror.groups().entrySet()) {
            KisiMirror.Group group = entry.getValue();
            boolean member = group.assignments.containsKey(user.id);
            PushOutcome outcome = PushOutcome.applied();
            if (wanted.contains(entry.getKey()) && !member) {
                outcome = assign(group, user.id);
            } else if (!wanted.contains(entry.getKey()) && member) {
                outcome = unassign(group, user.id);
            }
            if (!outcome.ok()) {
                return outcome;
            }
        }
        return PushOutcome.applied();
    }

    @Override
    public PushOutcome suspendPerson(String personKey) {
        return setAccess(personKey, false);
    }

    @Override
    public PushOutcome resumePerson(String personKey) {
        return setAccess(personKey, true);
    }

    private PushOutcome setAccess(String personKey, boolean enabled) {
        return whenLoaded(() -> setLoadedAccess(personKey, enabled));
    }

    private PushOutcome setLoadedAccess(String personKey, boolean enabled) {
        PushOutcome absent = enabled ? PushOutcome.rejected("kisi holds no person " + personKey) : PushOutcome.applied();
        KisiMirror.User user = mirror.user(personKey);
        if (user == null) {
            return absent;
        }
        if (user.fields.path("access_enabled").asBoolean(true) == enabled) {
            return PushOutcome.applied();
        }
        return client.change("update user", "PATCH", "/users/" + user.id, KisiFields.access(enabled), updated -> {
            user.fields.put("access_enabled", enabled);
            return PushOutcome.applied();
        }, () -> {
            mirror.forgetUser(personKey);
            return absent;
        });
    }

    @Override
    public PushOutcome deletePerson(String personKey) {
        return whenLoaded(() -> {
            KisiMirror.User user = mirror.user(personKey);
            return user == null ? PushOutcome.applied()
                    : client.delete("delete user", "/users/" + user.id, () -> mirror.userDeleted(personKey));
        });
    }

    @Override
    public PushOutcome upsertGroup(GroupSpec spec) {
        return whenLoaded(() -> upsertLoadedGroup(spec));
    }

    private PushOutcome upsertLoadedGroup(GroupSpec spec) {
        KisiMirror.Group group = mirror.group(spec.key());
        ObjectNode body = KisiFields.group(spec);
        if (group == null) {
            return client.change("create group", "POST", "/groups", body, created ->
                    joinWaiting(mirror.put(spec.key(), new KisiMirror.Group(created.path("id").asText(), spec.name())), spec));
        }
        if (group.name.equals(spec.name())) {
            return joinWaiting(group, spec);
        }
        return client.change("update group", "PATCH", "/groups/" + group.id, body, updated -> {
            group.name = spec.name();
            return joinWaiting(group, spec);
        }, () -> {
            mirror.forgetGroup(spec.key());
            return upsertGroup(spec);
        });
    }

    /**
     * Membership arrives with the persons, in any order relative to the group: persons pushed before
     * their group existed join it now.
     */
    private PushOutcome joinWaiting(KisiMirror.Group group, GroupSpec spec) {
        for (KisiMirror.User user : mirror.users().values()) {
            if (user.wantedGroups.contains(spec.key()) && !group.assignments.containsKey(user.id)) {
                PushOutcome joined = assign(group, user.id);
                if (!joined.ok()) {
                    return joined;
                }
            }
        }
        return PushOutcome.applied();
    }

    @Override
    public PushOutcome deleteGroup(String groupKey) {
        return whenLoaded(() -> {
            KisiMirror.Group group = mirror.group(groupKey);
            return group == null ? PushOutcome.applied()
                    : client.delete("delete group", "/groups/" + group.id, () -> mirror.forgetGroup(groupKey));
        });
    }

    @Override
    public PushOutcome addMember(String groupKey, String personKey) {
        return whenLoaded(() -> {
            KisiMirror.Group group = mirror.group(groupKey);
            KisiMirror.User user = mirror.user(personKey);
            // A missing side joins when it is pushed (upsertPerson / setGroupMembers).
            return group == null || user == null || group.assignments.containsKey(user.id) ? PushOutcome.applied()
                    : assign(group, user.id);
        });
    }

    @Override
    public PushOutcome removeMember(String groupKey, String personKey) {
        return whenLoaded(() -> {
            KisiMirror.Group group = mirror.group(groupKey);
            KisiMirror.User user = mirror.user(personKey);
            return group == null || user == null || !group.assignments.containsKey(user.id) ? PushOutcome.applied()
                    : unassign(group, user.id);
        });
    }

    /** From the mirror: no call. */
    @Override
    public Listing<String> listMembers(String groupKey) {
        PushOutcome ready = mirror.load();
        if (!ready.ok()) {
            return Listing.failed(ready);
        }
        KisiMirror.Group group = mirror.group(groupKey);
        return Listing.of(group == null ? List.of() : mirror.memberKeys(group));
    }

    @Override
    public Listing<PersonSpec> listPersons() {
        mirror.forget();
        PushOutcome ready = mirror.load();
        if (!ready.ok()) {
            return Listing.failed(ready);
        }
        List<PersonSpec> persons = new ArrayList<>();
        mirror.users().forEach((key, user) -> persons.add(KisiFields.person(key, user.fields, mirror.groupsOf(user))));
        return Listing.of(persons);
    }

    @Override
    public Listing<GroupSpec> listGroups() {
        PushOutcome ready = mirror.load();
        if (!ready.ok()) {
            return Listing.failed(ready);
        }
        List<GroupSpec> out = new ArrayList<>();
        mirror.groups().forEach((key, group) -> out.add(new GroupSpec(key, group.name, new HashSet<>(mirror.memberKeys(group)))));
        return Listing.of(out);
    }

    /** Forgets the mirror: the next call reads Kisi again. */
    @Override
    public void refresh() {
        mirror.forget();
    }

    /** What {@code push} does, once the mirror is loaded; otherwise why it could not be. */
    private PushOutcome whenLoaded(Supplier<PushOutcome> push) {
        PushOutcome ready = mirror.load();
        return ready.ok() ? push.get() : ready;
    }

    private PushOutcome assign(KisiMirror.Group group, String userId) {
        return client.change("assign group", "POST", "/role_assignments", KisiFields.assignment(userId, group.id), made -> {
            group.assignments.put(userId, made.path("id").asText());
            return PushOutcome.applied();
        });
    }

    private PushOutcome unassign(KisiMirror.Group group, String userId) {
        return client.delete("remove assignment", "/role_assignments/" + group.assignments.get(userId),
                () -> group.assignments.remove(userId));
    }

    @Override
    public String toString() {
        return "KisiConnector[" + name + ", tenant=" + tenantId + ", " + settings + "]";
    }
}
