package dev.gatehouse.sync;

import dev.gatehouse.contract.AccessChange;
import java.util.HashMap;
import java.util.Map;

/**
 * The last version each resource reached at one connector, so a duplicate or an older change (a
 * replay, a redelivery after a crash between push and commit) is not pushed again. Keyed tenant id
 * first. In memory for now: after a restart the door system's own version check (the webhook
 * contract) catches what this forgot; a RocksDB-backed store is to replace it.
 */
final class AppliedVersions {
    private final Map<String, Long> versions = new HashMap<>();

    /** Whether the door system already has this change or a newer one. */
    boolean isStale(AccessChange change) {
        Long last = versions.get(key(change));
        return last != null && change.version() <= last;
    }

    /** Records that the change is done with (applied, or dead-lettered for good). */
    void record(AccessChange change) {
        versions.merge(key(change), change.version(), Math::max);
    }

    private static String key(AccessChange change) {
        return change.tenantId() + "/" + change.resourceType() + "/" + change.resourceId();
    }
}
