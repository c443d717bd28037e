package dev.gatehouse.api.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.contract.TenantRecord;
import dev.gatehouse.kafka.testing.TestKafka;
import dev.gatehouse.pipeline.GatehouseConfig;
import dev.gatehouse.pipeline.KafkaProps;
import dev.gatehouse.pipeline.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two API instances over one tenants topic: a change written through one instance's
 * {@link TenantAdmin} is visible there at once and on the other within a poll.
 */
class TenantDirectoryTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private GatehouseConfig config;
    private String topic;
    private TenantDirectory here;
    private TenantDirectory there;
    private TenantAdmin admin;

    @BeforeEach
    void start() throws InterruptedException {
        config = TestKafka.config(Map.of());
        topic = Topics.from(config).tenants();
        here = started(config);
        there = started(config.with(Map.of(GatehouseConfig.INSTANCE_ID, "other-instance")));
        admin = new TenantAdmin(config, here, topic);
    }

    @AfterEach
    void stop() {
        admin.close();
        here.close();
        there.close();
    }

    @Test
    void aTokenAuthenticatesOnEveryInstanceAndOnlyWhileLive() {
        String id = admin.create("Acme").id();
        admin.setScimEnabled(id, true);
        String first = admin.generateToken(id).orElseThrow();
        assertThat(here.authenticate(first)).map(TenantRecord::id).contains(id);
        await().atMost(WAIT).until(() -> there.authenticate(first).isPresent());

        String second = admin.generateToken(id).orElseThrow();
        assertThat(here.authenticate(first)).as("rotation revokes at once here").isEmpty();
        await().atMost(WAIT).until(() -> there.authenticate(second).isPresent());
        assertThat(there.authenticate(first)).isEmpty();

        admin.setScimEnabled(id, false);
        assertThat(here.authenticate(second)).isEmpty();
        await().atMost(WAIT).until(() -> there.authenticate(second).isEmpty());
        assertThat(here.get(id).orElseThrow().tokenHashes()).as("disabling clears every hash").isEmpty();
    }

    @Test
    void tokensCanBeGeneratedOnlyWhileScimIsEnabled() {
        String id = admin.create("Initech").id();
        assertThatThrownBy(() -> admin.generateToken(id)).isInstanceOf(TenantAdmin.Conflict.class);
        assertThat(admin.generateToken("no-such-tenant")).isEmpty();
    }

    @Test
    void onlyTheHashIsStoredAndNearMissesAreRejected() {
        String id = admin.create("Globex").id();
        admin.setScimEnabled(id, true);
        String token = admin.generateToken(id).orElseThrow();
        TenantRecord stored = here.get(id).orElseThrow();
        assertThat(stored.tokenHashes()).containsExactly(Tokens.hash(token));
        assertThat(stored.toString()).doesNotContain(token);
        assertThat(here.authenticate(token + "x")).isEmpty();
        assertThat(here.authenticate(token.substring(0, token.length() - 1))).isEmpty();
        assertThat(here.authenticate("")).isEmpty();
        assertThat(here.authenticate(null)).isEmpty();
    }

    @Test
    void aNewInstanceCatchesUpFromTheBeginningAndSkipsUnreadableRecords() throws Exception {
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(KafkaProps.producer(config, "garbage"))) {
            raw.send(new ProducerRecord<>(topic, "broken", "not json".getBytes(StandardCharsets.UTF_8))).get();
        }
        String id = admin.create("Hooli").id();
        admin.setScimEnabled(id, true);
        String token = admin.generateToken(id).orElseThrow();
        TenantDirectory late = started(config.with(Map.of(GatehouseConfig.INSTANCE_ID, "late-instance")));
        try {
            assertThat(late.authenticate(token)).map(TenantRecord::name).contains("Hooli");
            assertThat(late.get("broken")).isEmpty();
        } finally {
            late.close();
        }
    }

    private TenantDirectory started(GatehouseConfig instance) throws InterruptedException {
        TenantDirectory directory = TenantDirectory.start(instance, topic);
        assertThat(directory.awaitCaughtUp(WAIT)).isTrue();
        return directory;
    }
}
