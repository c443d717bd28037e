package dev.gatehouse.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.contract.AccessChange;
import dev.gatehouse.contract.ScimEvents;
import dev.gatehouse.contract.SecurityEventRejected;
import dev.gatehouse.contract.SecurityEventSigner;
import dev.gatehouse.contract.SecurityEventVerifier;
import dev.gatehouse.contract.WebhookSignature;
import dev.gatehouse.scim.ScimJson;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.util.ConcurrencyUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A door-access system for demos and tests: receives Gatehouse's webhook and shows what it holds.
 * <ul>
 *   <li>{@code POST /webhook}: the webhook receiver (signature checked when a secret is set; a repeated
 *       {@code Idempotency-Key}, which carries the same version, and older versions ignored). With {@code Content-Type: application/secevent+jwt}
 *       it takes a SCIM Security Event Token instead ({@link SecurityEventVerifier}: HS256 with the same
 *       secret, {@code aud} = this simulator's audience), answers 202 Accepted, or 400 with an RFC 8935
 *       {@code {"err", "description"}} body; a repeated {@code txn} (the same version) and older versions ignored;</li>
 *   <li>{@code GET /v1/tenants/{tenantId}/persons} and {@code …/persons/{id}}: persons, each
 *       {@code {id, userName, active, groups, metadata, version}};</li>
 *   <li>{@code GET /v1/tenants/{tenantId}/groups}: groups, each {@code {id, displayName, members, version}};</li>
 *   <li>{@code GET /v1/tenants/{tenantId}/events}: ids of the events applied, in arrival order (the newest
 *       10,000 of the organization);</li>
 *   <li>{@code POST /v1/faults} {@code {"failNext": n, "status": 503, "retryAfter": s}}: the next n
 *       webhook calls (with a valid signature) fail with that status (default 503), with a
 *       {@code Retry-After: s} header when given; {@code failNext: 0} clears it;</li>
 *   <li>{@code GET /health}: {@code {"status": "UP", "received": webhook calls applied or deduped,
 *       "securityEvents": how many of those were SETs, "faultsLeft": injected faults still to answer}}.</li>
 * </ul>
 */
public final class DoorSimulator implements AutoCloseable {
    /** The audience SETs must name when none is given to {@link #start(int, Optional, String)}. */
    public static final String DEFAULT_AUDIENCE = "urn:gatehouse:door-simulator";
    private final DoorView view = new DoorView();
    private final Optional<WebhookSignature> signature;
    /** Empty when there is no secret or it is too short for HS256: every SET is then refused. */
    private final Optional<SecurityEventVerifier> setVerifier;
    private final AtomicInteger securityEvents = new AtomicInteger();
    private final AtomicInteger failNext = new AtomicInteger();
    private volatile int failStatus = 503;
    private volatile Optional<Long> failRetryAfter = Optional.empty();
    private final AtomicInteger received = new AtomicInteger();
    private final Javalin app;

    private DoorSimulator(int port, Optional<String> secret, String audience) {
        this.signature = secret.map(WebhookSignature::new);
        this.setVerifier = secret.filter(s -> s.getBytes(StandardCharsets.UTF_8).length >= SecurityEventSigner.MIN_SECRET_BYTES)
                .map(s -> new SecurityEventVerifier(s, audience, Optional.empty()));
        this.app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            // Javalin's default pool (8 to 250 threads), named so that its threads say which server they serve.
            cfg.jetty.threadPool = ConcurrencyUtil.jettyThreadPool("DoorSimulator", 8, 250, false);
            cfg.jetty.port = port;
            cfg.routes.post("/webhook", this::webhook);
            cfg.routes.get("/v1/tenants/{tenantId}/persons", ctx -> json(ctx, 200, view.persons(ctx.pathParam("tenantId"))));
            cfg.routes.get("/v1/tenants/{tenantId}/persons/{id}", ctx -> view.person(ctx.pathParam("tenantId"), ctx.pathParam("id"))
                    .ifPresentOrElse(p -> json(ctx, 200, p), () -> error(ctx, 404, "no such person")));
            cfg.routes.get("/v1/tenants/{tenantId}/events", ctx -> json(ctx, 200, view.events(ctx.pathParam("tenantId"))));
            cfg.routes.get("/v1/tenants/{tenantId}/groups", ctx -> json(ctx, 200, view.groups(ctx.pathParam("tenantId"))));
            cfg.routes.post("/v1/faults", this::faults);
            cfg.routes.get("/health", ctx -> json(ctx, 200, ScimJson.mapper().createObjectNode()
                    .put("status", "UP").put("received", received.get()).put("securityEvents", securityEvents.get())
                    .put("faultsLeft", failNext.get())));
        });
    }

    /** Starts the simulator on {@code port} (0 = any free port); SETs must name {@link #DEFAULT_AUDIENCE}. */
    public static DoorSimulator start(int port, Optional<String> webhookSecret) {
        return start(port, webhookSecret, DEFAULT_AUDIENCE);
    }

    /**
     * Starts the simulator on {@code port} (0 = any free port). SETs are verified with the webhook
     * secret (at least 32 bytes for HS256) and must name {@code audience} in {@code aud}.
     */
    public static DoorSimulator start(int port, Optional<String> webhookSecret, String audience) {
        DoorSimulator simulator = new DoorSimulator(port, webhookSecret, audience);
        simulator.app.start();
        return simulator;
    }

    public int port() {
        return app.port();
    }

    private void webhook(Context ctx) {
        if (isSecurityEvent(ctx.contentType())) {
            securityEvent(ctx);
            return;
        }
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
        boolean applied = view.apply(change); // a repeated Idempotency-Key carries the same version: refused
        json(ctx, 200, ScimJson.mapper().createObjectNode().put("applied", applied));
    }

    private static boolean isSecurityEvent(String contentType) {
        return contentType != null && contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT).equals(ScimEvents.CONTENT_TYPE);
    }

    /** RFC 8935 push delivery: verify, apply as the JSON webhook would, 202 Accepted; 400 with err/description. */
    private void securityEvent(Context ctx) {
        if (setVerifier.isEmpty()) {
            setError(ctx, new SecurityEventRejected(SecurityEventRejected.INVALID_KEY,
                    "this receiver has no key of at least 32 bytes to verify HS256 SETs with"));
            return;
        }
        AccessChange change;
        try {
            change = setVerifier.get().verify(ctx.body());
        } catch (SecurityEventRejected e) {
            setError(ctx, e);
            return;
        }
        if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            failRetryAfter.ifPresent(s -> ctx.header("Retry-After", Long.toString(s)));
            error(ctx, failStatus, "injected fault");
            return;
        }
        received.incrementAndGet();
        securityEvents.incrementAndGet();
        view.apply(change); // a repeated txn carries the same version: refused
        ctx.status(202);
    }

    private static void setError(Context ctx, SecurityEventRejected e) {
        json(ctx, 400, ScimJson.mapper().createObjectNode().put("err", e.err()).put("description", e.description()));
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
