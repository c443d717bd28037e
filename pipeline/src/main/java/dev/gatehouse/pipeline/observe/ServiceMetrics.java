package dev.gatehouse.pipeline.observe;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One service's metrics: a Prometheus registry of its own, tagged {@code service=<name>}, with JVM
 * metrics bound, and its text exposition for {@code GET /metrics}.
 *
 * <p>Each service has its own registry and serves it on its own port, also when {@code up} runs all
 * of them in one JVM: a scrape then shows what that service did, names never clash between services
 * (two would otherwise register e.g. their Kafka consumers' metrics under the same names and tags),
 * and the same configuration works unchanged when each service runs in its own container. The JVM
 * series are then repeated by each service of one JVM, which is their true value for each.
 */
public final class ServiceMetrics implements AutoCloseable {
    /** The Prometheus text exposition format, version 0.0.4: what {@link #scrape()} returns. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    /**
     * Histogram buckets of the request and push timers: a handful of fixed ones rather than
     * Micrometer's ~70 percentile buckets, because SCIM timers carry a tenant tag and the bucket count
     * multiplies every tag combination.
     */
    public static final Duration[] LATENCY_BUCKETS = {
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private static final Logger LOG = LoggerFactory.getLogger(ServiceMetrics.class);

    private final PrometheusMeterRegistry registry;
    private final List<AutoCloseable> binders = new ArrayList<>();

    private ServiceMetrics(String service) {
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("service", service);
        bind(new JvmMemoryMetrics());
        bind(new JvmGcMetrics());
        bind(new JvmThreadMetrics());
        bind(new ClassLoaderMetrics());
        bind(new UptimeMetrics());
    }

    /** A registry for {@code service} (ingest-api, stream-processor, access-sync) with JVM metrics. */
    public static ServiceMetrics create(String service) {
        return new ServiceMetrics(service);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    /** Binds a Kafka producer's own metrics (kafka_producer_*); unbound when this closes. */
    public void bindKafkaClient(Producer<?, ?> producer) {
        bind(new KafkaClientMetrics(producer));
    }

    /** Binds a Kafka consumer's own metrics (kafka_consumer_*, records lag per partition among them). */
    public void bindKafkaClient(Consumer<?, ?> consumer) {
        bind(new KafkaClientMetrics(consumer));
    }

    /**
     * Binds any binder, e.g. Micrometer's {@code KafkaStreamsMetrics} (kafka_stream_* and its clients'
     * series); a binder that is {@link AutoCloseable} is closed with this registry.
     */
    public void bind(MeterBinder binder) {
        binder.bindTo(registry);
        if (binder instanceof AutoCloseable closeable) {
            binders.add(closeable);
        }
    }

    @Override
    public void close() {
        for (AutoCloseable binder : binders) {
            try {
                binder.close();
            } catch (Exception e) {
                LOG.debug("closing a metrics binder failed: {}", e.toString());
            }
        }
        registry.close();
    }
}
