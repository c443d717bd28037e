package dev.gatehouse.api.oauth;

import dev.gatehouse.api.config.ApiConfig;
import dev.gatehouse.api.read.TopicFollower;
import dev.gatehouse.api.tenant.TenantDirectory;
import dev.gatehouse.api.tenant.Tokens;
import dev.gatehouse.contract.AccessGrant;
import dev.gatehouse.contract.ScimClient;
import dev.gatehouse.contract.TenantRecord;
import dev.gatehouse.pipeline.JsonSerde;
import dev.gatehouse.pipeline.KafkaProps;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OAuth access tokens for SCIM: opaque ({@code gh_at_} + 256 random bits), each written as an
 * {@link AccessGrant} keyed by its SHA-256 hash to the access-tokens topic, which every API instance
 * reads into memory, so a token works on any instance; the token itself is only ever in the answer to
 * its client. A token authenticates while it has not expired and its organization still has SCIM on,
 * its client, and (when it got the token with a secret) that secret unexpired; a federated token also
 * needs the client's federation to be the one it was verified against. Every removal is a change of the
 * organization's record, so it takes effect on every instance within one read of the tenants topic.
 */
public final class AccessTokens implements AutoCloseable {
    private static final JsonSerde<AccessGrant> GRANTS = JsonSerde.of(AccessGrant.class);
    private static final Logger LOG = LoggerFactory.getLogger(AccessTokens.class);
    private static final int WRITE_TIMEOUT_MS = 10_000;
    /** How long an unknown token waits for its grant to arrive from the topic (see {@link #awaitGrant}). */
    public static final Duration ISSUE_GAP = Duration.ofMillis(500);
    /** At most this many requests wait for a grant at once, so made-up tokens cannot tie up the server's threads. */
    static final int MAX_WAITERS = 8;
    /** Length of every token {@link #issue} makes: the prefix and 43 base64url characters. */
    private static final int ACCESS_TOKEN_CHARS = Tokens.ACCESS_TOKEN_PREFIX.length() + 43;
    /** Expired grants are swept from memory after this many new ones. */
    private static final int SWEEP_EVERY = 256;

    private final TenantDirectory directory;
    private final Clock clock;
    private final String topic;
    private final KafkaProducer<String, byte[]> producer;
    private final Map<String, AccessGrant> grants = new ConcurrentHashMap<>();
    /** Notified on every grant read, for {@link #awaitGrant}. */
    private final Object arrivals = new Object();
    /** Requests that may wait in {@link #awaitGrant} at once; others are answered without waiting. */
    private final Semaphore waiters = new Semaphore(MAX_WAITERS);
    /** When each secret (tenant/client/secret id) or federation (tenant/client/-) last got a token. */
    private final Map<String, Instant> lastUsed = new ConcurrentHashMap<>();
    private TopicFollower follower;
    private int sinceSweep;

    private AccessTokens(ApiConfig config, TenantDirectory directory, String topic, Clock clock) {
        this.directory = directory;
        this.topic = topic;
        this.clock = clock;
        this.producer = new KafkaProducer<>(KafkaProps.boundedProducer(config.kafka(), config.instanceId() + "-access-tokens",
                Duration.ofMillis(WRITE_TIMEOUT_MS)));
    }

    /** Starts reading {@code topic}; tokens are checked against {@code directory}'s organizations. */
    public static AccessTokens start(ApiConfig config, TenantDirectory directory, String topic) {
        AccessTokens tokens = new AccessTokens(config, directory, topic, Clock.systemUTC());
        tokens.follower = TopicFollower.start(config, topic, "access-tokens", AccessGrant.class, tokens::apply);
        return tokens;
    }

    /** Waits until every grant the topic held at start has been read. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return follower.awaitCaughtUp(timeout);
    }

    /** Thrown when the grant could not be written: no token was issued. */
    public static final class Unavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A token just issued: shown to its client once. */
    public record Issued(String token, AccessGrant grant) {
    }

