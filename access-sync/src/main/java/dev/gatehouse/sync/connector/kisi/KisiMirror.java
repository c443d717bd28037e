package dev.gatehouse.sync.connector.kisi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.sync.connector.PushOutcome;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What one organization's Kisi holds, as the connector last read or wrote it: users by our person key
 * (those we did not create by {@value #UNMANAGED}{@code <Kisi id>}) and our groups by group key, each with
 * its group_basic assignments. Read page by page before the first call and again after {@link #forget()};
 * the connector keeps it in step with every call it makes. Not thread-safe.
 */
final class KisiMirror {
    private static final String UNMANAGED = "kisi:";
    private static final int USERS_PAGE = 100;
    private static final int PAGE = 250;

    /** A Kisi user as last seen. */
    static final class User {
        final String id;
        ObjectNode fields; // email, name, access_enabled, metadata
        /** The groups the directory last said the person belongs to, some perhaps not in Kisi yet. */
        Set<String> wantedGroups = Set.of();

        User(String id, ObjectNode fields) {
            this.id = id;
            this.fields = fields;
        }
    }

    /** A Kisi group as last seen, with its group_basic assignments: Kisi user id → assignment id. */
    static final class Group {
        final String id;
        String name;
        final Map<String, String> assignments = new HashMap<>();

        Group(String id, String name) {
            this.id = id;
            this.name = name;
        }
    }

    private final KisiClient client;
    private boolean loaded;
    /** Our person key (or kisi:<id> for persons we did not create) → Kisi user. */
    private final Map<String, User> users = new HashMap<>();
    private final Map<String, Group> groups = new HashMap<>();

    KisiMirror(KisiClient client) {
        this.client = client;
    }

    /** Forgets what was read: the next {@link #load()} reads Kisi again. */
    void forget() {
        loaded = false;
    }

    User user(String personKey) {
        return users.get(personKey);
    }

    Group group(String groupKey) {
        return groups.get(groupKey);
    }

    /** Users by person key. */
    Map<String, User> users() {
        return users;
    }

    /** Groups by group key. */
    Map<String, Group> groups() {
        return groups;
    }

    User put(String personKey, User user) {
        users.put(personKey, user);
        return user;
    }

    Group put(String groupKey, Group group) {
        groups.put(groupKey, group);
        return group;
    }

    /** Drops the entry of a user Kisi no longer holds under that id. */
    void forgetUser(String personKey) {
        users.remove(personKey);
    }

    /** Drops a deleted user with its assignments. */
    void userDeleted(String personKey) {
        User user = users.remove(personKey);
        groups.values().forEach(g -> g.assignments.remove(user.id));
    }

    void forgetGroup(String groupKey) {
        groups.remove(groupKey);
    }

    /**
     * A user created in Kisi by hand with the person's e-mail becomes ours (the PATCH that follows
     * writes our id into its metadata), rather than a create Kisi refuses as a duplicate. Null when there is none.
     */
    User adopt(String personKey, String email) {
        for (Map.Entry<String, User> entry : users.entrySet()) {
            if (entry.getKey().startsWith(UNMANAGED)
                    && entry.getValue().fields.path("email").asText().equalsIgnoreCase(email)) {
                User user = users.remove(entry.getKey());
                users.put(personKey, user);
                return user;
            }
        }
        return null;
    }

    /** The keys of the groups the user is assigned to. */
    Set<String> groupsOf(User user) {
        Set<String> memberOf = new HashSet<>();
        groups.forEach((groupKey, group) -> {
            if (group.assignments.containsKey(user.id)) {
                memberOf.add(groupKey);
            }
        });
        return memberOf;
    }

    /** The person keys of the group's members that are in the mirror. */
    List<String> memberKeys(Group group) {
        Map<String, String> keys = new HashMap<>();
        users.forEach((key, user) -> keys.put(user.id, key));
        return group.assignments.keySet().stream().map(keys::get).filter(Objects::nonNull).toList();
    }

    /** Reads users, groups and their assignments from Kisi, page by page, unless already read. */
    PushOutcome load() {
        if (loaded) {
            return PushOutcome.applied();
        }
        users.clear();
        groups.clear();
        PushOutcome outcome = pages("/users?", USERS_PAGE, user -> {
            JsonNode metadata = user.path("metadata");
            String key = metadata.hasNonNull(KisiConnector.ID_KEY) ? metadata.get(KisiConnector.ID_KEY).asText()
                    : UNMANAGED + user.path("id").asText();
            users.put(key, new User(user.path("id").asText(), KisiFields.held(user)));
        });
        if (!outcome.ok()) {
            return outcome;
        }
        outcome = pages("/groups?", PAGE, group -> {
            String description = group.path("description").asText("");
            if (description.startsWith(KisiConnector.GROUP_TAG)) {
                groups.put(description.substring(KisiConnector.GROUP_TAG.length()),
                        new Group(group.path("id").asText(), group.path("name").asText("")));
            }
        });
        for (Group group : groups.values()) {
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
}
