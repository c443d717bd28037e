package dev.gatehouse.sync.connector.kisi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.scim.ScimJson;
import dev.gatehouse.sync.connector.Capabilities;
import dev.gatehouse.sync.connector.DoorAccessConnector;
import dev.gatehouse.sync.connector.GroupSpec;
import dev.gatehouse.sync.connector.Listing;
import dev.gatehouse.sync.connector.PersonSpec;
import dev.gatehouse.sync.connector.PushOutcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One organization at Kisi (DOOR_ACCESS.md §1.2): persons are {@code /users} with
 * {@code access_enabled} (suspend = {@code false}) and flat {@code metadata}; groups are
 * {@code /groups}; a membership is a {@code group_basic} role assignment.
 *
 * <p>Kisi has no external id, so our id travels in the person's metadata ({@value #ID_KEY}) and in
 * a group's description ({@value #GROUP_TAG}{@code <id>}). To spend as few calls as possible of the 5
 * per second, the connector keeps a mirror of what Kisi holds, read once (paged) before the first
 * call and again for every reconcile: a person already in the wanted state costs nothing, a new one
 * one POST, a change one PATCH, and "create" never needs a lookup first. Should the mirror be wrong
 * (someone edited Kisi), a 404 drops the entry and the call is made again; resync re-reads it all.
 * Not thread-safe: one delivery thread per connector.
 */
public final class KisiConnector implements DoorAccessConnector {
    static final String ID_KEY = "gatehouse_id";
    static final String GROUP_TAG = "gatehouse:";
    private static final String UNMANAGED = "kisi:";
    private static final int USERS_PAGE = 100;
    private static final int PAGE = 250;

    private final String name;
    private final String tenantId;
    private final KisiSettings settings;
    private final KisiClient client;
    private boolean loaded;
    /** Our person key (or kisi:<id> for persons we did not create) → Kisi user. */
    private final Map<String, KisiUser> users = new HashMap<>();
    private final Map<String, KisiGroup> groups = new HashMap<>();

    /** A Kisi user as last seen. */
    private static final class KisiUser {
        final String id;
        ObjectNode fields; // email, name, access_enabled, metadata
        /** The groups the directory last said the person belongs to, some perhaps not in Kisi yet. */
        Set<String> wantedGroups = Set.of();

        KisiUser(String id, ObjectNode fields) {
            this.id = id;
            this.fields = fields;
        }
    }

    /** A Kisi group as last seen, with its group_basic assignments: Kisi user id → assignment id. */
    private static final class KisiGroup {
        final String id;
        String name;
        final Map<String, String> assignments = new HashMap<>();

        KisiGroup(String id, String name) {
            this.id = id;
            this.name = name;
        }
    }

    public KisiConnector(String name, String tenantId, KisiSettings settings) {
        this.name = name;
        this.tenantId = tenantId;
        this.settings = settings;
        this.client = new KisiClient(settings);
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
        PushOutcome ready = load();
        if (!ready.ok()) {
            return ready;
        }
        ObjectNode wanted = fields(person);
        KisiUser user = users.get(person.key());
        if (user == null) {
            user = adopt(person);
        }
        if (user == null) {
            ObjectNode body = ScimJson.mapper().createObjectNode();
            // Managed users: no e-mails from Kisi, no confirmation step (DOOR_ACCESS.md §1.2).
            body.set("user", wanted.deepCopy().put("confirm", true).put("send_emails", false));
            KisiClient.Answer answer = client.post("/users", body);
            if (!answer.ok()) {
                return answer.failure("create user");
            }
            user = new KisiUser(answer.body().path("id").asText(), wanted);
            users.put(person.key(), user);
        } else if (!user.fields.equals(wanted)) {
            ObjectNode body = ScimJson.mapper().createObjectNode();
            body.set("user", wanted);
            KisiClient.Answer answer = client.patch("/users/" + user.id, body);
            if (answer.status() == 404) {
                users.remove(person.key()); // deleted in Kisi meanwhile: create it again
                return upsertPerson(person);
            }
            if (!answer.ok()) {
                return answer.failure("update user");
            }
            user.fields = wanted;
        }
        user.wantedGroups = Set.copyOf(person.groups());
        return setPersonGroups(user, person.groups());
    }

    /**
     * A user created in Kisi by hand with the person's e-mail becomes ours (the PATCH that follows
     * writes our id into its metadata), rather than a create Kisi refuses as a duplicate.
     */
    private KisiUser adopt(PersonSpec person) {
        for (Map.Entry<String, KisiUser> entry : users.entrySet()) {
            if (entry.getKey().startsWith(UNMANAGED)
                    && entry.getValue().fields.path("email").asText().equalsIgnoreCase(person.email())) {
                KisiUser user = users.remove(entry.getKey());
                users.put(person.key(), user);
                return user;
            }
        }
        return null;
    }

