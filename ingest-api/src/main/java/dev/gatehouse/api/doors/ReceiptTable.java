package dev.gatehouse.api.doors;

import dev.gatehouse.api.config.ApiConfig;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

/**
 * Door receipts held in primitive arrays, one slot per (organization, resource, door system): the
 * organization and door system as small numbers ({@link DoorStatusView} interns their names), the
 * resource id as the two halves of its UUID (Gatehouse's ids are UUIDs; any other id is kept as text),
 * the version, whether it was applied, whether the resource is a group, and the time: {@value #SLOT_BYTES}
 * bytes a slot in an open-addressing table at most {@value #LOAD_PERCENT}% full, instead of the half
 * kilobyte of maps, records and strings one receipt cost as objects.
 *
 * <p>At most {@code limit} receipts are ever held: past it a new (organization, resource, door system) is
 * refused ({@link #put} returns false) while held ones are still updated. Nothing is ever removed
 * (receipts are only replaced). Not thread-safe: {@link DoorStatusView} guards it.
 */
final class ReceiptTable {
    static final int LOAD_PERCENT = 75;
    /** Bytes one slot takes in the arrays below (a reference counted as 4 bytes). */
    static final int SLOT_BYTES = 4 + 4 + 8 + 8 + 4 + 8 + 8 + 4 + 1;
    private static final int FIRST_CAPACITY = 1 << 10;
    private static final byte APPLIED = 1;
    private static final byte USER = 2;
    private static final byte GROUP = 4;
    private static final int NO_TIME = -1;

    private final int limit;
    private int size;
    /** Organization index + 1 (0: a free slot). */
    private int[] tenants;
    private int[] connectors;
    private long[] high;
    private long[] low;
    /** The resource id when it is not a canonical UUID, else null. */
    private String[] names;
    private long[] versions;
    private long[] seconds;
    /** The time's nanoseconds, or {@value #NO_TIME} when the receipt had no time. */
    private int[] nanos;
    private byte[] flags;

