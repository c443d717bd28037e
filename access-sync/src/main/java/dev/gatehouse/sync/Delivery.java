package dev.gatehouse.sync;

import static dev.gatehouse.pipeline.observe.LogKeys.COMMAND_ID;
import static dev.gatehouse.pipeline.observe.LogKeys.REQUEST_ID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.gatehouse.contract.AccessChange;
import dev.gatehouse.pipeline.JsonSerde;
import dev.gatehouse.pipeline.KafkaProps;
import dev.gatehouse.pipeline.Topics;
import dev.gatehouse.scim.ScimJson;
import dev.gatehouse.sync.connector.DoorConnector;
import dev.gatehouse.sync.connector.PushOutcome;
import dev.gatehouse.sync.store.AppliedVersions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Delivers access changes (topic access-changes, key tenant/id, value {@link AccessChange}) to one
 * connector, with a consumer group of its own, {@code gatehouse-access-sync-<connector name>}, so one
 * door system's outage never delays another.
 *
 * <p>Records read go into a {@link Backlog}: only the newest state of each resource is pushed, and
 * revocations (deleted, {@code active=false}) go before ordinary updates. Between two pushes the
 * consumer polls without waiting, so a revocation produced behind a long backlog is seen and pushed
 * after at most a few pushes. The {@link AppliedVersions} store skips duplicates and older states,
 * also after a restart. A push to retry (the system down, 429) blocks this connector for an
 * exponential, jittered backoff or the system's Retry-After; polling goes on meanwhile (so the group
 * membership holds and new revocations still queue up first), up to {@link #MAX_BACKLOG} resources,
 * past which the partitions are paused. A rejected change goes to the dead-letters topic. Offsets
 * are committed every {@link #COMMIT_EVERY} up to the first record not done with.
 */
final class Delivery implements Runnable, ConsumerRebalanceListener {
    /** Record header naming the one connector a replayed or redriven change is for. */
    static final String TARGET_HEADER = Topics.TARGET_CONNECTOR_HEADER;
    static final int MAX_BACKLOG = 100_000;
    private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);
    private static final JsonSerde<AccessChange> SERDE = JsonSerde.of(AccessChange.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration COMMIT_EVERY = Duration.ofMillis(500);
    private static final Duration REFRESH_EVERY = Duration.ofMinutes(1);

    private final DoorConnector connector;
    private final KafkaConsumer<String, byte[]> consumer;
    private final DeadLetters deadLetters;
    private final DoorReceipts receipts;
    private final Topics topics;
    private final AppliedVersions versions;
    private final Backlog backlog = new Backlog();
    private final SyncMetrics metrics;
    private volatile boolean running = true;
    private volatile boolean stopped;
    /** While set and in the future, no push is made: the last one is to be retried. */
    private Instant blockedUntil;
    private Instant lastCommit = Instant.now();
    private boolean paused;
    private Instant lastRefresh = Instant.EPOCH;

    Delivery(SyncConfig config, DoorConnector connector, DeadLetters deadLetters, DoorReceipts receipts) {
        this(config, connector, deadLetters, receipts, SyncMetrics.NONE);
    }

    Delivery(SyncConfig config, DoorConnector connector, DeadLetters deadLetters, DoorReceipts receipts,
            SyncMetrics metrics) {
        this.metrics = metrics;
        this.connector = connector;
        this.deadLetters = deadLetters;
        this.receipts = receipts;
        this.topics = Topics.from(config.kafka());
        Map<String, Object> props = KafkaProps.consumer(config.kafka(), "access-sync-" + connector.name(),
                "gatehouse-access-sync-" + connector.name());
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
        // The broker holds an empty fetch up to this long: a revocation produced while the consumer
        // waits would sit out the default 500 ms. 100 ms bounds that for 10 idle fetches a second.
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        this.consumer = new KafkaConsumer<>(props);
        this.versions = AppliedVersions.open(config.dataDir(), connector.name());
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topics.accessChanges()), this);
            while (running) {
                long blockedFor = blockedUntil == null ? 0 : Duration.between(Instant.now(), blockedUntil).toMillis();
                Duration wait = blockedFor > 0 ? Duration.ofMillis(Math.min(blockedFor, POLL.toMillis()))
                        : backlog.isEmpty() ? POLL : Duration.ZERO;
                absorb(consumer.poll(wait));
                flowControl();
                if (blockedFor <= 0) {
                    blockedUntil = null;
                    Backlog.Entry next = backlog.next();
                    if (next != null) {
                        handle(next);
                    }
                }
                commit(false);
            }
        } catch (WakeupException e) {
            // close() was called
        } catch (RuntimeException e) {
            LOG.error("delivery to {} stopped", connector.name(), e);
        } finally {
            try {
                commit(true);
            } catch (RuntimeException e) {
                LOG.warn("last commit of {} failed: {}", connector.name(), e.toString());
            }
            stopped = true;
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            versions.close();
            connector.close();
        }
    }

    private void absorb(ConsumerRecords<String, byte[]> records) {
        for (ConsumerRecord<String, byte[]> record : records) {
            Header target = record.headers().lastHeader(TARGET_HEADER);
            String targetName = target == null ? null : new String(target.value(), StandardCharsets.UTF_8);
            if (targetName != null && !targetName.equals(connector.name())) {
                backlog.skip(record); // a replay or redrive for another connector
                continue;
            }
            AccessChange change;
            try {
                change = SERDE.fromBytes(record.value());
            } catch (SerializationException e) {
                backlog.add(record, null, false); // dead-lettered when its turn comes
                continue;
            }
            if (change == null || !connector.serves(change.tenantId())) {
                backlog.skip(record); // a tombstone, or another organization's change
                continue;
            }
            if (targetName != null && Duration.between(lastRefresh, Instant.now()).compareTo(REFRESH_EVERY) > 0) {
                // A replay or redrive for us: the door system may hold something else than we think
                // (restored from a backup, edited by hand), so any cached view of it is read again.
                connector.refresh();
                lastRefresh = Instant.now();
            }
            backlog.add(record, change, targetName != null);
        }
    }

    /** Pauses reading while the backlog is full, so memory stays bounded during a long outage. */
    private void flowControl() {
        if (!paused && backlog.size() >= MAX_BACKLOG) {
            consumer.pause(consumer.assignment());
            paused = true;
        } else if (paused && backlog.size() < MAX_BACKLOG / 2) {
            consumer.resume(consumer.paused());
            paused = false;
        }
    }

    private void handle(Backlog.Entry entry) {
        int attempts = ++entry.attempts;
        AccessChange change = entry.change;
        if (change == null) {
            // A record no connector can read would block its partition for ever: dead-letter it as is.
            finish(entry, deadLetter(entry, raw(entry.record.value()), "not an access change"), Optional.empty());
            return;
        }
        if (versions.isStale(change, entry.force)) {
            finish(entry, true, Optional.empty()); // a duplicate or an older state
            return;
        }
        PushOutcome outcome;
        // The push and its log line carry the ids of the request and command that caused the change.
        if (change.requestId() != null) {
            MDC.put(REQUEST_ID, change.requestId());
        }
        MDC.put(COMMAND_ID, change.commandId());
        try {
            long started = System.nanoTime();
            outcome = push(change, entry.record.value());
            metrics.pushed(outcome, System.nanoTime() - started);
            log(change, outcome, attempts);
        } finally {
            MDC.remove(REQUEST_ID);
            MDC.remove(COMMAND_ID);
        }
        if (outcome instanceof PushOutcome.RetryLater retry) {
            receipts.retrying(change, connector.name(), retry.reason());
            finish(entry, false, retry.after());
        } else if (outcome instanceof PushOutcome.Rejected rejected) {
            JsonNode body = ScimJson.mapper().valueToTree(change);
            boolean lettered = deadLetter(entry, body, rejected.reason());
            if (lettered) {
                receipts.record(change, connector.name(), false, rejected.reason());
            }
            finish(entry, lettered, Optional.empty());
        } else {
            receipts.record(change, connector.name(), true, null);
            finish(entry, true, Optional.empty());
        }
    }

    /** Records a finished change, or blocks this connector until the next attempt. */
    private void finish(Backlog.Entry entry, boolean done, Optional<Duration> requested) {
        if (!done) {
            blockedUntil = Instant.now().plus(Backoff.delay(entry.attempts, requested));
            return;
        }
        if (entry.change != null) {
            versions.record(entry.change);
        }
        backlog.done(entry);
    }

    private PushOutcome push(AccessChange change, byte[] encoded) {
        try {
            return connector.push(change, encoded);
        } catch (RuntimeException e) {
            // Outcomes are values; a connector that throws anyway has a bug or an unforeseen failure,
            // and neither is a reason to drop the change.
            return new PushOutcome.RetryLater(Optional.empty(), "connector failed: " + e);
        }
    }

    private boolean deadLetter(Backlog.Entry entry, JsonNode change, String error) {
        boolean written = deadLetters.write(entry.record.key(), change, connector.name(), error, entry.attempts);
        if (written) {
            metrics.deadLettered();
        }
        return written;
    }

    private void log(AccessChange change, PushOutcome outcome, int attempts) {
        // Ids, version and outcome only: never the state (personal data) nor anything secret.
        if (outcome instanceof PushOutcome.Applied) {
            LOG.debug("push {} event={} tenant={} {}={} version={} attempt={} applied", connector.name(),
                    change.eventId(), change.tenantId(), change.resourceType(), change.resourceId(),
                    change.version(), attempts);
        } else {
            LOG.warn("push {} event={} tenant={} {}={} version={} attempt={} outcome={}", connector.name(),
                    change.eventId(), change.tenantId(), change.resourceType(), change.resourceId(),
                    change.version(), attempts, outcome);
        }
    }

    private void commit(boolean now) {
        if (!now && Duration.between(lastCommit, Instant.now()).compareTo(COMMIT_EVERY) < 0) {
            return;
        }
        lastCommit = Instant.now();
        measureLag();
        Map<TopicPartition, OffsetAndMetadata> offsets = backlog.committable();
        offsets.keySet().retainAll(consumer.assignment());
        if (!offsets.isEmpty()) {
            consumer.commitSync(offsets);
            backlog.committed(offsets);
        }
    }

    /**
     * The connector's lag: per owned partition, what the consumer has not read yet (its own view of the
     * end offset, no broker call) plus what it read but has not finished with.
     */
    private void measureLag() {
        long lag = 0;
        for (TopicPartition partition : consumer.assignment()) {
            OptionalLong unread = consumer.currentLag(partition);
            lag += (unread.isPresent() ? unread.getAsLong() : 0) + backlog.unfinished(partition);
        }
        metrics.lag(lag);
    }

    /** The consumer, for binding its client metrics; only its thread-safe metrics() may be used. */
    KafkaConsumer<String, byte[]> consumer() {
        return consumer;
    }

    /** Whether the delivery loop still runs (it stops on close or on an unexpected failure). */
    boolean running() {
        return running && !stopped;
    }

    private static JsonNode raw(byte[] value) {
        if (value == null) {
            return TextNode.valueOf("");
        }
        try {
            return ScimJson.mapper().readTree(value);
        } catch (IOException e) {
            return TextNode.valueOf(new String(value, StandardCharsets.UTF_8));
        }
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        if (paused) {
            consumer.pause(partitions);
        }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        // Commit what is done before another consumer takes over, then forget the rest: the new
        // owner reads it again from that commit.
        Map<TopicPartition, OffsetAndMetadata> offsets = backlog.committable();
        Set<TopicPartition> revoked = new HashSet<>(partitions);
        offsets.keySet().retainAll(revoked);
        if (!offsets.isEmpty()) {
            try {
                consumer.commitSync(offsets);
            } catch (RuntimeException e) {
                LOG.warn("commit on revocation of {} failed: {}", connector.name(), e.toString());
            }
        }
        backlog.drop(revoked);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        backlog.drop(partitions);
    }

    void stop() {
        running = false;
        consumer.wakeup();
    }
}