    /** Joins the person to the wanted groups Kisi already has and leaves the other groups we manage. */
    private PushOutcome setPersonGroups(KisiUser user, Set<String> wanted) {
        for (Map.Entry<String, KisiGroup> entry : groups.entrySet()) {
            KisiGroup group = entry.getValue();
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
        PushOutcome ready = load();
        if (!ready.ok()) {
            return ready;
        }
        KisiUser user = users.get(personKey);
        if (user == null) {
            return enabled ? PushOutcome.rejected("kisi holds no person " + personKey) : PushOutcome.applied();
        }
        if (user.fields.path("access_enabled").asBoolean(true) == enabled) {
            return PushOutcome.applied();
        }
        ObjectNode body = ScimJson.mapper().createObjectNode();
        body.putObject("user").put("access_enabled", enabled);
        KisiClient.Answer answer = client.patch("/users/" + user.id, body);
        if (answer.status() == 404) {
            users.remove(personKey);
            return enabled ? PushOutcome.rejected("kisi holds no person " + personKey) : PushOutcome.applied();
        }
        if (!answer.ok()) {
            return answer.failure("update user");
        }
        user.fields.put("access_enabled", enabled);
        return PushOutcome.applied();
    }

    @Override
    public PushOutcome deletePerson(String personKey) {
        PushOutcome ready = load();
        if (!ready.ok()) {
            return ready;
        }
        KisiUser user = users.get(personKey);
        if (user == null) {
            return PushOutcome.applied();
        }
        KisiClient.Answer answer = client.delete("/users/" + user.id);
        if (!answer.ok() && answer.status() != 404) {
            return answer.failure("delete user");
        }
        users.remove(personKey);
        groups.values().forEach(g -> g.assignments.remove(user.id));
        return PushOutcome.applied();
    }

    @Override
    public PushOutcome upsertGroup(GroupSpec spec) {
        PushOutcome ready = load();
        if (!ready.ok()) {
            return ready;
        }
        KisiGroup group = groups.get(spec.key());
        ObjectNode body = ScimJson.mapper().createObjectNode();
        body.putObject("group").put("name", spec.name()).put("description", GROUP_TAG + spec.key());
        if (group == null) {
            KisiClient.Answer answer = client.post("/groups", body);
            if (!answer.ok()) {
                return answer.failure("create group");
            }
            group = new KisiGroup(answer.body().path("id").asText(), spec.name());
            groups.put(spec.key(), group);
        } else if (!group.name.equals(spec.name())) {
            KisiClient.Answer answer = client.patch("/groups/" + group.id, body);
            if (answer.status() == 404) {
                groups.remove(spec.key());
                return upsertGroup(spec);
            }
            if (!answer.ok()) {
                return answer.failure("update group");
            }
            group.name = spec.name();
        }
        // Membership arrives with the persons, in any order relative to the group: persons pushed
        // before their group existed join it now.
        for (KisiUser user : users.values()) {
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
        PushOutcome ready = load();
        if (!ready.ok()) {
            return ready;
        }
        KisiGroup group = groups.get(groupKey);
        if (group == null) {
            return PushOutcome.applied();
        }
        KisiClient.Answer answer = client.delete("/groups/" + group.id);
        if (!answer.ok() && answer.status() != 404) {
            return answer.failure("delete group");
        }
        groups.remove(groupKey);
        return PushOutcome.applied();
    }

    @Override
    public PushOutcome addMember(String groupKey, String personKey) {
        PushOutcome ready = load();
        if (!ready.ok()) {
            return ready;
        }
        KisiGroup group = groups.get(groupKey);
        KisiUser user = users.get(personKey);
        if (group == null || user == null) {
            return PushOutcome.applied(); // joins when the missing side is pushed (upsertPerson / setGroupMembers)
        }
        return group.assignments.containsKey(user.id) ? PushOutcome.applied() : assign(group, user.id);
    }

    @Override
    public PushOutcome removeMember(String groupKey, String personKey) {
        PushOutcome ready = load();
        if (!ready.ok()) {
            return ready;
        }
        KisiGroup group = groups.get(groupKey);
        KisiUser user = users.get(personKey);
        if (group == null || user == null || !group.assignments.containsKey(user.id)) {
            return PushOutcome.applied();
        }
        return unassign(group, user.id);
    }

    /** From the mirror: no call. */
    @Override
    public Listing<String> listMembers(String groupKey) {
        PushOutcome ready = load();
        if (!ready.ok()) {
            return Listing.failed(ready);
        }
        KisiGroup group = groups.get(groupKey);
        if (group == null) {
            return Listing.of(List.of());
        }
        Map<String, String> keys = keysByKisiId();
        return Listing.of(group.assignments.keySet().stream().map(keys::get).filter(k -> k != null).toList());
    }

    @Override
    public Listing<PersonSpec> listPersons() {
        loaded = false;
        PushOutcome ready = load();
        if (!ready.ok()) {
            return Listing.failed(ready);
        }
        List<PersonSpec> persons = new ArrayList<>();
        users.forEach((key, user) -> {
            Set<String> memberOf = new HashSet<>();
            groups.forEach((groupKey, group) -> {
                if (group.assignments.containsKey(user.id)) {
                    memberOf.add(groupKey);
                }
            });
            Map<String, Object> metadata = new LinkedHashMap<>();
            user.fields.path("metadata").properties().forEach(e -> {
                if (!e.getKey().equals(ID_KEY)) {
                    metadata.put(e.getKey(), ScimJson.mapper().convertValue(e.getValue(), Object.class));
                }
            });
            persons.add(new PersonSpec(key, user.fields.path("email").asText(""), user.fields.path("name").asText(""),
                    user.fields.path("access_enabled").asBoolean(true), metadata, memberOf));
        });
        return Listing.of(persons);
    }

    @Override
    public Listing<GroupSpec> listGroups() {
        if (!loaded) {
            PushOutcome ready = load();
            if (!ready.ok()) {
                return Listing.failed(ready);
            }
        }
        Map<String, String> keys = keysByKisiId();
        List<GroupSpec> out = new ArrayList<>();
        groups.forEach((key, group) -> out.add(new GroupSpec(key, group.name,
                new HashSet<>(group.assignments.keySet().stream().map(keys::get).filter(k -> k != null).toList()))));
        return Listing.of(out);
    }

    /** Forgets the mirror: the next call reads Kisi again. */
    @Override
    public void refresh() {
        loaded = false;
    }

    private PushOutcome assign(KisiGroup group, String userId) {
        ObjectNode body = ScimJson.mapper().createObjectNode();
        body.putObject("role_assignment").put("user_id", userId).put("role_id", "group_basic").put("group_id", group.id);
        KisiClient.Answer answer = client.post("/role_assignments", body);
        if (!answer.ok()) {
            return answer.failure("assign group");
        }
        group.assignments.put(userId, answer.body().path("id").asText());
        return PushOutcome.applied();
    }

    private PushOutcome unassign(KisiGroup group, String userId) {
        KisiClient.Answer answer = client.delete("/role_assignments/" + group.assignments.get(userId));
        if (!answer.ok() && answer.status() != 404) {
            return answer.failure("remove assignment");
        }
        group.assignments.remove(userId);
        return PushOutcome.applied();
    }

    private Map<String, String> keysByKisiId() {
        Map<String, String> keys = new HashMap<>();
        users.forEach((key, user) -> keys.put(user.id, key));
        return keys;
    }

    /** The fields we manage on a Kisi user, as Kisi answers them (so a mirror entry compares equal). */
    private static ObjectNode fields(PersonSpec person) {
        ObjectNode fields = ScimJson.mapper().createObjectNode();
        fields.put("email", person.email()).put("name", person.name()).put("access_enabled", person.active());
        ObjectNode metadata = ScimJson.mapper().valueToTree(new java.util.TreeMap<>(person.metadata()));
        metadata.put(ID_KEY, person.key());
        // Through text and back, so numbers get the node types a parsed answer has.
        fields.set("metadata", ScimJson.mapper().valueToTree(parse(metadata.toString())));
        return fields;
    }

    private static JsonNode parse(String json) {
        try {
            return ScimJson.mapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads users, groups and their assignments from Kisi, page by page, unless already read. */
    private PushOutcome load() {
        if (loaded) {
            return PushOutcome.applied();
        }
        users.clear();
        groups.clear();
        PushOutcome outcome = pages("/users?", USERS_PAGE, user -> {
            ObjectNode fields = ScimJson.mapper().createObjectNode();
            fields.put("email", user.path("email").asText("")).put("name", user.path("name").asText(""))
                    .put("access_enabled", user.path("access_enabled").asBoolean(true));
            JsonNode metadata = user.path("metadata");
            fields.set("metadata", metadata.isObject() ? metadata : ScimJson.mapper().createObjectNode());
            String key = metadata.hasNonNull(ID_KEY) ? metadata.get(ID_KEY).asText() : UNMANAGED + user.path("id").asText();
            users.put(key, new KisiUser(user.path("id").asText(), fields));
        });
        if (!outcome.ok()) {
            return outcome;
        }
        outcome = pages("/groups?", PAGE, group -> {
            String description = group.path("description").asText("");
            if (description.startsWith(GROUP_TAG)) {
                groups.put(description.substring(GROUP_TAG.length()),
                        new KisiGroup(group.path("id").asText(), group.path("name").asText("")));
            }
        });
        for (KisiGroup group : groups.values()) {
            if (!outcome.ok()) {
                return outcome;
            }
            outcome = pages("/role_assignments?role_id=group_basic&group_id=" + group.id + "&", PAGE,
                    a -> group.assignments.put(a.path("user_id").asText(), a.path("id").asText()));
        }
        loaded = outcome.ok();
        return outcome;
    }

    private PushOutcome pages(String pathAndQuery, int limit, Consumer<JsonNode> each) {
        for (int offset = 0; ; offset += limit) {
            KisiClient.Answer answer = client.get(pathAndQuery + "limit=" + limit + "&offset=" + offset);
            if (!answer.ok()) {
                return answer.failure("list");
            }
            answer.body().forEach(each);
            if (answer.body().size() < limit) {
                return PushOutcome.applied();
            }
        }
    }

    @Override
    public String toString() {
        return "KisiConnector[" + name + ", tenant=" + tenantId + ", " + settings + "]";
    }
}