    ReceiptTable(int limit) {
        if (limit < 1 || limit > ApiConfig.MAX_DOOR_STATUS_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + ApiConfig.MAX_DOOR_STATUS_LIMIT + ", was " + limit);
        }
        this.limit = limit;
        allocate(Math.min(FIRST_CAPACITY, capacityFor(limit)));
    }

    /** The table size that holds {@code entries} at most {@value #LOAD_PERCENT}% full: a power of two. */
    static int capacityFor(int entries) {
        long wanted = (long) entries * 100 / LOAD_PERCENT + 1;
        return (int) Math.max(2, Long.highestOneBit(wanted - 1) << 1);
    }

    int size() {
        return size;
    }

    int limit() {
        return limit;
    }

    /** Slots allocated now (the memory held is this times {@link #SLOT_BYTES}). */
    int capacity() {
        return tenants.length;
    }

    /**
     * Holds the receipt, replacing the one held for the same key unless that one has a higher version.
     * False when the key is new and {@code limit} keys are held already: the receipt is not kept.
     */
    boolean put(int tenant, int connector, String resourceId, long version, boolean applied, Boolean group, Instant at) {
        Key key = Key.of(resourceId);
        int slot = find(tenant, connector, key);
        if (tenants[slot] != 0) {
            if (version >= versions[slot]) {
                write(slot, version, applied, group, at);
            }
            return true;
        }
        if (size >= limit) {
            return false;
        }
        tenants[slot] = tenant + 1;
        connectors[slot] = connector;
        high[slot] = key.high;
        low[slot] = key.low;
        names[slot] = key.name;
        write(slot, version, applied, group, at);
        size++;
        if ((long) size * 100 > (long) tenants.length * LOAD_PERCENT) {
            grow();
        }
        return true;
    }

    /** The slot holding the key, or -1. */
    int get(int tenant, int connector, String resourceId) {
        int slot = find(tenant, connector, Key.of(resourceId));
        return tenants[slot] == 0 ? -1 : slot;
    }

    long version(int slot) {
        return versions[slot];
    }

    boolean applied(int slot) {
        return (flags[slot] & APPLIED) != 0;
    }

    /** True for a group, false for a user, null when the receipt named neither. */
    Boolean group(int slot) {
        return (flags[slot] & GROUP) != 0 ? Boolean.TRUE : (flags[slot] & USER) != 0 ? Boolean.FALSE : null;
    }

    /** When access-sync finished with it; null when the receipt had no time. */
    Instant at(int slot) {
        return nanos[slot] == NO_TIME ? null : Instant.ofEpochSecond(seconds[slot], nanos[slot]);
    }

    private void write(int slot, long version, boolean applied, Boolean group, Instant at) {
        versions[slot] = version;
        flags[slot] = (byte) ((applied ? APPLIED : 0) | (group == null ? 0 : group ? GROUP : USER));
        seconds[slot] = at == null ? 0 : at.getEpochSecond();
        nanos[slot] = at == null ? NO_TIME : at.getNano();
    }

    /** Linear probing from the key's hash: the key's slot, or the free slot where it would go. */
    private int find(int tenant, int connector, Key key) {
        int mask = tenants.length - 1;
        int slot = hash(tenant, connector, key) & mask;
        while (tenants[slot] != 0 && !(tenants[slot] == tenant + 1 && connectors[slot] == connector && key.at(this, slot))) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private static int hash(int tenant, int connector, Key key) {
        long h = ((long) tenant << 32 | connector & 0xFFFFFFFFL) * 0x9E3779B97F4A7C15L;
        h ^= key.name == null ? key.high * 0xC2B2AE3D27D4EB4FL ^ key.low : key.name.hashCode();
        // MurmurHash3's finalizer: every bit of the key moves the slot.
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return (int) h;
    }

    private void grow() {
        int[] oldTenants = tenants;
        int[] oldConnectors = connectors;
        long[] oldHigh = high;
        long[] oldLow = low;
        String[] oldNames = names;
        long[] oldVersions = versions;
        long[] oldSeconds = seconds;
        int[] oldNanos = nanos;
        byte[] oldFlags = flags;
        allocate(oldTenants.length * 2);
        for (int from = 0; from < oldTenants.length; from++) {
            if (oldTenants[from] == 0) {
                continue;
            }
            Key key = new Key(oldHigh[from], oldLow[from], oldNames[from]);
            int to = find(oldTenants[from] - 1, oldConnectors[from], key);
            tenants[to] = oldTenants[from];
            connectors[to] = oldConnectors[from];
            high[to] = oldHigh[from];
            low[to] = oldLow[from];
            names[to] = oldNames[from];
            versions[to] = oldVersions[from];
            seconds[to] = oldSeconds[from];
            nanos[to] = oldNanos[from];
            flags[to] = oldFlags[from];
        }
    }

    private void allocate(int capacity) {
        tenants = new int[capacity];
        connectors = new int[capacity];
        high = new long[capacity];
        low = new long[capacity];
        names = new String[capacity];
        versions = new long[capacity];
        seconds = new long[capacity];
        nanos = new int[capacity];
        Arrays.fill(nanos, NO_TIME);
        flags = new byte[capacity];
    }

    /** A resource id: a canonical (lowercase) UUID as its two halves, any other id as its text. */
    private record Key(long high, long low, String name) {
        static Key of(String id) {
            if (canonicalUuid(id)) {
                UUID uuid = UUID.fromString(id);
                return new Key(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits(), null);
            }
            return new Key(0, 0, id);
        }

        boolean at(ReceiptTable table, int slot) {
            return name == null ? table.names[slot] == null && table.high[slot] == high && table.low[slot] == low
                    : name.equals(table.names[slot]);
        }
    }

    /** {@code 8-4-4-4-12} lowercase hex digits: exactly what {@link UUID#toString()} gives back. */
    static boolean canonicalUuid(String id) {
        if (id.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = id.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }
}