    /**
     * Issues a token for {@code clientId} of {@code tenantId}, which authenticated with the secret
     * {@code secretId} or else with the federation set at {@code federationSetAt}, valid for
     * {@code lifetime} or until {@code notAfter} if that comes first; answered once the grant is
     * durable on the topic.
     */
    public Issued issue(String tenantId, String clientId, String secretId, Instant federationSetAt, String method,
            Duration lifetime, Instant notAfter) {
        Instant now = clock.instant();
        Instant expires = now.plus(lifetime);
        if (notAfter != null && notAfter.isBefore(expires)) {
            expires = notAfter;
        }
        String token = Tokens.generate(Tokens.ACCESS_TOKEN_PREFIX);
        String hash = Tokens.hash(token);
        AccessGrant grant = new AccessGrant(tenantId, clientId, secretId, method, now, expires, federationSetAt);
        try {
            producer.send(new ProducerRecord<>(topic, hash, GRANTS.toBytes(grant))).get(WRITE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while saving the access token", e);
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            throw new Unavailable("could not save the access token: Kafka is unavailable", e);
        }
        apply(hash, grant);
        return new Issued(token, grant);
    }

    /** The organization an access token acts for, if it is live (see the class comment). */
    public Optional<TenantRecord> authenticate(String token) {
        if (token == null || !token.startsWith(Tokens.ACCESS_TOKEN_PREFIX)) {
            return Optional.empty();
        }
        String hash = Tokens.hash(token);
        AccessGrant known = grants.get(hash);
        AccessGrant grant = known == null && token.length() == ACCESS_TOKEN_CHARS ? awaitGrant(hash) : known;
        Instant now = clock.instant();
        if (grant == null || !grant.expiresAt().isAfter(now)) {
            return Optional.empty();
        }
        Optional<TenantRecord> tenant = directory.get(grant.tenantId()).filter(TenantRecord::scimEnabled);
        Optional<ScimClient> client = tenant.flatMap(t -> t.scimClient(grant.clientId()));
        if (client.isEmpty()) {
            return Optional.empty();
        }
        boolean credentialLive = grant.secretId() == null
                ? client.get().federation() != null && client.get().federation().updatedAt().equals(grant.federationSetAt())
                : client.get().secret(grant.secretId()).filter(s -> s.expiresAt().isAfter(now)).isPresent();
        return credentialLive ? tenant : Optional.empty();
    }

    /**
     * A token another instance has just issued may not have been read here yet (its grant is on its
     * way through the topic, normally milliseconds): an unknown token of the right shape waits up to
     * {@link #ISSUE_GAP} for new grants before it is refused, so a client that sends its fresh token
     * to another instance at once is not turned away. At most {@link #MAX_WAITERS} requests wait at
     * once (the rest are answered at once), and refusals count against the caller's address: made-up
     * tokens cannot hold more than a handful of the server's threads.
     */
    private AccessGrant awaitGrant(String hash) {
        if (!waiters.tryAcquire()) {
            return grants.get(hash);
        }
        try {
            long deadline = System.nanoTime() + ISSUE_GAP.toNanos();
            synchronized (arrivals) {
                AccessGrant grant = grants.get(hash);
                for (long left = ISSUE_GAP.toNanos(); grant == null && left > 0; left = deadline - System.nanoTime()) {
                    arrivals.wait(Math.max(1, left / 1_000_000));
                    grant = grants.get(hash);
                }
                return grant;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            waiters.release();
        }
    }

    /** When a client's secret ({@code secretId}), or its federation ({@code null}), last got a token, if known. */
    public Optional<Instant> lastUsed(String tenantId, String clientId, String secretId) {
        return Optional.ofNullable(lastUsed.get(usageKey(tenantId, clientId, secretId)));
    }

    private void apply(String hash, AccessGrant grant) {
        if (hash == null || grant == null || !validHash(hash) || grant.tenantId() == null || grant.clientId() == null
                || grant.issuedAt() == null || grant.expiresAt() == null) {
            LOG.warn("skipped an access grant that is not one the token endpoint writes (key {})", hash);
            return;
        }
        grants.put(hash, grant);
        synchronized (arrivals) {
            arrivals.notifyAll();
        }
        lastUsed.merge(usageKey(grant.tenantId(), grant.clientId(), grant.secretId()), grant.issuedAt(),
                (a, b) -> a.isAfter(b) ? a : b);
        sweep();
    }

    private synchronized void sweep() {
        if (++sinceSweep < SWEEP_EVERY) {
            return;
        }
        sinceSweep = 0;
        Instant now = clock.instant();
        grants.values().removeIf(g -> !g.expiresAt().isAfter(now));
        lastUsed.keySet().removeIf(key -> directory.get(key.substring(0, key.indexOf('/'))).isEmpty());
    }

    /** A key as {@link #issue} writes it: lowercase hex SHA-256; anything else on the topic is skipped. */
    private static boolean validHash(String hash) {
        return hash.length() == 64 && hash.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }

    private static String usageKey(String tenantId, String clientId, String secretId) {
        return tenantId + "/" + clientId + "/" + (secretId == null ? "-" : secretId);
    }

    @Override
    public void close() {
        follower.close();
        producer.close(Duration.ofSeconds(5));
    }
}
