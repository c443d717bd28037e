package dev.gatehouse.api.tenant;

import dev.gatehouse.api.config.ApiConfig;
import dev.gatehouse.api.read.TopicFollower;
import dev.gatehouse.contract.ScimClient;
import dev.gatehouse.contract.TenantRecord;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
        // authenticate() reads without this lock: the new hashes go in before the old ones go out,
        // and a hash in both is never removed, so a live token never misses while its record is
        // replaced (as every admin write is: applied here, then read back from the topic).
        Set<String> live = new HashSet<>();
        if (tenant != null && tenant.scimEnabled()) {
            live.addAll(tenant.tokenHashes());
            tenant.retiringTokens().forEach(r -> live.add(r.hash()));
            live.forEach(hash -> tenantByTokenHash.put(hash, id));
        }
        Set<String> clients = new HashSet<>();
        if (tenant != null && tenant.scimEnabled()) {
            tenant.scimClients().forEach(c -> clients.add(c.clientId()));
            clients.forEach(clientId -> tenantByClientId.put(clientId, id));
        }
        if (previous != null) {
            previous.scimClients().stream().map(ScimClient::clientId).filter(c -> !clients.contains(c))
                    .forEach(c -> tenantByClientId.remove(c, id));
            previous.tokenHashes().stream().filter(hash -> !live.contains(hash)).forEach(hash -> tenantByTokenHash.remove(hash, id));
            previous.retiringTokens().stream().map(TenantRecord.RetiringToken::hash).filter(hash -> !live.contains(hash))
                    .forEach(hash -> tenantByTokenHash.remove(hash, id));
        }
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
