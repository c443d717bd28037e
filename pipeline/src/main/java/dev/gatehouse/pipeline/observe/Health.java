package dev.gatehouse.pipeline.observe;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.scim.ScimJson;
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

    /** Runs every check. */
    public Report ready() {
        Map<String, Boolean> results = new LinkedHashMap<>();
        boolean all = true;
        for (Map.Entry<String, BooleanSupplier> check : checks.entrySet()) {
            boolean ok;
            try {
                ok = check.getValue().getAsBoolean();
            } catch (RuntimeException e) {
                ok = false; // a check that cannot tell is not a pass
            }
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
