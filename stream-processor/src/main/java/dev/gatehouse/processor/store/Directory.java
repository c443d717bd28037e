package dev.gatehouse.processor.store;

import dev.gatehouse.contract.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Read access to one partition's state stores, shared by the command processor (which then writes
 * through the same stores) and the interactive queries. Every scan is a prefix scan, so a lookup
 * costs O(result), not O(store); results come back in key order, which makes them deterministic.
 */
public final class Directory {
    private static final StringSerializer KEYS = new StringSerializer();
    /** The value of a membership entry that carries no display sent by the client. */
    private static final String MEMBER = "1";
    /** Prefix of a group→member entry's value that holds the {@code display} the client sent. */
    private static final String DISPLAY = "d:";

    private final ReadOnlyKeyValueStore<String, StoredResource> users;
    private final ReadOnlyKeyValueStore<String, StoredResource> groups;
    private final ReadOnlyKeyValueStore<String, String> memberships;
    private final ReadOnlyKeyValueStore<String, String> indexes;

    public Directory(ReadOnlyKeyValueStore<String, StoredResource> users,
                     ReadOnlyKeyValueStore<String, StoredResource> groups,
                     ReadOnlyKeyValueStore<String, String> memberships,
                     ReadOnlyKeyValueStore<String, String> indexes) {
        this.users = users;
        this.groups = groups;
        this.memberships = memberships;
        this.indexes = indexes;
    }

    public Optional<StoredResource> find(ResourceType type, String tenantId, String id) {
        return Optional.ofNullable(resources(type).get(StoreKeys.resource(tenantId, id)));
    }

    /** Member user ids of a group, sorted. */
    public List<String> members(String tenantId, String groupId) {
        return suffixes(memberships, StoreKeys.membersPrefix(tenantId, groupId));
    }

    /**
     * The value of a group→member entry: the {@code display} the client sent with the member, if
     * any, else a plain marker. The user→group entry always holds the marker.
     */
    public static String membershipValue(String display) {
        return display == null ? MEMBER : DISPLAY + display;
    }

    /** The {@code display} the client sent with a member of a group, if it sent one. */
    public Optional<String> sentDisplay(String tenantId, String groupId, String userId) {
        String value = memberships.get(StoreKeys.groupMember(tenantId, groupId, userId));
        return value != null && value.startsWith(DISPLAY)
                ? Optional.of(value.substring(DISPLAY.length())) : Optional.empty();
    }

    /**
     * Up to {@code max} member ids of a group that are not in {@code keep}, in id order: one prefix scan
     * that stops as soon as it has them, so it costs O(max + keep) whatever the group's size.
     */
    public List<String> membersExcept(String tenantId, String groupId, Set<String> keep, int max) {
        return except(StoreKeys.membersPrefix(tenantId, groupId), keep, max);
    }

    private List<String> except(String prefix, Set<String> skip, int max) {
        List<String> out = new ArrayList<>();
        try (KeyValueIterator<String, String> it = memberships.prefixScan(prefix, KEYS)) {
            while (out.size() < max && it.hasNext()) {
                String id = it.next().key.substring(prefix.length());
                if (!skip.contains(id)) {
                    out.add(id);
                }
            }
        }
        return out;
    }

    /** Up to {@code max} group ids of a user that are not in {@code skip}, in id order (as {@link #membersExcept}). */
    public List<String> groupsExcept(String tenantId, String userId, Set<String> skip, int max) {
        return except(StoreKeys.groupsPrefix(tenantId, userId), skip, max);
    }

    /** The id of the next step of a membership change still being applied to a group, if one is. */
    public Optional<String> pendingChange(String tenantId, String groupId) {
        return Optional.ofNullable(indexes.get(StoreKeys.pendingChange(tenantId, groupId)));
    }

    /** Whether a user is a member of a group: one point lookup. */
    public boolean isMember(String tenantId, String groupId, String userId) {
        return memberships.get(StoreKeys.groupMember(tenantId, groupId, userId)) != null;
    }

    /** Group ids of a user, sorted. */
    public List<String> groupsOf(String tenantId, String userId) {
        return suffixes(memberships, StoreKeys.groupsPrefix(tenantId, userId));
    }

    /** The ids related to a resource: a group's members or a user's groups. */
    public List<String> related(ResourceType type, String tenantId, String id) {
        return type == ResourceType.GROUP ? members(tenantId, id) : groupsOf(tenantId, id);
    }

    /** The id holding a unique name (userName / group displayName), case-insensitively. */
    public Optional<String> idByName(ResourceType type, String tenantId, String name) {
        return Optional.ofNullable(indexes.get(StoreKeys.name(type, tenantId, name)));
    }

    /** Ids with this externalId, sorted. */
    public List<String> idsByExternalId(ResourceType type, String tenantId, String externalId) {
        List<String> ids = new ArrayList<>();
        try (KeyValueIterator<String, String> it =
                     indexes.prefixScan(StoreKeys.externalIdPrefix(type, tenantId, externalId), KEYS)) {
            it.forEachRemaining(kv -> ids.add(kv.value));
        }
        return ids;
    }

    /** Visits every membership entry of a tenant (both directions) in key order: key after the tenant, value. */
    public void forEachMembership(String tenantId, BiConsumer<String, String> visitor) {
        String prefix = StoreKeys.tenantPrefix(tenantId);
        try (KeyValueIterator<String, String> it = memberships.prefixScan(prefix, KEYS)) {
            while (it.hasNext()) {
                KeyValue<String, String> kv = it.next();
                visitor.accept(kv.key.substring(prefix.length()), kv.value);
            }
        }
    }

    /** The tenants that have users or groups here, sorted: a full scan, for rebuild checks. */
    public SortedSet<String> tenants() {
        SortedSet<String> tenants = new TreeSet<>();
        for (ReadOnlyKeyValueStore<String, StoredResource> store : List.of(users, groups)) {
            try (KeyValueIterator<String, StoredResource> it = store.all()) {
                it.forEachRemaining(kv -> tenants.add(StoreKeys.tenantOf(kv.key)));
            }
        }
        return tenants;
    }

    /** Visits every resource of a tenant in id order. */
    public void forEach(ResourceType type, String tenantId, BiConsumer<String, StoredResource> visitor) {
        String prefix = StoreKeys.tenantPrefix(tenantId);
        try (KeyValueIterator<String, StoredResource> it = resources(type).prefixScan(prefix, KEYS)) {
            while (it.hasNext()) {
                KeyValue<String, StoredResource> kv = it.next();
                visitor.accept(kv.key.substring(prefix.length()), kv.value);
            }
        }
    }

    private ReadOnlyKeyValueStore<String, StoredResource> resources(ResourceType type) {
        return type == ResourceType.USER ? users : groups;
    }

    private static List<String> suffixes(ReadOnlyKeyValueStore<String, String> store, String prefix) {
        List<String> out = new ArrayList<>();
        try (KeyValueIterator<String, String> it = store.prefixScan(prefix, KEYS)) {
            it.forEachRemaining(kv -> out.add(kv.key.substring(prefix.length())));
        }
        return out;
    }
}
