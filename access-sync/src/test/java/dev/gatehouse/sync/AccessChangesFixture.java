package dev.gatehouse.sync;

import dev.gatehouse.contract.AccessChange;
import dev.gatehouse.pipeline.JsonSerde;
import dev.gatehouse.pipeline.KafkaProps;
import dev.gatehouse.pipeline.Topics;
import dev.gatehouse.pipeline.config.ConfigKeys;
import dev.gatehouse.simulator.DoorSimulator;
import dev.gatehouse.simulator.KisiSimulator;
import dev.gatehouse.simulator.SimulatorClient;
import dev.gatehouse.testkit.TestKafka;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Each test's access-sync settings on the shared test broker (its own topics) and a producer onto its
 * access-changes topic; with {@link #withWebhookDoor}, a door simulator behind the webhook connector;
 * Kisi simulators started by {@link #startKisi}. What it starts it stops after the test.
 */
final class AccessChangesFixture implements BeforeEachCallback, AfterEachCallback {
    /** The API key the Kisi simulators of {@link #startKisi} accept. */
    static final String KISI_KEY = "kisi-test-key";
    private static final JsonSerde<AccessChange> SERDE = JsonSerde.of(AccessChange.class);
    private final List<KisiSimulator> kisis = new ArrayList<>();
    private final Optional<String> webhookSecret;
    private DoorSimulator simulator;
    private SimulatorClient door;
    private SyncConfig config;
    private KafkaProducer<String, byte[]> producer;

    private AccessChangesFixture(Optional<String> webhookSecret) {
        this.webhookSecret = webhookSecret;
    }

    /** Settings with no connector configured: the test names its own. */
    static AccessChangesFixture withoutDoor() {
        return new AccessChangesFixture(Optional.empty());
    }

    /** The webhook connector configured to push to a door simulator that checks {@code secret}. */
    static AccessChangesFixture withWebhookDoor(String secret) {
        return new AccessChangesFixture(Optional.of(secret));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Map<String, String> settings = Map.of();
        if (webhookSecret.isPresent()) {
            simulator = DoorSimulator.start(0, webhookSecret);
            door = new SimulatorClient(simulator);
            settings = Map.of(ConfigKeys.WEBHOOK_URL, door.webhookUrl(), ConfigKeys.WEBHOOK_SECRET, webhookSecret.get());
        }
        config = SyncConfig.from(TestKafka.settings(settings));
        // The test's topics exist, with their leaders known, before its producer writes: a first write to a
        // topic the broker creates on demand can meet NOT_LEADER_OR_FOLLOWER, and its idempotent retry was
        // then refused as out of sequence for good.
        Topics.reconciled(config.kafka());
        producer = new KafkaProducer<>(KafkaProps.producer(config.kafka(), "test"));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (producer != null) { // null when the settings failed after the simulator started
            producer.close();
        }
        if (simulator != null) {
            simulator.close();
        }
        kisis.forEach(KisiSimulator::close);
        kisis.clear();
    }

    /** A Kisi simulator on a free port accepting {@link #KISI_KEY}, at most {@code limitPerSecond} requests/s. */
    KisiSimulator startKisi(int limitPerSecond) {
        KisiSimulator kisi = KisiSimulator.start(0, KISI_KEY, limitPerSecond);
        kisis.add(kisi);
        return kisi;
    }

    SyncConfig config() {
        return config;
    }

    Topics topics() {
        return Topics.from(config.kafka());
    }

    KafkaProducer<String, byte[]> producer() {
        return producer;
    }

    /** The door simulator's client ({@link #withWebhookDoor} only). */
    SimulatorClient door() {
        return door;
    }

    /** Produces the change, keyed by its resource, and waits for it: its offset. */
    long publish(AccessChange change) throws ExecutionException, InterruptedException {
        return producer.send(record(change)).get().offset();
    }

    /** Produces the change to one partition (order is kept per partition only) and waits for it: its offset. */
    long publish(int partition, AccessChange change) throws ExecutionException, InterruptedException {
        return producer.send(new ProducerRecord<>(topics().accessChanges(), partition,
                AccessChange.key(change.tenantId(), change.resourceId()), SERDE.toBytes(change))).get().offset();
    }

    /** Produces the change without waiting ({@link KafkaProducer#flush()} waits for all). */
    void send(AccessChange change) {
        producer.send(record(change));
    }

    private ProducerRecord<String, byte[]> record(AccessChange change) {
        return new ProducerRecord<>(topics().accessChanges(), AccessChange.key(change.tenantId(), change.resourceId()),
                SERDE.toBytes(change));
    }
}
