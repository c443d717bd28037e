package dev.gatehouse.processor.store;

/** The names of the persistent (RocksDB) state stores; also their changelog topic suffixes. */
public final class StoreNames {
    /** {@code tenant/userId} → {@link StoredResource}. */
    public static final String USERS = "users";
    /** {@code tenant/groupId} → {@link StoredResource} (without members). */
    public static final String GROUPS = "groups";
    /** {@code tenant/g/<groupId>/<userId>} and {@code tenant/u/<userId>/<groupId>} → marker. */
    public static final String MEMBERSHIPS = "memberships";
    /** Unique names ({@code tenant/userName/…}, {@code tenant/groupName/…}) and externalIds → id. */
    public static final String INDEXES = "indexes";
    /**
     * A window store, {@code tenant/resourceId} at the event's time → {@code TimelineEvent}, duplicates kept;
     * old segments are dropped by the store itself once past the timeline's retention.
     */
    public static final String TIMELINE = "timeline";

    private StoreNames() {
    }
}
