package dev.gatehouse.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.gatehouse.pipeline.KafkaProps;
import dev.gatehouse.pipeline.TopicReview.Row;
import dev.gatehouse.pipeline.TopicReview.Status;
import dev.gatehouse.pipeline.TopicReview;
import dev.gatehouse.pipeline.TopicSpec;
import dev.gatehouse.pipeline.Topics;
import dev.gatehouse.pipeline.config.KafkaConfig;
import dev.gatehouse.testkit.TestKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Topic configuration as code on a real broker: drift is found, applied where safe, reported otherwise. */
class TopicReviewIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private KafkaConfig config;
    private Topics topics;
    private Admin admin;

    @BeforeEach
    void createTopics() {
        config = KafkaConfig.from(TestKafka.settings());
        topics = Topics.from(config);
        admin = Admin.create(KafkaProps.admin(config));
    }

    @AfterEach
    void closeAdmin() {
        admin.close();
    }

    @Test
    void freshTopicsMatchTheCatalogue() {
        TopicReview.Result result = topics.reconcile(admin, TIMEOUT, false);
        assertThat(result.unresolved()).isEmpty();
        assertThat(result.rows()).extracting(Row::property)
                .contains("partitions", "replication", "cleanup.policy", "retention.ms", "min.insync.replicas");
    }

    @Test
    void configsChangedByHandAreReportedThenSetBack() throws Exception {
        alter(topics.results(), "retention.ms", "60000");
        alter(topics.users(), "cleanup.policy", "delete");

        TopicReview.Result reported = topics.reconcile(admin, TIMEOUT, false);
        assertThat(reported.unresolved()).extracting(Row::topic, Row::property, Row::wanted, Row::actual).containsExactly(
                org.assertj.core.groups.Tuple.tuple(topics.results(), "retention.ms", "3600000", "60000"),
                org.assertj.core.groups.Tuple.tuple(topics.users(), "cleanup.policy", "compact", "delete"));
        assertThat(config(topics.results(), "retention.ms")).as("report mode changes nothing").isEqualTo("60000");

        TopicReview.Result applied = topics.reconcile(admin, TIMEOUT, true);
        assertThat(applied.unresolved()).isEmpty();
        assertThat(applied.rows()).filteredOn(r -> r.status() == Status.APPLIED).hasSize(2);
        assertThat(config(topics.results(), "retention.ms")).isEqualTo("3600000");
        assertThat(config(topics.users(), "cleanup.policy")).isEqualTo("compact");
        assertThat(topics.reconcile(admin, TIMEOUT, false).unresolved()).isEmpty();
    }

    @Test
    void missingTopicsAreCreatedOnApply() {
        Topics fresh = new Topics(config.topicPrefix() + "fresh.", 2, (short) 1);
        TopicReview.Result review = TopicReview.review(admin, fresh.specs(), TIMEOUT);
        assertThat(review.unresolved()).extracting(Row::property).containsOnly("exists").hasSize(fresh.specs().size());
        TopicReview.Result applied = TopicReview.apply(admin, review, false, TIMEOUT);
        assertThat(applied.unresolved()).isEmpty();
        assertThat(TopicReview.review(admin, fresh.specs(), TIMEOUT).unresolved()).isEmpty();
    }

    @Test
    void partitionsAreRaisedOnlyWhenAskedAndNeverReduced() throws Exception {
        // The topics were created with 2 partitions; the catalogue now wants 3 (tenant-keyed) …
        Topics more = new Topics(config.topicPrefix(), 3, (short) 1);
        TopicReview.Result startUp = more.reconcile(admin, TIMEOUT, true);
        assertThat(startUp.unresolved()).extracting(Row::property).containsOnly("partitions");
        assertThat(partitions(more.commands())).as("a service never moves tenants by itself").isEqualTo(2);

        TopicReview.Result asked = TopicReview.apply(admin, TopicReview.review(admin, more.specs(), TIMEOUT), true, TIMEOUT);
        assertThat(asked.unresolved()).isEmpty();
        assertThat(partitions(more.commands())).isEqualTo(3);

        // … and fewer than the cluster has can only be reported.
        Topics fewer = new Topics(config.topicPrefix(), 1, (short) 1);
        TopicReview.Result reduced = TopicReview.apply(admin, TopicReview.review(admin, fewer.specs(), TIMEOUT), true, TIMEOUT);
        assertThat(reduced.unresolved()).extracting(Row::topic).contains(fewer.commands()).doesNotContain(fewer.tenants());
        assertThat(reduced.table()).contains("Kafka cannot reduce partitions");
    }

    @Test
    void createdTopicsAreServedByTheirLeadersOnceCreationReturns() throws Exception {
        // A producer that never retries: a write that reaches a partition before its leader has taken it
        // on fails (NOT_LEADER_OR_FOLLOWER) instead of being retried.
        Map<String, Object> props = KafkaProps.producer(config, "served-check");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        props.put(ProducerConfig.RETRIES_CONFIG, 0);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            for (int round = 0; round < 5; round++) {
                String prefix = config.topicPrefix() + "served-" + round + ".";
                List<TopicSpec> specs = IntStream.range(0, 8)
                        .mapToObj(t -> new TopicSpec(prefix + t, 4, (short) 1, Map.of())).toList();
                TopicReview.createMissing(admin, specs, TIMEOUT);

                List<Future<RecordMetadata>> writes = new ArrayList<>();
                for (TopicSpec spec : specs) {
                    for (int partition = 0; partition < spec.partitions(); partition++) {
                        writes.add(producer.send(new ProducerRecord<>(spec.name(), partition, null, new byte[] {1})));
                    }
                }
                for (Future<RecordMetadata> write : writes) {
                    assertThatCode(() -> write.get(30, TimeUnit.SECONDS)).doesNotThrowAnyException();
                }
            }
        }
    }

    @Test
    void replicationIsReported() {
        Topics replicated = new Topics(config.topicPrefix(), 2, (short) 3);
        TopicReview.Result result = replicated.reconcile(admin, TIMEOUT, true);
        List<Row> unresolved = result.unresolved();
        assertThat(unresolved).extracting(Row::property).containsOnly("replication");
        assertThat(unresolved).extracting(Row::actual).containsOnly("1");
        assertThat(result.rows()).filteredOn(r -> r.property().equals("min.insync.replicas"))
                .extracting(Row::status).containsOnly(Status.APPLIED);
    }

    private void alter(String topic, String key, String value) throws Exception {
        admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic),
                List.of(new AlterConfigOp(new ConfigEntry(key, value), AlterConfigOp.OpType.SET))))
                .all().get(30, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!value.equals(config(topic, key)) && System.nanoTime() < deadline) {
            Thread.sleep(20); // the broker's view of a config follows the controller's shortly after
        }
    }

    private String config(String topic, String key) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource).get(key).value();
    }

    private int partitions(String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions().size();
    }
}
