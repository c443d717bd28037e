package dev.gatehouse.api.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.api.config.ApiConfig;
import dev.gatehouse.contract.SsoConfig;
import dev.gatehouse.contract.TenantRecord;
import dev.gatehouse.pipeline.KafkaProps;
import dev.gatehouse.pipeline.Topics;
import dev.gatehouse.pipeline.config.ConfigKeys;
import dev.gatehouse.pipeline.config.ConfigSource;
import dev.gatehouse.pipeline.config.KafkaConfig;
import dev.gatehouse.testkit.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two API instances over one tenants topic: a change written through one instance's
 * {@link TenantAdmin} is visible there at once and on the other within a poll.
 */
class TenantDirectoryIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private ConfigSource config;
    private String topic;
    private TenantDirectory here;
    private TenantDirectory there;
    private TenantAdmin admin;

    @BeforeEach
    void start() throws InterruptedException {
        config = TestKafka.settings(Map.of());
        topic = Topics.from(KafkaConfig.from(config)).tenants();
        here = started(config);
        there = started(config.with(Map.of(ConfigKeys.INSTANCE_ID, "other-instance")));
        admin = new TenantAdmin(ApiConfig.from(config), here, topic, Topics.from(KafkaConfig.from(config)).audit());
    }

    @AfterEach
    void stop() {
        admin.close();
        here.close();
        there.close();
    }

    @Test
    void aTokenAuthenticatesOnEveryInstanceAndOnlyWhileLive() {
        String id = withScim("Acme");
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

    /**
     * Every admin write is applied here at once and then read back from the topic and applied again;
     * a live token must authenticate throughout, not miss while its record is being replaced by itself.
     */
    @Test
    void aLiveTokenAuthenticatesWhileItsRecordIsReapplied() throws Exception {
        String id = withScim("Reapplied");
        String token = admin.generateToken(id).orElseThrow();
        TenantRecord record = here.get(id).orElseThrow();
        AtomicBoolean done = new AtomicBoolean();
        Thread reapplying = new Thread(() -> {
            while (!done.get()) {
                here.apply(id, record);
            }
        });
        reapplying.start();
        int refused = 0;
        try {
            for (int i = 0; i < 200_000; i++) {
                refused += here.authenticate(token).isPresent() ? 0 : 1;
            }
        } finally {
            done.set(true);
            reapplying.join();
        }
        assertThat(refused).as("authentications refused out of 200,000").isZero();
    }

    @Test
    void scimCannotBeEnabledBeforeSsoIsSetUp() {
        String id = admin.create("Umbrella").id();
        assertThatThrownBy(() -> admin.setScimEnabled(id, true))
                .isInstanceOf(TenantAdmin.Invalid.class).hasMessageContaining("single sign-on");
        assertThat(here.get(id).orElseThrow().scimEnabled()).isFalse();
    }

    @Test
    void aDirectoryOrDomainBelongsToOneOrganization() {
        String first = admin.create("First").id();
        String second = admin.create("Second").id();
        String directory = UUID.randomUUID().toString();
        String domain = UUID.randomUUID().toString().substring(0, 8) + ".example";
        admin.setSso(Actor.system("test"), first, SsoSettings.validate(SsoConfig.ENTRA_ID, directory, List.of(domain), Instant.now()));
        assertThatThrownBy(() -> admin.setSso(Actor.system("test"), second, SsoSettings.validate(SsoConfig.ENTRA_ID,
                directory, List.of("other-" + domain), Instant.now()))).isInstanceOf(TenantAdmin.Conflict.class);
        assertThatThrownBy(() -> admin.setSso(Actor.system("test"), second, SsoSettings.validate(SsoConfig.ENTRA_ID,
                UUID.randomUUID().toString(), List.of(domain), Instant.now()))).isInstanceOf(TenantAdmin.Conflict.class);
        assertThat(here.get(second).orElseThrow().sso()).isNull();
    }

    @Test
    void aReplacedTokenLivesOnlyForItsGracePeriodAndDisablingEndsIt() {
        String id = withScim("Stark");
        String first = admin.generateToken(id).orElseThrow();
        String second = admin.generateToken(Actor.system("test"), id, Duration.ofHours(1)).orElseThrow();
        assertThat(here.authenticate(first)).as("within its grace period").isPresent();
        assertThat(here.authenticate(second)).isPresent();
        await().atMost(WAIT).until(() -> there.authenticate(first).isPresent());

        TenantRecord t = here.get(id).orElseThrow();
        here.apply(id, new TenantRecord(t.id(), t.name(), true, t.tokenHashes(), t.createdAt(), t.updatedAt().plusSeconds(1),
                t.sso(), List.of(new TenantRecord.RetiringToken(Tokens.hash(first), Instant.now().minusSeconds(1)))));
        assertThat(here.authenticate(first)).as("past its grace period").isEmpty();
        assertThat(here.authenticate(second)).isPresent();

        admin.setScimEnabled(id, false);
        assertThat(here.authenticate(first)).isEmpty();
        assertThat(here.authenticate(second)).isEmpty();
        assertThatThrownBy(() -> admin.generateToken(Actor.system("test"), id, Duration.ofDays(8)))
                .isInstanceOf(TenantAdmin.Invalid.class);
    }

    @Test
    void everyChangeIsAuditedWithWhoAndWhenButNoToken() {
        Actor alice = new Actor("admin-key:abcd1234", "api", "192.0.2.7");
        String id = admin.create(alice, "Wayne").id();
        withSso(id);
        admin.setScimEnabled(alice, id, true);
        String token = admin.generateToken(alice, id, Duration.ZERO).orElseThrow();
        admin.setScimEnabled(alice, id, false);
        try (AuditLog log = new AuditLog(ApiConfig.from(config), Topics.from(KafkaConfig.from(config)).audit())) {
            List<dev.gatehouse.contract.AuditRecord> entries = log.latest(java.util.Optional.of(id), 10);
            assertThat(entries).extracting(dev.gatehouse.contract.AuditRecord::action)
                    .containsExactly("scim.disable", "token.generate", "scim.enable", "sso.set", "tenant.create");
            assertThat(entries.get(1).actor()).isEqualTo("admin-key:abcd1234");
            assertThat(entries.get(1).source()).isEqualTo("192.0.2.7");
            assertThat(entries.get(1).details().get("tokenHashPrefix").asText()).isEqualTo(Tokens.hash(token).substring(0, 12));
            assertThat(entries.get(0).details().get("revokedTokens").asInt()).isEqualTo(1);
            assertThat(entries.toString()).doesNotContain(token);
        }
    }

    @Test
    void tokensCanBeGeneratedOnlyWhileScimIsEnabled() {
        String id = admin.create("Initech").id();
        assertThatThrownBy(() -> admin.generateToken(id)).isInstanceOf(TenantAdmin.Conflict.class);
        assertThat(admin.generateToken("no-such-tenant")).isEmpty();
    }

    @Test
    void onlyTheHashIsStoredAndNearMissesAreRejected() {
        String id = withScim("Globex");
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
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(KafkaProps.producer(KafkaConfig.from(config), "garbage"))) {
            raw.send(new ProducerRecord<>(topic, "broken", "not json".getBytes(StandardCharsets.UTF_8))).get();
        }
        String id = withScim("Hooli");
        String token = admin.generateToken(id).orElseThrow();
        TenantDirectory late = started(config.with(Map.of(ConfigKeys.INSTANCE_ID, "late-instance")));
        try {
            assertThat(late.authenticate(token)).map(TenantRecord::name).contains("Hooli");
            assertThat(late.get("broken")).isEmpty();
        } finally {
            late.close();
        }
    }

    /** A new organization with SSO set up and SCIM on: its id. */
    private String withScim(String name) {
        String id = admin.create(name).id();
        withSso(id);
        admin.setScimEnabled(id, true);
        return id;
    }

    private void withSso(String id) {
        admin.setSso(Actor.system("test"), id, SsoSettings.validate(SsoConfig.ENTRA_ID,
                UUID.randomUUID().toString(), List.of(UUID.randomUUID().toString().substring(0, 8) + ".example"), Instant.now()));
    }

    private TenantDirectory started(ConfigSource instance) throws InterruptedException {
        TenantDirectory directory = TenantDirectory.start(ApiConfig.from(instance), topic);
        assertThat(directory.awaitCaughtUp(WAIT)).isTrue();
        return directory;
    }
}
