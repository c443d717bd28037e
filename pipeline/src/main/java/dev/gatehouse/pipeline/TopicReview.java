package dev.gatehouse.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares the cluster's topics with the catalogue ({@link Topics#specs()}), property by property, and
 * resolves what can safely be resolved.
 *
 * <p>What is applied: missing topics are created; a topic config that differs (retention or
 * cleanup.policy changed by hand) is set back with {@code incrementalAlterConfigs}. What is only
 * reported: more partitions than wanted (Kafka cannot reduce them), a different replication factor
 * (a reassignment is an operator's job), and fewer partitions than wanted unless explicitly asked
 * for: every tenant-keyed topic routes a tenant by {@code hash(key) % partitions}, so adding
 * partitions moves tenants to other partitions mid-stream, away from their processor store's task and
 * behind their own older commands. Only {@code gatehouse topics --apply --increase-partitions} does it.
 */
public final class TopicReview {
    private static final Logger LOG = LoggerFactory.getLogger(TopicReview.class);
    static final String EXISTS = "exists";
    static final String PARTITIONS = "partitions";
    static final String REPLICATION = "replication";

    private TopicReview() {
    }

    /** Where a property stands. */
    public enum Status { OK, DRIFT, APPLIED, CREATED }

    /** One property of one topic: what the catalogue wants and what the cluster has. */
    public record Row(String topic, String property, String wanted, String actual, Status status) {
        Row with(Status next) {
            return new Row(topic, property, wanted, actual, next);
        }
    }

    /** The review of every catalogued topic. */
    public record Result(List<TopicSpec> specs, List<Row> rows) {
        public Result {
            specs = List.copyOf(specs);
            rows = List.copyOf(rows);
        }

        /** Drift still there after this review (and any apply). */
        public List<Row> unresolved() {
            return rows.stream().filter(r -> r.status() == Status.DRIFT).toList();
        }

        /** A table, wanted vs actual, one property per line. */
        public String table() {
            StringBuilder out = new StringBuilder(String.format("%-36s %-20s %-14s %-14s %s%n",
                    "topic", "property", "wanted", "actual", "status"));
            for (Row r : rows) {
                out.append(String.format("%-36s %-20s %-14s %-14s %s%n", r.topic(), r.property(), r.wanted(),
                        r.actual(), r.status() == Status.DRIFT ? "DRIFT: " + why(r) : r.status()));
            }
            return out.toString();
        }

        /** One log line per property not as wanted: WARN while unresolved, INFO once applied. */
        public void log() {
            for (Row r : rows) {
                switch (r.status()) {
                    case DRIFT -> LOG.warn("topic drift: {} {} is {}, the catalogue wants {}; {}",
                            r.topic(), r.property(), r.actual(), r.wanted(), why(r));
                    case APPLIED -> LOG.info("topic drift applied: {} {} set to {} (was {})",
                            r.topic(), r.property(), r.wanted(), r.actual());
                    case CREATED -> LOG.info("topic created: {}", r.topic());
                    default -> { }
                }
            }
        }
    }

    static String why(Row r) {
        return switch (r.property()) {
            case EXISTS -> "create it with gatehouse topics --apply";
            case REPLICATION -> "change it with a partition reassignment (kafka-reassign-partitions.sh)";
            case PARTITIONS -> Integer.parseInt(r.actual()) > Integer.parseInt(r.wanted())
                    ? "Kafka cannot reduce partitions: set GATEHOUSE_PARTITIONS to match, or migrate to a new topic"
                    : "adding partitions moves tenants to other partitions: gatehouse topics --apply --increase-partitions";
            default -> "set GATEHOUSE_TOPIC_DRIFT=apply or run gatehouse topics --apply to set it back";
        };
    }

    /** Reads the cluster's topics and compares them with {@code specs}; changes nothing. */
    public static Result review(Admin admin, List<TopicSpec> specs, Duration timeout) {
        Set<String> existing = get(admin.listTopics().names(), timeout);
        List<String> present = specs.stream().map(TopicSpec::name).filter(existing::contains).toList();
        Map<String, TopicDescription> descriptions = present.isEmpty() ? Map.of()
                : get(admin.describeTopics(present).allTopicNames(), timeout);
        List<ConfigResource> resources = present.stream()
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
        Map<ConfigResource, Config> configs = resources.isEmpty() ? Map.of()
                : get(admin.describeConfigs(resources).all(), timeout);
        List<Row> rows = new ArrayList<>();
        for (TopicSpec spec : specs) {
            if (!existing.contains(spec.name())) {
                rows.add(new Row(spec.name(), EXISTS, "yes", "no", Status.DRIFT));
                continue;
            }
            TopicDescription description = descriptions.get(spec.name());
            int partitions = description.partitions().size();
            int replication = description.partitions().stream().mapToInt(p -> p.replicas().size()).min().orElse(0);
            rows.add(row(spec.name(), PARTITIONS, spec.partitions(), partitions));
            rows.add(row(spec.name(), REPLICATION, spec.replication(), replication));
            Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()));
            for (Map.Entry<String, String> wanted : new TreeMap<>(spec.configs()).entrySet()) {
                ConfigEntry entry = config.get(wanted.getKey());
                String actual = entry == null || entry.value() == null ? "(unset)" : entry.value();
                rows.add(new Row(spec.name(), wanted.getKey(), wanted.getValue(), actual,
                        actual.equals(wanted.getValue()) ? Status.OK : Status.DRIFT));
            }
        }
        return new Result(specs, rows);
    }

    private static Row row(String topic, String property, int wanted, int actual) {
        return new Row(topic, property, Integer.toString(wanted), Integer.toString(actual),
                wanted == actual ? Status.OK : Status.DRIFT);
    }

    /**
     * Resolves what {@code review} found: creates missing topics, sets drifted configs back and, only
     * with {@code increasePartitions}, raises partition counts that are too low. The rest stays drift.
     */
    public static Result apply(Admin admin, Result review, boolean increasePartitions, Duration timeout) {
        Map<String, TopicSpec> specs = new HashMap<>();
        review.specs().forEach(s -> specs.put(s.name(), s));
        List<TopicSpec> missing = new ArrayList<>();
        Map<ConfigResource, Collection<AlterConfigOp>> alter = new LinkedHashMap<>();
        Map<String, NewPartitions> grow = new LinkedHashMap<>();
        List<Row> rows = new ArrayList<>();
        for (Row r : review.rows()) {
            if (r.status() != Status.DRIFT) {
                rows.add(r);
            } else if (r.property().equals(EXISTS)) {
                missing.add(specs.get(r.topic()));
                rows.add(r.with(Status.CREATED));
            } else if (r.property().equals(PARTITIONS) && increasePartitions
                    && Integer.parseInt(r.actual()) < Integer.parseInt(r.wanted())) {
                grow.put(r.topic(), NewPartitions.increaseTo(Integer.parseInt(r.wanted())));
                rows.add(r.with(Status.APPLIED));
            } else if (r.property().equals(PARTITIONS) || r.property().equals(REPLICATION)) {
                rows.add(r);
            } else {
                alter.computeIfAbsent(new ConfigResource(ConfigResource.Type.TOPIC, r.topic()), k -> new ArrayList<>())
                        .add(new AlterConfigOp(new ConfigEntry(r.property(), r.wanted()), AlterConfigOp.OpType.SET));
                rows.add(r.with(Status.APPLIED));
            }
        }
        create(admin, missing, timeout);
        if (!alter.isEmpty()) {
            get(admin.incrementalAlterConfigs(alter).all(), timeout);
            awaitConfigs(admin, alter, timeout);
        }
        if (!grow.isEmpty()) {
            get(admin.createPartitions(grow).all(), timeout);
            Map<String, Integer> counts = new HashMap<>();
            grow.forEach((topic, increase) -> counts.put(topic, increase.totalCount()));
            awaitServed(admin, counts, timeout);
        }
        return new Result(review.specs(), rows);
    }

    /**
     * Creates those of {@code specs} that do not exist yet, and returns once each of their partitions
     * is served; existing ones are left as they are.
     */
    public static void createMissing(Admin admin, List<TopicSpec> specs, Duration timeout) {
        Set<String> existing = new HashSet<>(get(admin.listTopics().names(), timeout));
        create(admin, specs.stream().filter(s -> !existing.contains(s.name())).toList(), timeout);
    }

    private static void create(Admin admin, List<TopicSpec> specs, Duration timeout) {
        if (specs.isEmpty()) {
            return;
        }
        List<NewTopic> topics = specs.stream()
                .map(s -> new NewTopic(s.name(), s.partitions(), s.replication()).configs(s.configs()))
                .toList();
        try {
            admin.createTopics(topics).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            // Another service created it at the same moment: that is what was wanted.
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create Gatehouse topics", e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("could not create Gatehouse topics within " + timeout, e);
        }
        Map<String, Integer> created = new HashMap<>();
        specs.forEach(s -> created.put(s.name(), 1)); // as many as it has: another creator may have made it
        awaitServed(admin, created, timeout);
    }

    /**
     * The controller answers a creation before the broker serves what it created: a new partition's
     * leader shows in the metadata a moment before that broker has taken the partition on, and a write
     * sent in between is refused (NOT_LEADER_OR_FOLLOWER). An idempotent producer with batches in
     * flight can have its first batch refused and the next ones written; it then retries the first
     * out of sequence until its delivery timeout, two minutes. So a creation or a partition increase
     * returns only once each topic of {@code atLeast} shows at least that many partitions and every one
     * of them answers from its leader (a ListOffsets, which the leader serves as it serves a write): a
     * producer or consumer started right after finds each partition served.
     */
    private static void awaitServed(Admin admin, Map<String, Integer> atLeast, Duration timeout) {
        awaitMetadata(() -> served(admin, atLeast, timeout), timeout, atLeast.keySet());
    }

    /** Whether each topic has its partitions and each partition's leader answers; false while not yet. */
    private static boolean served(Admin admin, Map<String, Integer> atLeast, Duration timeout) {
        try {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (TopicDescription topic : admin.describeTopics(atLeast.keySet()).allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).values()) {
                if (topic.partitions().size() < atLeast.get(topic.name())) {
                    return false;
                }
                topic.partitions().forEach(p ->
                        latest.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest()));
            }
            admin.listOffsets(latest).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RetriableException) {
                return false; // not in the broker's metadata yet, or not led yet
            }
            throw new IllegalStateException("topic review failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reviewing topics", e);
        } catch (TimeoutException e) {
            return false;
        }
    }

    /** As {@link #awaitServed}, for changed configs. */
    private static void awaitConfigs(Admin admin, Map<ConfigResource, Collection<AlterConfigOp>> set, Duration timeout) {
        awaitMetadata(() -> get(admin.describeConfigs(set.keySet()).all(), timeout).entrySet().stream()
                .allMatch(e -> set.get(e.getKey()).stream().allMatch(op -> {
                    ConfigEntry now = e.getValue().get(op.configEntry().name());
                    return now != null && op.configEntry().value().equals(now.value());
                })), timeout, set.keySet().stream().map(ConfigResource::name).toList());
    }

    private static void awaitMetadata(java.util.function.BooleanSupplier done, Duration timeout, Collection<String> names) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topic changes not in effect within " + timeout + ": " + names);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while creating topics", e);
            }
        }
    }

    private static <T> T get(KafkaFuture<T> future, Duration timeout) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reviewing topics", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("topic review failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("topic review did not finish within " + timeout, e);
        }
    }
}
