package dev.gatehouse.pipeline.observe;

import dev.gatehouse.pipeline.KafkaProps;
import dev.gatehouse.pipeline.config.KafkaConfig;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Whether the Kafka cluster answers: an Admin {@code describeCluster} with a one-second timeout,
 * its answer kept for {@link #CACHE_FOR} so that frequent readiness probes cost the cluster at most
 * one request per interval. A broker that is down makes the probe answer false within about a second;
 * back, true again at the next probe after the cache expires.
 */
public final class KafkaProbe implements AutoCloseable {
    static final Duration CACHE_FOR = Duration.ofMillis(1500);
    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    private final Admin admin;
    private final LongSupplier clock;
    private long checkedAtNanos;
    private boolean reachable;
    private boolean checked;

    private KafkaProbe(Admin admin, LongSupplier clock) {
        this.admin = admin;
        this.clock = clock;
    }

    /** A probe of the cluster named by {@code config}, with a client of its own named after {@code instance}. */
    public static KafkaProbe of(KafkaConfig config, String instance) {
        Map<String, Object> props = KafkaProps.admin(config);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "gatehouse-health-" + instance);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        // Reconnect quickly once the broker is back instead of backing off for up to a second.
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
        return new KafkaProbe(Admin.create(props), System::nanoTime);
    }

    /** Whether the cluster answered a describe within a second, as of at most {@link #CACHE_FOR} ago. */
    public synchronized boolean reachable() {
        long now = clock.getAsLong();
        if (!checked || now - checkedAtNanos >= CACHE_FOR.toNanos()) {
            reachable = describe();
            checked = true;
            checkedAtNanos = clock.getAsLong();
        }
        return reachable;
    }

    private boolean describe() {
        try {
            return !admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()))
                    .nodes().get(TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS).isEmpty();
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
