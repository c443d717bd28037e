package dev.gatehouse.processor.store;

/** The names of the persistent (RocksDB) state stores; also the Kafka Streams stores' changelog topic suffixes. */
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
     * The timeline store ({@link TimelineStore}): not a Kafka Streams store, and without changelog, since the
     * timeline topic is its log; the name its RocksDB options are set under.
     */
    public static final String TIMELINE = "timeline";

    private StoreNames() {
    }
}
