package dev.gatehouse.api.http;

import dev.gatehouse.api.activity.ActivityFeed;
import dev.gatehouse.contract.TenantRecord;
import dev.gatehouse.pipeline.observe.Meters;
import dev.gatehouse.pipeline.observe.ServiceMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The ingest API's own series:
 * <ul>
 *   <li>{@code gatehouse_scim_requests_seconds} — every SCIM request, tagged operation (create,
 *       replace, update, delete, read, list, discovery), resource (Users, Groups, other), status and
 *       tenant: the organization id once the token is authenticated, {@code none} before (401s,
 *       throttled addresses), so an attacker's guesses never add series;</li>
 *   <li>{@code gatehouse_command_round_trip_seconds} — a write from producing its command to the
 *       processor's result arriving (outcome answered, or failed: timeout or Kafka refused);</li>
 *   <li>{@code gatehouse_auth_failures_total} — failed authentications by kind: scim_token,
 *       admin_key, console.</li>
 * </ul>
 */
public final class ApiMetrics {
    public static final String SCIM_TOKEN = "scim_token";
    public static final String ADMIN_KEY = "admin_key";
    public static final String CONSOLE = "console";
    public static final String OAUTH_CLIENT = "oauth_client";
    /** The timer of every SCIM request ({@code gatehouse_scim_requests_seconds}). */
    public static final String REQUESTS = "gatehouse.scim.requests";
    /** The timer of every write's command round trip ({@code gatehouse_command_round_trip_seconds}). */
    public static final String ROUND_TRIP = "gatehouse.command.round.trip";
    private static final String STARTED = "gatehouse.metrics.started";
    private static final String SCIM = "/scim/v2/";
    private static final String AUTH_FAILURES = "gatehouse.auth.failures";
    private static final String AUTH_FAILURES_DESCRIPTION = "failed authentications by kind of credential";

    private final MeterRegistry registry;
    // Each request's timer, registered on first use and then taken from here by its tags rather than
    // built and looked up in the registry for every request: one entry per series the registry holds.
    private final Map<RequestTags, Timer> requests = new ConcurrentHashMap<>();
    private final Map<Boolean, Timer> roundTrips = new ConcurrentHashMap<>();

    public ApiMetrics(MeterRegistry registry) {
        this.registry = registry;
        // Registered up front so that a scrape shows every kind (at 0) before the first failure.
        Meters.counters(registry, AUTH_FAILURES, AUTH_FAILURES_DESCRIPTION, "kind", SCIM_TOKEN, ADMIN_KEY, CONSOLE);
    }

    /** A SCIM request's tags; the tenant is {@code none} before its token is authenticated. */
    private record RequestTags(String operation, String resource, int status, String tenant) {
    }

    /** Notes when a SCIM request arrived; the first thing its before-handlers do. */
    void started(Context ctx) {
        ctx.attribute(STARTED, System.nanoTime());
    }

    /** Records a finished SCIM request, whatever its outcome. */
    void finished(Context ctx) {
        Long started = ctx.attribute(STARTED);
        if (started == null) {
            return;
        }
        TenantRecord tenant = ctx.attribute(ScimRoutes.TENANT);
        String path = ctx.path();
        String resource = path.length() > SCIM.length() ? path.substring(SCIM.length()) : "";
        String type = resource.contains("/") ? resource.substring(0, resource.indexOf('/')) : resource;
        RequestTags tags = new RequestTags(ActivityFeed.operation(ctx.method().name(), resource), resourceTag(type),
                ctx.statusCode(), tenant == null ? "none" : tenant.id());
        requests.computeIfAbsent(tags, this::requestTimer).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }

    private Timer requestTimer(RequestTags tags) {
        return Timer.builder(REQUESTS)
                .description("SCIM requests by operation, resource, status and organization")
                .tag("operation", tags.operation())
                .tag("resource", tags.resource())
                .tag("status", Integer.toString(tags.status()))
                .tag("tenant", tags.tenant())
                .serviceLevelObjectives(ServiceMetrics.LATENCY_BUCKETS)
                .register(registry);
    }

    private static String resourceTag(String type) {
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "users" -> "Users";
            case "groups" -> "Groups";
            default -> "other";
        };
    }

    /** Counts one failed authentication of {@code kind} (scim_token, admin_key, console). */
    public void authFailed(String kind) {
        authFailures(kind).increment();
    }

    private Counter authFailures(String kind) {
        return Meters.counter(registry, AUTH_FAILURES, AUTH_FAILURES_DESCRIPTION, "kind", kind);
    }

    /** Records one write's command round trip: produced → result read (or failed). */
    public void commandRoundTrip(Duration took, boolean answered) {
        roundTrips.computeIfAbsent(answered, this::roundTripTimer).record(took);
    }

    private Timer roundTripTimer(boolean answered) {
        return Timer.builder(ROUND_TRIP)
                .description("from producing a command to reading the processor's result")
                .tag("outcome", answered ? "answered" : "failed")
                .serviceLevelObjectives(ServiceMetrics.LATENCY_BUCKETS)
                .register(registry);
    }
}
