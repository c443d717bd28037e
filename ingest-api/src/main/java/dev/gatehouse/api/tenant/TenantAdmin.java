package dev.gatehouse.api.tenant;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.config.ApiConfig;
import dev.gatehouse.contract.AuditRecord;
import dev.gatehouse.contract.ConsoleMember;
import dev.gatehouse.contract.ScimClient;
import dev.gatehouse.contract.SsoConfig;
import dev.gatehouse.contract.TenantRecord;
import dev.gatehouse.pipeline.JsonSerde;
import dev.gatehouse.pipeline.KafkaProps;
import dev.gatehouse.scim.ScimJson;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes organizations: each change is a new {@link TenantRecord} on the compacted tenants topic,
 * written in one Kafka transaction with the {@link AuditRecord} that says who made it, and applied to
 * this instance's {@link TenantDirectory} once committed. A SCIM token is returned once by
 * {@link #generateToken} and then exists only as its SHA-256 hash.
 */
public final class TenantAdmin implements AutoCloseable {
    private static final JsonSerde<TenantRecord> TENANTS = JsonSerde.of(TenantRecord.class);
    private static final JsonSerde<AuditRecord> AUDIT = JsonSerde.of(AuditRecord.class);
    private static final int WRITE_TIMEOUT_MS = 10_000;
    /** The longest a replaced token may stay valid: a week of identity-provider cycles. */
    public static final Duration MAX_GRACE = Duration.ofDays(7);
    private static final Actor IN_PROCESS = Actor.system("in-process");
    private static final Logger LOG = LoggerFactory.getLogger(TenantAdmin.class);

    private final TenantDirectory directory;
    private final Map<String, Object> producerProps;
    private final String topic;
    private final String auditTopic;
    private KafkaProducer<String, byte[]> producer;

    public TenantAdmin(ApiConfig config, TenantDirectory directory, String topic, String auditTopic) {
        this.directory = directory;
        this.topic = topic;
        this.auditTopic = auditTopic;
        // An admin call with the broker away fails within seconds instead of blocking for a minute.
        Map<String, Object> props = KafkaProps.boundedProducer(config.kafka(), config.instanceId() + "-tenant-admin",
                Duration.ofMillis(WRITE_TIMEOUT_MS));
        props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, WRITE_TIMEOUT_MS * 3);
        // A change and its audit entry are committed together or not at all.
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.instanceId() + "-tenant-admin");
        this.producerProps = props;
    }

    /** Thrown when the change could not be written to Kafka; nothing was applied. */
    public static final class Unavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Thrown when a change is not allowed in the organization's current state. */
    public static final class Conflict extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Conflict(String message) {
            super(message, null, false, false);
        }
    }

    /** Thrown when a change is refused because a prerequisite is missing; the message says which. */
    public static final class Invalid extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    public TenantRecord create(String name) {
        return create(IN_PROCESS, name);
    }

    public synchronized TenantRecord create(Actor actor, String name) {
        Instant now = Instant.now();
        TenantRecord tenant = new TenantRecord(UUID.randomUUID().toString(), name, false, List.of(), now, now);
        return write(tenant, actor, "tenant.create", details().put("name", name));
    }

    public List<TenantRecord> list() {
        return directory.all();
    }

    public Optional<TenantRecord> get(String id) {
        return directory.get(id);
    }

    /**
     * Sets the organization's one SSO configuration (replacing any previous one).
     *
     * @throws Conflict when another organization already uses the directory or one of the domains
     */
    public synchronized Optional<TenantRecord> setSso(Actor actor, String id, SsoConfig sso) {
        Optional<TenantRecord> tenant = directory.get(id);
        if (tenant.isEmpty()) {
            return tenant;
        }
        for (TenantRecord other : directory.all()) {
            if (other.id().equals(id) || other.sso() == null) {
                continue;
            }
            if (sso.directoryId() != null && sso.directoryId().equals(other.sso().directoryId())) {
                throw new Conflict("directory " + sso.directoryId() + " is already connected to another organization");
            }
            for (String domain : sso.domains()) {
                if (other.sso().domains().contains(domain)) {
                    throw new Conflict("domain " + domain + " already belongs to another organization");
                }
            }
        }
        TenantRecord t = tenant.get();
        ObjectNode details = details().put("provider", sso.provider()).put("directoryId", sso.directoryId())
                .put("issuer", sso.signInIssuer()).put("clientId", sso.clientId())
                .put("clientSecretSet", sso.clientSecretEncrypted() != null);
        sso.domains().forEach(details.putArray("domains")::add);
        return Optional.of(write(new TenantRecord(t.id(), t.name(), t.scimEnabled(), t.tokenHashes(), t.createdAt(),
                next(t), sso, t.retiringTokens(), t.scimClients(), t.consoleMembers()), actor, "sso.set", details));
    }

    /**
     * Replaces the organization's console members with {@code members} (validated by
     * {@link ConsoleMembers#validate}); audited with each member's email and role.
     */
    public synchronized Optional<TenantRecord> setConsoleMembers(Actor actor, String id, List<ConsoleMember> members) {
        Optional<TenantRecord> tenant = directory.get(id);
        if (tenant.isEmpty()) {
            return tenant;
        }
        TenantRecord t = tenant.get();
        ObjectNode details = details().put("count", members.size());
        ArrayNode listed = details.putArray("members");
        members.forEach(m -> listed.addObject().put("email", m.email()).put("role", m.role()));
        return Optional.of(write(new TenantRecord(t.id(), t.name(), t.scimEnabled(), t.tokenHashes(), t.createdAt(),
                next(t), t.sso(), t.retiringTokens(), t.scimClients(), members), actor, "console-members.set", details));
    }

    public Optional<TenantRecord> setScimEnabled(String id, boolean enabled) {
        return setScimEnabled(IN_PROCESS, id, enabled);
    }

    /**
     * Turns SCIM on or off; turning it off revokes every token of the organization and removes its OAuth
     * clients (their secrets and access tokens stop working).
     *
     * @throws Invalid when SCIM is turned on for an organization without SSO configuration
     */
    public synchronized Optional<TenantRecord> setScimEnabled(Actor actor, String id, boolean enabled) {
        Optional<TenantRecord> tenant = directory.get(id);
        if (tenant.isEmpty()) {
            return tenant;
        }
        TenantRecord t = tenant.get();
        if (enabled && t.sso() == null) {
            throw new Invalid("SCIM cannot be enabled before single sign-on is set up: "
                    + "set the organization's SSO configuration (PUT /admin/v1/tenants/" + id + "/sso) first");
        }
        ObjectNode details = details().put("revokedTokens", enabled ? 0 : t.tokenHashes().size() + t.retiringTokens().size())
                .put("removedClients", enabled ? 0 : t.scimClients().size());
        return Optional.of(write(new TenantRecord(t.id(), t.name(), enabled,
                enabled ? t.tokenHashes() : List.of(), t.createdAt(), next(t), t.sso(),
                enabled ? t.retiringTokens() : List.of(), enabled ? t.scimClients() : List.of(), t.consoleMembers()), actor,
                enabled ? "scim.enable" : "scim.disable", details));
    }

    public Optional<String> generateToken(String id) {
        return generateToken(IN_PROCESS, id, Duration.ZERO);
    }

    /**
     * A new SCIM token for the organization, replacing the previous one: revoked at once, or accepted
     * for {@code grace} longer. Returned this once; only its hash is written.
     *
     * @throws Conflict when SCIM is not enabled
     */
    public synchronized Optional<String> generateToken(Actor actor, String id, Duration grace) {
        if (grace.isNegative() || grace.compareTo(MAX_GRACE) > 0) {
            throw new Invalid("the grace period must be between 0 and " + MAX_GRACE.toDays() + " days");
        }
        Optional<TenantRecord> tenant = directory.get(id);
        if (tenant.isEmpty()) {
            return Optional.empty();
        }
        TenantRecord t = tenant.get();
        if (!t.scimEnabled()) {
            throw new Conflict("SCIM is not enabled for this organization; enable it first");
        }
        Instant now = next(t);
        List<TenantRecord.RetiringToken> retiring = new ArrayList<>();
        t.retiringTokens().stream().filter(r -> r.expiresAt().isAfter(now)).forEach(retiring::add);
        if (!grace.isZero()) {
            t.tokenHashes().forEach(hash -> retiring.add(new TenantRecord.RetiringToken(hash, now.plus(grace))));
        }
        String token = Tokens.generate();
        String hash = Tokens.hash(token);
        ObjectNode details = details().put("tokenHashPrefix", hash.substring(0, 12))
                .put("graceSeconds", grace.toSeconds())
                .put("replacedTokens", t.tokenHashes().size());
        write(new TenantRecord(t.id(), t.name(), true, List.of(hash), t.createdAt(), now, t.sso(), retiring,
                t.scimClients(), t.consoleMembers()), actor, "token.generate", details);
        return Optional.of(token);
    }

    /**
     * Replaces the organization's OAuth clients with what {@code change} makes of its current record (it
     * may throw {@link Conflict} or {@link Invalid}: nothing is written), audited as {@code action}.
     * Empty when there is no such organization.
     */
    synchronized Optional<TenantRecord> changeClients(Actor actor, String id, String action, ObjectNode details,
            BiFunction<TenantRecord, Instant, List<ScimClient>> change) {
        Optional<TenantRecord> tenant = directory.get(id);
        if (tenant.isEmpty()) {
            return tenant;
        }
        TenantRecord t = tenant.get();
        if (!t.scimEnabled()) {
            throw new Conflict("SCIM is not enabled for this organization; enable it first");
        }
        Instant now = next(t);
        List<ScimClient> clients = change.apply(t, now);
        return Optional.of(write(new TenantRecord(t.id(), t.name(), true, t.tokenHashes(), t.createdAt(), now, t.sso(),
                t.retiringTokens(), clients, t.consoleMembers()), actor, action, details));
    }

    /**
     * Registers the transactional producer with the broker now rather than on the first admin call;
     * a failure is only logged, the first write tries again.
     */
    public synchronized void warmUp() {
        try {
            producer();
        } catch (KafkaException e) {
            LOG.warn("could not prepare organization writes yet ({}); the first admin call will retry", e.toString());
        }
    }

    /** Records an action that changes no organization (e.g. a console sign-in). */
    public synchronized void audit(Actor actor, String action, String tenantId, ObjectNode details) {
        commit(null, entry(actor, action, tenantId, details));
    }

    /** A timestamp strictly after the record's last change, so the directory orders the writes. */
    private static Instant next(TenantRecord t) {
        Instant now = Instant.now();
        return now.isAfter(t.updatedAt()) ? now : t.updatedAt().plusNanos(1_000);
    }

    private static ObjectNode details() {
        return ScimJson.mapper().createObjectNode();
    }

    private static AuditRecord entry(Actor actor, String action, String tenantId, ObjectNode details) {
        return new AuditRecord(UUID.randomUUID().toString(), Instant.now(), actor.name(), actor.channel(),
                actor.source(), action, tenantId, details);
    }

    private TenantRecord write(TenantRecord tenant, Actor actor, String action, ObjectNode details) {
        commit(tenant, entry(actor, action, tenant.id(), details));
        directory.apply(tenant.id(), tenant);
        return tenant;
    }

    private void commit(TenantRecord tenant, AuditRecord audit) {
        try {
            KafkaProducer<String, byte[]> p = producer();
            p.beginTransaction();
            if (tenant != null) {
                p.send(new ProducerRecord<>(topic, tenant.id(), TENANTS.toBytes(tenant)));
            }
            p.send(new ProducerRecord<>(auditTopic, audit.tenantId() == null ? "-" : audit.tenantId(), AUDIT.toBytes(audit)));
            p.commitTransaction();
        } catch (KafkaException e) {
            // Whatever state the transaction is in, a new producer with the same transactional id fences
            // this one and aborts its open transaction: nothing of this change becomes visible.
            reset();
            throw new Unavailable("could not save the change: Kafka is unavailable", e);
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            KafkaProducer<String, byte[]> created = new KafkaProducer<>(producerProps);
            try {
                created.initTransactions();
            } catch (KafkaException e) {
                created.close(Duration.ZERO);
                throw e;
            }
            producer = created;
        }
        return producer;
    }

    private void reset() {
        if (producer != null) {
            producer.close(Duration.ZERO);
            producer = null;
        }
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close();
            producer = null;
        }
    }
}
