package dev.gatehouse.sync;

import dev.gatehouse.pipeline.KafkaProps;
import dev.gatehouse.pipeline.Topics;
import dev.gatehouse.pipeline.observe.Health;
import dev.gatehouse.pipeline.observe.KafkaProbe;
import dev.gatehouse.pipeline.observe.ServiceMetrics;
import dev.gatehouse.sync.connector.DoorConnector;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * access-sync: one delivery thread per connector, each with its own consumer group
 * ({@code gatehouse-access-sync-<connector name>}) and progress, reading the access-changes topic
 * (read_committed), revocations first and only the newest state of each resource (see {@link
 * Delivery}); changes a connector rejects go to the dead-letters topic. Each connector's applied
 * versions live in RocksDB under {@code <data dir>/access-sync/<connector name>}. Started by the launcher; {@link #close()} stops every delivery cleanly.
 * Its metrics and health are served on {@code GATEHOUSE_SYNC_HTTP_PORT} ({@link SyncHttpServer},
 * series in {@link SyncMetrics}); ready means Kafka answers and every delivery loop runs.
 */
public final class AccessSyncService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AccessSyncService.class);
    /** The name of the webhook connector built from config (and of its consumer group). */
    public static final String WEBHOOK = "webhook";

    private final List<Delivery> deliveries = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final KafkaProducer<String, byte[]> deadLetters;
    private final KafkaProducer<String, byte[]> receipts;
    private final ServiceMetrics metrics = ServiceMetrics.create("access-sync");
    private final KafkaProbe kafka;
    private SyncHttpServer http;

    private AccessSyncService(SyncConfig config, List<DoorConnector> connectors) {
        this.deadLetters = new KafkaProducer<>(KafkaProps.producer(config.kafka(), "access-sync-dead-letters"));
        this.kafka = KafkaProbe.of(config.kafka(), "access-sync-" + UUID.randomUUID().toString().substring(0, 8));
        this.receipts = new KafkaProducer<>(DoorReceipts.producer(config.kafka()));
        metrics.bindKafkaClient(deadLetters);
        metrics.bindKafkaClient(receipts);
        DeadLetters letters = new DeadLetters(deadLetters, Topics.from(config.kafka()));
        DoorReceipts told = new DoorReceipts(receipts, Topics.from(config.kafka()));
        for (DoorConnector connector : connectors) {
            Delivery delivery = new Delivery(config, connector, letters, told,
                    new SyncMetrics(metrics.registry(), connector.name()));
            metrics.bindKafkaClient(delivery.consumer());
            Thread thread = new Thread(delivery, "access-sync-" + connector.name());
            deliveries.add(delivery);
            threads.add(thread);
        }
    }

    /**
     * Delivers to the webhook named by {@code GATEHOUSE_WEBHOOK_URL}, signed with its secret, and to
     * the connectors of the connectors file ({@link Connectors}).
     */
    public static AccessSyncService start(SyncConfig config) {
        return start(config, Connectors.fromConfig(config));
    }

    /** Delivers to each of {@code connectors}; their names must differ (each names a consumer group). */
    public static AccessSyncService start(SyncConfig config, List<DoorConnector> connectors) {
        AccessSyncService service = new AccessSyncService(config, connectors);
        Health health = new Health()
                .check("kafka", service.kafka::reachable)
                .check("deliveries", () -> service.deliveries.stream().allMatch(Delivery::running))
                .register(service.metrics.registry());
        try {
            service.http = SyncHttpServer.start(config.httpHost(), config.httpPort(), service.metrics, health);
        } catch (RuntimeException e) {
            // The deliveries own consumers, stores and connectors that only their loop closes: run it to stop it.
            service.threads.forEach(Thread::start);
            service.close();
            throw e;
        }
        service.threads.forEach(Thread::start);
        return service;
    }

    /** The port of the metrics and health endpoint. */
    public int httpPort() {
        return http.port();
    }

    @Override
    public void close() {
        if (http != null) {
            http.close();
        }
        deliveries.forEach(Delivery::stop);
        for (Thread thread : threads) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        deadLetters.close();
        receipts.close();
        kafka.close();
        metrics.close();
        LOG.info("access-sync stopped: each connector committed what its door system accepted");
    }
}
