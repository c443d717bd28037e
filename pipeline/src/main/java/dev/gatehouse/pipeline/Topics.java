package dev.gatehouse.pipeline;

import dev.gatehouse.pipeline.config.KafkaConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import dev.gatehouse.scim.limits.Limits;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The topic catalogue (docs/architecture.md, "Topics"): names derived from one prefix, each with explicit
 * partitions, replication, cleanup policy, retention and {@code min.insync.replicas}: the topic
 * configuration as code, reviewed against the cluster at start-up ({@link #reconcile}). An instance, built from config, never static state:
 * the prefix every name starts with, the partitions of the partitioned topics, their replication, and how
 * long the timeline is kept.
 */
public record Topics(String prefix, int partitions, short replication, Duration timelineRetention) {
    /**
     * Every topic's {@code max.message.bytes}, and every producer's {@code max.request.size}: the record
     * budget ({@link Limits#RECORD_BYTES}, key and value) plus room for a one-record batch's framing
     * and headers. Derived from the budget so that nothing the budget allows can be refused by Kafka.
     */
    public static final int MAX_MESSAGE_BYTES = Limits.RECORD_BYTES + 16 * 1024;

    /**
     * Record header naming the one door-system connector a record on access-changes is for: a replay, a
     * resync or a dead letter's redrive. Every other connector skips the record; the named one pushes it
     * even at a version it has already handled.
     */
    public static final String TARGET_CONNECTOR_HEADER = "gatehouse-target-connector";

    /** How long the provisioning-activity topic keeps what the API instances answered. */
    public static final Duration PROVISIONING_ACTIVITY_RETENTION = Duration.ofDays(7);

    /** How long the access-tokens topic keeps a grant. */
    public static final Duration ACCESS_TOKEN_RETENTION = Duration.ofDays(7);

    /** How long the timeline is kept unless {@code GATEHOUSE_TIMELINE_RETENTION_DAYS} says otherwise. */
    public static final Duration DEFAULT_TIMELINE_RETENTION = Duration.ofDays(30);

    /** The catalogue with the default timeline retention. */
    public Topics(String prefix, int partitions, short replication) {
        this(prefix, partitions, replication, DEFAULT_TIMELINE_RETENTION);
    }

    public static Topics from(KafkaConfig config) {
        return new Topics(config.topicPrefix(), config.partitions(), config.replicationFactor(),
                Duration.ofDays(config.timelineRetentionDays()));
    }

    /**
     * The catalogue of {@code config}, reviewed against the cluster first ({@link #reconcile}, up to 30 s):
     * how a service starts on its topics.
     */
    public static Topics reconciled(KafkaConfig config) {
        Topics topics = from(config);
        try (Admin admin = Admin.create(KafkaProps.admin(config))) {
            topics.reconcile(admin, Duration.ofSeconds(30), config.applyTopicDrift());
        }
        return topics;
    }

    /** Organizations: key tenant id, value {@code TenantRecord}; compacted. */
    public String tenants() {
        return prefix + "tenants";
    }

    /** SCIM writes: key tenant id, value {@code Command}; kept forever (audit log, replay source). */
    public String commands() {
        return prefix + "commands";
    }

    /** Answers to commands: key API instance id, value {@code CommandResult}; short retention. */
    public String results() {
        return prefix + "results";
    }

    /** Current users: key tenant/id, value SCIM resource, tombstone on delete; compacted. */
    public String users() {
        return prefix + "users";
    }

    /** Current groups (their own attributes; membership is in the users' "groups"): key tenant/id; compacted. */
    public String groups() {
        return prefix + "groups";
    }

    /** Change events for door systems: key tenant/id, value {@code AccessChange}. */
    public String accessChanges() {
        return prefix + "access-changes";
    }

    /** Changes a connector rejected for good. */
    public String deadLetters() {
        return prefix + "dead-letters";
    }

    /**
     * Commands the processor answered without applying because they could not be read, applying them
     * failed, or they would produce a record past the budget: key tenant id, value
     * {@code CommandDeadLetter}; kept 30 days, like the connectors' dead letters.
     */
    public String commandDeadLetters() {
        return prefix + "command-dead-letters";
    }

    /**
     * What each door system last confirmed per resource: key tenant/resource id/connector, value
     * {@code DoorReceipt}; compacted. Read by the console to show whether door systems are up to date.
     */
    public String doorStatus() {
        return prefix + "door-status";
    }

    /** Administrative actions (who, what, when): key tenant id, value {@code AuditRecord}; kept forever. */
    public String audit() {
        return prefix + "audit";
    }

    /**
     * OAuth access tokens issued to organizations' SCIM clients: key lowercase hex SHA-256 of the
     * token (never the token), value {@code AccessGrant}. Kept a week, past the longest token lifetime
     * (6 hours), so a client's "last used" survives a few days of silence.
     */
    public String accessTokens() {
        return prefix + "access-tokens";
    }

    /**
     * The SCIM calls each API instance answered, per organization, in short spans: key tenant id, value
     * {@code ProvisioningActivity}; kept {@link #PROVISIONING_ACTIVITY_RETENTION}. Every API instance reads
     * all of it for the console's activity and provisioning health.
     */
    public String provisioningActivity() {
        return prefix + "provisioning-activity";
    }

    /**
     * What happened to each person: the SCIM writes that touched them and the door systems' answers, key
     * tenant id (the partition of the tenant's commands), value {@code TimelineEvent}; kept
     * {@link #timelineRetention()}, and materialized by the processor for the admin API.
     */
    public String timeline() {
        return prefix + "timeline";
    }

    /** Every topic with its configuration. */
    public List<TopicSpec> specs() {
        String compact = TopicConfig.CLEANUP_POLICY_COMPACT;
        String delete = TopicConfig.CLEANUP_POLICY_DELETE;
        List<TopicSpec> specs = new ArrayList<>();
        specs.add(spec(tenants(), 1, compact, -1));
        specs.add(spec(commands(), partitions, delete, -1));
        specs.add(spec(results(), partitions, delete, Duration.ofHours(1).toMillis()));
        specs.add(spec(users(), partitions, compact, -1));
        specs.add(spec(groups(), partitions, compact, -1));
        specs.add(spec(accessChanges(), partitions, delete, Duration.ofDays(7).toMillis()));
        specs.add(spec(deadLetters(), partitions, delete, Duration.ofDays(30).toMillis()));
        specs.add(spec(commandDeadLetters(), partitions, delete, Duration.ofDays(30).toMillis()));
        specs.add(spec(doorStatus(), partitions, compact, -1));
        // One partition: the audit log reads in the order the actions were taken.
        specs.add(spec(audit(), 1, delete, -1));
        // One partition: every API instance reads all of it, like the tenants topic.
        specs.add(spec(accessTokens(), 1, delete, ACCESS_TOKEN_RETENTION.toMillis()));
        // One partition: every API instance reads all of it. Every API instance writes it: the broker's append
        // time keeps its timestamps in order for readers.
        specs.add(spec(provisioningActivity(), 1, delete, PROVISIONING_ACTIVITY_RETENTION.toMillis(),
                Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime")));
        // Partitioned as the commands: a tenant's timeline is on the partition of its commands. Two producers
        // write it (the processor, with its commands' times, and access-sync): the broker's append time keeps
        // each partition's timestamps in order for readers, and retention counts from when an event was written.
        specs.add(spec(timeline(), partitions, delete, timelineRetention.toMillis(),
                Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime")));
        return specs;
    }

    private TopicSpec spec(String name, int partitions, String cleanup, long retentionMs) {
        return spec(name, partitions, cleanup, retentionMs, Map.of());
    }

    private TopicSpec spec(String name, int partitions, String cleanup, long retentionMs, Map<String, String> more) {
        Map<String, String> configs = new HashMap<>(more);
        configs.putAll(Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, cleanup,
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(retentionMs),
                TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(minInSyncReplicas(replication)),
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(MAX_MESSAGE_BYTES)));
        return new TopicSpec(name, partitions, replication, configs);
    }

    /**
     * With three or more replicas a write needs two in sync (acks=all), so one broker may fail without
     * losing an acknowledged write or stopping writes; with fewer there is nothing to spare: one.
     */
    static int minInSyncReplicas(short replication) {
        return replication >= 3 ? 2 : 1;
    }

    /** Creates the topics that do not exist yet; existing ones are left as they are. */
    public void ensureCreated(Admin admin, Duration timeout) {
        TopicReview.createMissing(admin, specs(), timeout);
    }

    /**
     * Creates missing topics, then compares existing ones with the catalogue and logs one line per
     * drift; with {@code applyDrift}, configs changed by hand are set back. Partition counts and
     * replication are never changed here (see {@link TopicReview}). Called by each service at start-up.
     */
    public TopicReview.Result reconcile(Admin admin, Duration timeout, boolean applyDrift) {
        TopicReview.Result result = TopicReview.review(admin, specs(), timeout);
        TopicReview.Result after = applyDrift ? TopicReview.apply(admin, result, false, timeout) : result;
        after.log();
        return after;
    }
}
