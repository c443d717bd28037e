package dev.gatehouse.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.contract.AccessChange;
import dev.gatehouse.contract.WebhookSignature;
import dev.gatehouse.scim.ScimJson;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A door-access system for demos and tests: receives Gatehouse's webhook and shows what it holds.
 * <ul>
 *   <li>{@code POST /webhook}: the webhook receiver (signature checked when a secret is set; dedupe by
 *       {@code Idempotency-Key}; older versions ignored);</li>
 *   <li>{@code GET /v1/tenants/{tenantId}/persons} and {@code …/persons/{id}}: persons, each
 *       {@code {id, userName, active, groups, metadata, version}};</li>
 *   <li>{@code GET /v1/tenants/{tenantId}/groups}: groups, each {@code {id, displayName, members, version}};</li>
 *   <li>{@code GET /v1/tenants/{tenantId}/events}: ids of the events applied, in arrival order;</li>
 *   <li>{@code POST /v1/faults} {@code {"failNext": n, "status": 503, "retryAfter": s}}: the next n
 *       webhook calls (with a valid signature) fail with that status (default 503), with a
 *       {@code Retry-After: s} header when given; {@code failNext: 0} clears it;</li>
 *   <li>{@code GET /health}: {@code {"status": "UP", "received": webhook calls applied or deduped,
 *       "faultsLeft": injected faults still to answer}}.</li>
 * </ul>
 */
public final class DoorSimulator implements AutoCloseable {
    private final DoorView view = new DoorView();
    private final Optional<WebhookSignature> signature;
    private final AtomicInteger failNext = new AtomicInteger();
    private volatile int failStatus = 503;
    private volatile Optional<Long> failRetryAfter = Optional.empty();
    private final AtomicInteger received = new AtomicInteger();
    private final Javalin app;

    private DoorSimulator(int port, Optional<String> secret) {
        this.signature = secret.map(WebhookSignature::new);
        this.app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.jetty.port = port;
            cfg.routes.post("/webhook", this::webhook);
            cfg.routes.get("/v1/tenants/{tenantId}/persons", ctx -> json(ctx, 200, view.persons(ctx.pathParam("tenantId"))));
            cfg.routes.get("/v1/tenants/{tenantId}/persons/{id}", ctx -> view.person(ctx.pathParam("tenantId"), ctx.pathParam("id"))
                    .ifPresentOrElse(p -> json(ctx, 200, p), () -> error(ctx, 404, "no such person")));
            cfg.routes.get("/v1/tenants/{tenantId}/events", ctx -> json(ctx, 200, view.events(ctx.pathParam("tenantId"))));
            cfg.routes.get("/v1/tenants/{tenantId}/groups", ctx -> json(ctx, 200, view.groups(ctx.pathParam("tenantId"))));
            cfg.routes.post("/v1/faults", this::faults);
            cfg.routes.get("/health", ctx -> json(ctx, 200, ScimJson.mapper().createObjectNode()
                    .put("status", "UP").put("received", received.get()).put("faultsLeft", failNext.get())));
        });
    }

    /** Starts the simulator on {@code port} (0 = any free port). */
    public static DoorSimulator start(int port, Optional<String> webhookSecret) {
        DoorSimulator simulator = new DoorSimulator(port, webhookSecret);
        simulator.app.start();
        return simulator;
    }

    public int port() {
        return app.port();
    }

    private void webhook(Context ctx) {
        byte[] body = ctx.bodyAsBytes();
        if (signature.isPresent() && !signature.get().verify(body, ctx.header(WebhookSignature.HEADER))) {
            error(ctx, 401, "bad or missing signature");
            return;
        }
        if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            failRetryAfter.ifPresent(s -> ctx.header("Retry-After", Long.toString(s)));
            error(ctx, failStatus, "injected fault");
            return;
        }
        AccessChange change;
        try {
            change = ScimJson.mapper().readValue(body, AccessChange.class);
        } catch (IOException | RuntimeException e) {
            error(ctx, 400, "not an access change");
            return;
        }
        if (change == null) {
            error(ctx, 400, "not an access change: the body is null");
            return;
        }
        List<String> missing = DoorView.missingFields(change);
        if (!missing.isEmpty()) {
            error(ctx, 400, "not an access change: missing " + String.join(", ", missing));
            return;
        }
        received.incrementAndGet();
        boolean applied = view.apply(ctx.header("Idempotency-Key"), change);
        json(ctx, 200, ScimJson.mapper().createObjectNode().put("applied", applied));
    }

    private void faults(Context ctx) throws IOException {
        JsonNode body = ScimJson.mapper().readTree(ctx.bodyAsBytes());
        failStatus = body.path("status").asInt(503);
        failRetryAfter = body.hasNonNull("retryAfter") ? Optional.of(body.get("retryAfter").asLong()) : Optional.empty();
        failNext.set(body.path("failNext").asInt(0));
        json(ctx, 200, body);
    }

    private static void json(Context ctx, int status, JsonNode body) {
        ctx.status(status).contentType("application/json").result(body.toString());
    }

    private static void error(Context ctx, int status, String message) {
        json(ctx, status, ScimJson.mapper().createObjectNode().put("error", message));
    }

    @Override
    public void close() {
        app.stop();
    }
}
