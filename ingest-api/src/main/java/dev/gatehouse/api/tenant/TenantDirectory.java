package dev.gatehouse.api.tenant;

import dev.gatehouse.api.config.ApiConfig;
import dev.gatehouse.api.read.TopicFollower;
import dev.gatehouse.contract.ScimClient;
import dev.gatehouse.contract.TenantRecord;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every organization, read from the compacted tenants topic into memory by a thread of its own: no
 * consumer group, all partitions from the beginning, then following the topic. Each API instance
 * holds the whole directory, so authenticating a token is a map lookup; a revocation written by any
 * instance reaches every other within one poll.
 */
public final class TenantDirectory implements AutoCloseable {
    private final Map<String, TenantRecord> tenants = new ConcurrentHashMap<>();
    private final Map<String, String> tenantByTokenHash = new ConcurrentHashMap<>();
    private final Map<String, String> tenantByClientId = new ConcurrentHashMap<>();
    private TopicFollower follower;

    private TenantDirectory() {
    }

    /** Starts following {@code topic}. */
    public static TenantDirectory start(ApiConfig config, String topic) {
        TenantDirectory directory = new TenantDirectory();
        directory.follower = TopicFollower.start(config, topic, "tenants", TenantRecord.class, directory::apply);
        return directory;
    }

    /** Waits until the directory has read the topic up to its end at start. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return follower.awaitCaughtUp(timeout);
    }

    /** Applies a record (also called by {@link TenantAdmin} for read-your-writes on this instance). */
    synchronized void apply(String id, TenantRecord tenant) {
        TenantRecord current = tenants.get(id);
        if (tenant != null && current != null && tenant.updatedAt().isBefore(current.updatedAt())) {
            // The record this instance wrote itself is already applied; an older one read back from
            // the topic must not resurrect a revoked token.
            return;
        }
        TenantRecord previous = tenant == null ? tenants.remove(id) : tenants.put(id, tenant);
        // authenticate() and client() read without this lock: the new keys go in before the old ones go
        // out, and a key in both is never removed, so a live token never misses while its record is
        // replaced (as every admin write is: applied here, then read back from the topic).
        reindex(tenantByTokenHash, id, tenant, previous, TenantDirectory::tokenHashes);
        reindex(tenantByClientId, id, tenant, previous, t -> t.scimClients().stream().map(ScimClient::clientId));
    }

    /**
     * Points {@code index} at {@code id} for each key of {@code tenant} (none while its SCIM is off),
     * then drops the keys only {@code previous} had.
     */
    private static void reindex(Map<String, String> index, String id, TenantRecord tenant, TenantRecord previous,
            Function<TenantRecord, Stream<String>> keys) {
        Set<String> live = tenant != null && tenant.scimEnabled() ? keys.apply(tenant).collect(Collectors.toSet()) : Set.of();
        live.forEach(key -> index.put(key, id));
        if (previous != null) {
            keys.apply(previous).filter(key -> !live.contains(key)).forEach(key -> index.remove(key, id));
        }
    }

    /** The hashes of an organization's current and retiring SCIM tokens. */
    private static Stream<String> tokenHashes(TenantRecord tenant) {
        return Stream.concat(tenant.tokenHashes().stream(), tenant.retiringTokens().stream().map(TenantRecord.RetiringToken::hash));
    }

    /**
     * The organization a SCIM bearer token belongs to, if the token is live (current, or replaced but
     * within its grace period) and SCIM is enabled.
     */
    public Optional<TenantRecord> authenticate(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        String hash = Tokens.hash(token);
        String id = tenantByTokenHash.get(hash);
        TenantRecord tenant = id == null ? null : tenants.get(id);
        if (tenant == null || !tenant.scimEnabled()) {
            return Optional.empty();
        }
        byte[] presented = HexFormat.of().parseHex(hash);
        boolean live = false;
        for (String stored : tenant.tokenHashes()) {
            live |= MessageDigest.isEqual(presented, HexFormat.of().parseHex(stored));
        }
        Instant now = Instant.now();
        for (TenantRecord.RetiringToken retiring : tenant.retiringTokens()) {
            live |= MessageDigest.isEqual(presented, HexFormat.of().parseHex(retiring.hash()))
                    && retiring.expiresAt().isAfter(now);
        }
        return live ? Optional.of(tenant) : Optional.empty();
    }

    /** The organization whose SCIM is on and that has the OAuth client {@code clientId}, with that client. */
    public Optional<ClientOf> client(String clientId) {
        String id = clientId == null ? null : tenantByClientId.get(clientId);
        TenantRecord tenant = id == null ? null : tenants.get(id);
        if (tenant == null || !tenant.scimEnabled()) {
            return Optional.empty();
        }
        return tenant.scimClient(clientId).map(client -> new ClientOf(tenant, client));
    }

    /** An OAuth client and the organization it belongs to. */
    public record ClientOf(TenantRecord tenant, ScimClient client) {
    }

    public Optional<TenantRecord> get(String id) {
        return Optional.ofNullable(tenants.get(id));
    }

    public List<TenantRecord> all() {
        return tenants.values().stream()
                .sorted((a, b) -> a.createdAt().compareTo(b.createdAt()))
                .toList();
    }

    @Override
    public void close() {
        follower.close();
    }
}
