package dev.gatehouse.pipeline.observe;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.scim.ScimJson;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A service's readiness: named checks that must all pass (Kafka reachable, Streams running, …).
 * {@code /health/ready} answers 200 with {@code {"status":"UP","checks":{…}}} when every check passes
 * and 503 with {@code "DOWN"} otherwise, so an orchestrator sends traffic only to instances that can
 * serve it and the body says which dependency is missing. Liveness is only "the process answers":
 * restarting a service because Kafka is away would not bring Kafka back.
 */
public final class Health {
    /** The body of {@code /health/live}. */
    public static final String LIVE = "{\"status\":\"UP\"}";

    private final Map<String, BooleanSupplier> checks = new LinkedHashMap<>();

    /** Adds a check; every check runs on each readiness probe (cache expensive ones inside). */
    public Health check(String name, BooleanSupplier check) {
        checks.put(name, check);
        return this;
    }

    /**
     * Publishes readiness as metrics, so an alert needs no probe of its own: {@code gatehouse_ready}
     * (1 when every check passes, else 0) and {@code gatehouse_ready_check{check}} (1 or 0 per check).
     * Each scrape runs the checks (the costly ones cache their answers).
     */
    public Health register(MeterRegistry registry) {
        Gauge.builder("gatehouse.ready", this, h -> h.ready().ready() ? 1 : 0)
                .description("1 when the service is ready (every check passes), else 0")
                .register(registry);
        for (Map.Entry<String, BooleanSupplier> check : checks.entrySet()) {
            Gauge.builder("gatehouse.ready.check", check.getValue(), c -> pass(c) ? 1 : 0)
                    .description("1 when this readiness check passes, else 0")
                    .tag("check", check.getKey())
                    .register(registry);
        }
        return this;
    }

    private static boolean pass(BooleanSupplier check) {
        try {
            return check.getAsBoolean();
        } catch (RuntimeException e) {
            return false; // a check that cannot tell is not a pass
        }
    }

    /** Runs every check. */
    public Report ready() {
        Map<String, Boolean> results = new LinkedHashMap<>();
        boolean all = true;
        for (Map.Entry<String, BooleanSupplier> check : checks.entrySet()) {
            boolean ok = pass(check.getValue());
            results.put(check.getKey(), ok);
            all &= ok;
        }
        return new Report(all, results);
    }

    /** The outcome of one readiness probe. */
    public record Report(boolean ready, Map<String, Boolean> checks) {
        public int status() {
            return ready ? 200 : 503;
        }

        public String json() {
            ObjectNode body = ScimJson.mapper().createObjectNode().put("status", ready ? "UP" : "DOWN");
            ObjectNode each = body.putObject("checks");
            checks.forEach(each::put);
            return body.toString();
        }
    }
}
