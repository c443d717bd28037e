package dev.gatehouse.api.activity;

import dev.gatehouse.api.config.ApiConfig;
import dev.gatehouse.api.read.TopicFollower;
import dev.gatehouse.contract.ProvisioningActivity;
import dev.gatehouse.contract.ProvisioningActivity.Call;
import dev.gatehouse.pipeline.JsonSerde;
import dev.gatehouse.pipeline.KafkaProps;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every organization's SCIM activity as all API instances answered it: what this instance answers is
 * recorded at once and published every {@link #PUBLISH_EVERY} on the provisioning-activity topic;
 * what the other instances published (and this instance before a restart) is read from it. So the
 * console's activity, "when did the identity provider last call" and the failure counts of provisioning
 * health are the same on every instance and survive restarts. An instance reads back the last
 * {@link #COUNTED} at start (the topic keeps a week, for consumers), so it knows of no older call.
 *
 * <p>Bounded per organization: the newest {@link #RECENT} calls, the newest {@link #FAILURES} failures
 * and counts per {@link #BUCKET} for {@link #COUNTED}. Publishing is best effort: a span that cannot be written
 * within the producer's bound is dropped with a warning (the calls were answered; only their record is
 * lost), never retried in a way that could grow memory.
 */
public final class ActivityFeed implements AutoCloseable {
    static final int RECENT = 200;
    static final int FAILURES = 50;
    /** Calls are counted in buckets of this length, for {@link #COUNTED} back. */
    static final Duration BUCKET = Duration.ofMinutes(5);
    static final Duration COUNTED = Duration.ofHours(24);
    /** Buckets a tenant's counts span; computed once ({@code Duration.dividedBy} divides BigDecimals). */
    private static final long COUNTED_BUCKETS = COUNTED.dividedBy(BUCKET);
    static final Duration PUBLISH_EVERY = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(ActivityFeed.class);
    private static final JsonSerde<ProvisioningActivity> SERDE = JsonSerde.of(ProvisioningActivity.class);
    private static final Comparator<Call> NEWEST_FIRST = Comparator.comparing(Call::at).reversed();

    private final String instanceId;
    private final Instant startedAt;
    private final Clock clock;
    private final Map<String, Tenant> tenants = new ConcurrentHashMap<>();
    /** What this instance answered since its last publication, per organization. */
    private final Map<String, Span> pending = new HashMap<>();
    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final ScheduledExecutorService publisher;
    private TopicFollower follower;

    /** {@code producer} null: nothing is published (unit tests of the merging). */
    ActivityFeed(String instanceId, Clock clock, KafkaProducer<String, byte[]> producer, String topic) {
        this.instanceId = instanceId;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.topic = topic;
        this.producer = producer;
        this.publisher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "activity-publisher");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts reading and publishing {@code topic}. */
    public static ActivityFeed start(ApiConfig config, String topic) {
        ActivityFeed feed = new ActivityFeed(config.instanceId(), Clock.systemUTC(), new KafkaProducer<>(
                KafkaProps.boundedProducer(config.kafka(), config.instanceId() + "-activity", Duration.ofSeconds(10))), topic);
        // Only the counted period is read back: the topic keeps a week, which every start would otherwise replay.
        feed.follower = TopicFollower.start(config, topic, "provisioning-activity", ProvisioningActivity.class,
                Optional.of(feed.startedAt.minus(COUNTED)), (key, value) -> feed.apply(value));
        long every = PUBLISH_EVERY.toMillis();
        feed.publisher.scheduleWithFixedDelay(feed::publish, every, every, TimeUnit.MILLISECONDS);
        return feed;
    }

    /** Records a call this instance answered: in the organization's activity at once, and published soon. */
    public void record(String tenantId, Call call) {
        tenant(tenantId).add(call);
        synchronized (pending) {
            pending.computeIfAbsent(tenantId, t -> new Span()).add(call);
        }
    }

    /** The newest calls of an organization, newest first. */
    public List<Call> latest(String tenantId, int limit) {
        Tenant tenant = tenants.get(tenantId);
        return tenant == null ? List.of() : tenant.recent(limit);
    }

    /** What provisioning health reports of an organization's identity provider. */
    public Summary summary(String tenantId) {
        Tenant tenant = tenants.get(tenantId);
        return tenant == null ? new Summary(Optional.empty(), new Counts(0, 0), new Counts(0, 0), List.of())
                : tenant.summary(clock.instant());
    }

    /** Calls and failures over a period. */
    public record Counts(int calls, int failures) {
    }

    /**
     * @param lastCallAt     the newest call any instance answered, if any within the retention
     * @param lastHour       calls and failures in the last hour
     * @param lastDay        and in the last 24 hours
     * @param recentFailures the newest failures, newest first
     */
    public record Summary(Optional<Instant> lastCallAt, Counts lastHour, Counts lastDay, List<Call> recentFailures) {
    }

    /** The kind of a SCIM call, from its method and its path under {@code /scim/v2}. */
    public static String operation(String method, String resource) {
        String lower = resource.toLowerCase(Locale.ROOT);
        if (lower.equals(".search") || lower.endsWith("/.search")) {
            return "list"; // RFC 7644 §3.4.3: a query, though sent with POST
        }
        boolean onResource = resource.indexOf('/') > 0;
        String type = onResource ? resource.substring(0, resource.indexOf('/')) : resource;
        if (!type.equalsIgnoreCase("Users") && !type.equalsIgnoreCase("Groups")) {
            return "discovery";
        }
        return switch (method) {
            case "POST" -> "create";
            case "PUT" -> "replace";
            case "PATCH" -> "update";
            case "DELETE" -> "delete";
            default -> onResource ? "read" : "list";
        };
    }

    private Tenant tenant(String tenantId) {
        return tenants.computeIfAbsent(tenantId, t -> new Tenant());
    }

    /** A published span: this instance's since it started are in memory already. */
    void apply(ProvisioningActivity activity) {
        if (activity == null || activity.tenantId() == null
                || instanceId.equals(activity.instanceId()) && !activity.to().isBefore(startedAt)) {
            return;
        }
        tenant(activity.tenantId()).add(activity);
    }

    /** The record the next publication would write for an organization (tests). */
    ProvisioningActivity pendingSpan(String tenantId) {
        synchronized (pending) {
            Span span = pending.get(tenantId);
            return span == null ? null : span.toRecord(tenantId, instanceId);
        }
    }

    /** Publishes what was answered since the last time, one record per organization. */
    void publish() {
        Map<String, Span> spans;
        synchronized (pending) {
            if (pending.isEmpty() || producer == null) {
                return;
            }
            spans = new HashMap<>(pending);
            pending.clear();
        }
        spans.forEach((tenantId, span) -> {
            ProvisioningActivity record = span.toRecord(tenantId, instanceId);
            try {
                producer.send(new ProducerRecord<>(topic, tenantId, SERDE.toBytes(record)), (metadata, error) -> {
                    if (error != null) {
                        LOG.warn("the activity of {} calls of organization {} could not be published: {}",
                                record.calls(), tenantId, error.toString());
                    }
                });
            } catch (KafkaException e) {
                LOG.warn("the activity of organization {} could not be published: {}", tenantId, e.toString());
            }
        });
    }

    @Override
    public void close() {
        publisher.shutdown();
        try {
            publisher.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        publish();
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        if (follower != null) {
            follower.close();
        }
    }

    /** The calls one instance answered for one organization since its last publication. */
    private static final class Span {
        private final List<Call> entries = new ArrayList<>();
        private Instant from;
        private Instant to;
        private int calls;
        private int failures;

        void add(Call call) {
            from = from == null || call.at().isBefore(from) ? call.at() : from;
            to = to == null || call.at().isAfter(to) ? call.at() : to;
            calls++;
            failures += call.failed() ? 1 : 0;
            entries.add(call);
        }

        /** Every failure first, then the newest successes, up to the record's limit; newest first. */
        ProvisioningActivity toRecord(String tenantId, String instanceId) {
            List<Call> kept = new ArrayList<>(entries.stream().filter(Call::failed).sorted(NEWEST_FIRST)
                    .limit(ProvisioningActivity.MAX_ENTRIES).toList());
            entries.stream().filter(c -> !c.failed()).sorted(NEWEST_FIRST)
                    .limit(ProvisioningActivity.MAX_ENTRIES - kept.size()).forEach(kept::add);
            kept.sort(NEWEST_FIRST);
            return new ProvisioningActivity(tenantId, instanceId, from, to, calls, failures, kept);
        }
    }

    /** One organization's merged activity. */
    private static final class Tenant {
        private final List<Call> recent = new ArrayList<>();
        private final List<Call> failures = new ArrayList<>();
        /** Start of the bucket → calls and failures. */
        private final Map<Instant, int[]> buckets = new HashMap<>();
        private Instant lastCallAt;

        synchronized void add(Call call) {
            keep(recent, call, RECENT);
            if (call.failed()) {
                keep(failures, call, FAILURES);
            }
            count(call.at(), 1, call.failed() ? 1 : 0);
        }

        synchronized void add(ProvisioningActivity activity) {
            for (Call call : activity.entries()) {
                keep(recent, call, RECENT);
                if (call.failed()) {
                    keep(failures, call, FAILURES);
                }
            }
            // A span's counts go to the bucket it ended in: spans last a few seconds.
            count(activity.to(), activity.calls(), activity.failures());
        }

        private void count(Instant at, int calls, int failed) {
            int[] bucket = buckets.computeIfAbsent(bucketOf(at), b -> new int[2]);
            bucket[0] += calls;
            bucket[1] += failed;
            Instant oldest = bucketOf(at).minus(COUNTED);
            if (buckets.size() > COUNTED_BUCKETS + 1) {
                buckets.keySet().removeIf(start -> start.isBefore(oldest));
            }
            lastCallAt = lastCallAt == null || at.isAfter(lastCallAt) ? at : lastCallAt;
        }

        private static Instant bucketOf(Instant at) {
            long size = BUCKET.toMillis();
            return Instant.ofEpochMilli(Math.floorDiv(at.toEpochMilli(), size) * size);
        }

        /** Adds {@code call} in time order (newest first), keeping the newest {@code max}. */
        private static void keep(List<Call> calls, Call call, int max) {
            int at = 0;
            while (at < calls.size() && !calls.get(at).at().isBefore(call.at())) {
                at++;
            }
            if (at < max) {
                calls.add(at, call);
                if (calls.size() > max) {
                    calls.remove(calls.size() - 1);
                }
            }
        }

        synchronized List<Call> recent(int limit) {
            return List.copyOf(recent.subList(0, Math.min(limit, recent.size())));
        }

        /** Counts over the buckets that end within the period (so "the last hour" is up to one bucket longer). */
        synchronized Summary summary(Instant now) {
            int[] hour = new int[2];
            int[] day = new int[2];
            buckets.forEach((start, counts) -> {
                Instant end = start.plus(BUCKET);
                if (end.isAfter(now.minus(Duration.ofHours(1)))) {
                    hour[0] += counts[0];
                    hour[1] += counts[1];
                }
                if (end.isAfter(now.minus(COUNTED))) {
                    day[0] += counts[0];
                    day[1] += counts[1];
                }
            });
            return new Summary(Optional.ofNullable(lastCallAt), new Counts(hour[0], hour[1]), new Counts(day[0], day[1]),
                    List.copyOf(failures.subList(0, Math.min(10, failures.size()))));
        }
    }
}
