package dev.gatehouse.api.http;

import dev.gatehouse.api.activity.ActivityFeed;
import dev.gatehouse.api.command.CommandGateway;
import dev.gatehouse.api.config.ApiConfig;
import dev.gatehouse.api.doors.DeadLetterView;
import dev.gatehouse.api.doors.DoorStatusView;
import dev.gatehouse.api.oauth.AccessTokens;
import dev.gatehouse.api.oauth.FederatedAssertions;
import dev.gatehouse.api.read.StateReader;
import dev.gatehouse.api.signin.OidcSignIn;
import dev.gatehouse.api.tenant.AuditLog;
import dev.gatehouse.api.tenant.ScimClients;
import dev.gatehouse.api.tenant.TenantAdmin;
import dev.gatehouse.api.tenant.TenantDirectory;
import dev.gatehouse.contract.ProvisioningActivity;
import dev.gatehouse.contract.TenantRecord;
import dev.gatehouse.pipeline.observe.Health;
import dev.gatehouse.pipeline.observe.ServiceMetrics;
import dev.gatehouse.scim.ScimException;
import dev.gatehouse.scim.limits.Limits;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.util.ConcurrencyUtil;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server of the ingest API: SCIM under {@code /scim/v2}, the admin API under
 * {@code /admin/v1}, the admin console under {@code /console}, liveness and readiness under
 * {@code /health/live} and {@code /health/ready}, Prometheus metrics under {@code /metrics}.
 * SCIM calls pass the per-address failure throttle, then authentication, then the per-organization
 * rate limit. Every SCIM answer, errors included, is
 * {@code application/scim+json}; bad input is a 4xx, never a 5xx.
 */
public final class ApiServer implements AutoCloseable {
    /** Larger SCIM bodies are refused with 413 (Entra sends a few KB): the size budget's request body. */
    public static final long MAX_BODY_BYTES = Limits.REQUEST_BODY_BYTES;
    /** Over-limit bodies up to this size are read and discarded before the 413 (see {@link #checkSize}). */
    static final long DRAINED_BODY_BYTES = 4 * MAX_BODY_BYTES;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final String SCIM = "/scim/v2";
    /** An unknown key id refetches a federated issuer's key set at most this often. */
    private static final Duration FEDERATION_REFETCH = Duration.ofSeconds(2);
    /** The methods that would change a read-only resource. */
    private static final List<HandlerType> WRITES = List.of(HandlerType.POST, HandlerType.PUT, HandlerType.PATCH,
            HandlerType.DELETE);

    private final Javalin app;
    private final Duration stopGrace;

    private ApiServer(Javalin app, Duration stopGrace) {
        this.app = app;
        this.stopGrace = stopGrace;
    }

    /** Thrown when a request is refused for its rate: 429 with Retry-After and a SCIM error body. */
    static final class Throttled extends RuntimeException {
        private static final long serialVersionUID = 1L;

        final long retryAfterSeconds;

        Throttled(long retryAfterSeconds, String message) {
            super(message, null, false, false);
            this.retryAfterSeconds = retryAfterSeconds;
        }
    }

    /** What the server serves from: the API's settings and the services its routes call. */
    public record Services(ApiConfig config, TenantDirectory directory, TenantAdmin admin, AccessTokens accessTokens,
            AuditLog audit, CommandGateway gateway, StateReader reader, DoorStatusView receipts, DeadLetterView deadLetters,
            ActivityFeed activity, ServiceMetrics serviceMetrics, ApiMetrics metrics, Health health) {
    }

    public static ApiServer start(Services services) {
        ApiConfig config = services.config();
        ApiMetrics metrics = services.metrics();
        AuthThrottle throttle = new AuthThrottle();
        throttle.onFailure(metrics::authFailed);
        // A write in flight may wait up to the command timeout for its result: it gets that long to finish.
        Duration stopGrace = config.commandTimeout().plusSeconds(5);
        Javalin app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            // Javalin's default pool (8 to 250 threads), named so that its threads say which server they serve.
            cfg.jetty.threadPool = ConcurrencyUtil.jettyThreadPool("ApiServer", 8, 250, false);
            cfg.jetty.addConnector((server, http) -> connector(server, http, config.httpHost(), config.httpPort()));
            cfg.http.maxRequestSize = MAX_BODY_BYTES;
            cfg.jetty.modifyHttpConfiguration(ApiServer::httpLimits);
            ApiErrors.BeforeRouting errors = new ApiErrors.BeforeRouting();
            cfg.jetty.modifyServer(server -> server.setErrorHandler(errors));
            cfg.jetty.modifyServletContextHandler(context -> context.setErrorHandler(errors));
            cfg.jetty.modifyServer(server -> graceful(server, stopGrace));
            cfg.router.caseInsensitiveRoutes = true;
            cfg.router.ignoreTrailingSlashes = true;

            cfg.routes.before(RequestIds::assign);
            cfg.routes.before(ApiServer::checkEscapes);
            cfg.routes.after(ctx -> RequestIds.clear());
            healthRoutes(cfg.routes, services);
            scimRoutes(cfg.routes, services, throttle);
            adminRoutes(cfg.routes, services, throttle);
            oauthRoutes(cfg.routes, services, throttle);

            // Every error is rendered by ApiErrors: what routes and filters throw, and statuses no route answered.
            // (Javalin answers its own HttpResponseExceptions as text/plain unless that class has a handler.)
            cfg.routes.exception(HttpResponseException.class, ApiErrors::failed);
            cfg.routes.exception(Exception.class, ApiErrors::failed);
            for (int status : ApiErrors.UNROUTED) {
                cfg.routes.error(status, ApiErrors::unanswered);
            }
        });
        app.start();
        return new ApiServer(app, stopGrace);
    }

    /**
     * Javalin's default connector, with two differences. Its connections keep each request's raw target
     * for the error handler ({@link RequestTargets}). And it does not pool its byte buffers: with Jetty's
     * pooled buffers (12.1.12, and 12.1.14 too), a request whose body runs past its Content-Length, whose
     * leftover bytes Jetty then refuses as a next request, let a buffer be used again while in use. Other
     * clients' kept-alive connections then got the answer to their previous request, or a 400 or a close
     * that was not theirs: one client's framing reached everybody's connections. An unpooled buffer
     * cannot be shared, and costs an allocation per use: about 10 µs per request in a loopback
     * measurement, against the 1 ms or more a write costs. {@code ConnectionIsolationIT} is the attack.
     * The buffers are on the heap: an unpooled direct buffer is freed only when a collection finds it,
     * and its memory then stays resident in the allocator, where a heap buffer dies with the request.
     */
    static ServerConnector connector(Server server, HttpConfiguration http, String host, int port) {
        http.setUseInputDirectByteBuffers(false);
        http.setUseOutputDirectByteBuffers(false);
        ServerConnector connector = new ServerConnector(server, null, null, new ByteBufferPool.NonPooling(), -1, -1,
                new RequestTargets.ConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }

    /** Liveness, readiness and the Prometheus scrape. */
    private static void healthRoutes(RoutesConfig routes, Services services) {
        routes.get("/health/live", ctx -> ctx.contentType("application/json").result(Health.LIVE));
        routes.get("/health/ready", ctx -> {
            Health.Report report = services.health().ready();
            ctx.status(report.status()).contentType("application/json").result(report.json());
        });
        routes.get("/metrics", ctx -> ctx.contentType(ServiceMetrics.CONTENT_TYPE).result(services.serviceMetrics().scrape()));
    }

    /** SCIM under {@code /scim/v2}: throttle, authentication and rate limit first, then discovery and resources. */
    private static void scimRoutes(RoutesConfig routes, Services services, AuthThrottle throttle) {
        ApiConfig config = services.config();
        ApiMetrics metrics = services.metrics();
        ScimRoutes scim = new ScimRoutes(services.directory(), services.accessTokens(), services.gateway(), services.reader(), config.instanceId(),
                config.publicUrl());
        TenantRateLimit rateLimit = new TenantRateLimit(config.scimRateLimit());
        Discovery discovery = new Discovery(config.publicUrl());
        routes.before(SCIM + "/*", metrics::started);

        routes.before(SCIM + "/*", ctx -> {
            checkSize(ctx);
            long wait = throttle.retryAfterSeconds(ctx.ip());
            if (wait > 0) {
                throw new Throttled(wait, "too many failed authentication attempts from this address; retry later");
            }
            try {
                scim.authenticate(ctx);
            } catch (ScimException e) {
                throttle.failed(ctx.ip(), ApiMetrics.SCIM_TOKEN);
                throw e;
            }
            TenantRecord tenant = ctx.attribute(ScimRoutes.TENANT);
            long limited = rateLimit.acquire(tenant.id());
            if (limited > 0) {
                throw new Throttled(limited, "this organization is limited to " + config.scimRateLimit()
                        + " SCIM requests per second; retry later");
            }
        });
        routes.after(SCIM + "/*", ctx -> recordActivity(ctx, services.activity()));
        routes.after(SCIM + "/*", metrics::finished);
        routes.get(SCIM + "/ServiceProviderConfig", discovery::serviceProviderConfig);
        routes.get(SCIM + "/serviceConfiguration", discovery::serviceProviderConfig);
        routes.get(SCIM + "/ResourceTypes", discovery::resourceTypes);
        routes.get(SCIM + "/Schemas", discovery::schemas);
        routes.get(SCIM + "/Schemas/{id}", discovery::schema);
        routes.get(SCIM + "/ResourceTypes/{id}", discovery::resourceType);
        // RFC 7644 §4: discovery is read-only. Registered before the generic routes below, which
        // would take POST /Schemas for a create and PUT /Schemas/{id} for a replace (and answer 404).
        for (String path : Discovery.PATHS) {
            for (HandlerType method : WRITES) {
                routes.addHttpHandler(method, SCIM + path, Discovery::readOnly);
            }
        }
        // RFC 7644 §3.4.3: a search is a read sent as POST; ahead of POST /{endpoint}, which creates.
        routes.post(SCIM + "/.search", scim::searchAll);
        routes.post(SCIM + "/{endpoint}/.search", scim::search);
        routes.get(SCIM + "/{endpoint}", scim::list);
        routes.post(SCIM + "/{endpoint}", scim::create);
        routes.get(SCIM + "/{endpoint}/{id}", scim::get);
        routes.put(SCIM + "/{endpoint}/{id}", scim::replace);
        routes.patch(SCIM + "/{endpoint}/{id}", scim::patch);
        routes.delete(SCIM + "/{endpoint}/{id}", scim::delete);
    }

    /** The admin API under {@code /admin/v1}, by concern, and the console that calls it. */
    private static void adminRoutes(RoutesConfig routes, Services services, AuthThrottle throttle) {
        ApiConfig config = services.config();
        TenantAdmin admin = services.admin();
        AdminAuth auth = new AdminAuth(throttle, config.adminKey(), admin);
        TenantView view = new TenantView(config.publicUrl());
        TenantRoutes tenants = new TenantRoutes(admin, view);
        SsoRoutes sso = new SsoRoutes(admin, view, config.secretBox());
        ConsoleMemberRoutes members = new ConsoleMemberRoutes(admin);
        ScimSettingsRoutes scimSettings = new ScimSettingsRoutes(admin, view);
        AuditRoutes audit = new AuditRoutes(admin, services.audit(), services.activity());
        DoorStatusRoutes doorStatus = new DoorStatusRoutes(admin, services.reader(), services.receipts());
        PeopleRoutes people = new PeopleRoutes(admin, services.reader(), doorStatus);
        HealthRoutes health = new HealthRoutes(admin, services.reader(), services.receipts(), services.deadLetters(),
                services.activity());
        ConsoleRoutes console = new ConsoleRoutes(auth, admin);
        SsoSignInRoutes signIn = new SsoSignInRoutes(auth, admin, console, new OidcSignIn(Clock.systemUTC()),
                config.secretBox(), config.publicUrl());
        ScimClientRoutes clients = new ScimClientRoutes(admin, new ScimClients(admin), services.accessTokens(),
                config.publicUrl());

        routes.before("/admin/*", auth::authenticate);
        // What a console member may call, decided on the matched route's pattern: every admin route, also one added later.
        routes.beforeMatched("/admin/*", auth::authorize);
        routes.post("/admin/v1/tenants", tenants::create);
        routes.get("/admin/v1/tenants", tenants::list);
        routes.get("/admin/v1/tenants/{id}", tenants::get);
        routes.put("/admin/v1/tenants/{id}/scim", scimSettings::setScim);
        routes.post("/admin/v1/tenants/{id}/scim/token", scimSettings::generateToken);
        routes.post("/admin/v1/tenants/{id}/scim/clients", clients::create);
        routes.get("/admin/v1/tenants/{id}/scim/clients", clients::list);
        routes.get("/admin/v1/tenants/{id}/scim/clients/{clientId}", clients::get);
        routes.delete("/admin/v1/tenants/{id}/scim/clients/{clientId}", clients::delete);
        routes.post("/admin/v1/tenants/{id}/scim/clients/{clientId}/secrets", clients::addSecret);
        routes.delete("/admin/v1/tenants/{id}/scim/clients/{clientId}/secrets/{secretId}", clients::revokeSecret);
        routes.put("/admin/v1/tenants/{id}/scim/clients/{clientId}/federation", clients::setFederation);
        routes.delete("/admin/v1/tenants/{id}/scim/clients/{clientId}/federation", clients::removeFederation);
        routes.put("/admin/v1/tenants/{id}/sso", sso::setSso);
        routes.get("/admin/v1/tenants/{id}/console-members", members::list);
        routes.put("/admin/v1/tenants/{id}/console-members", members::set);
        routes.get("/admin/v1/tenants/{id}/audit", audit::auditOfTenant);
        routes.get("/admin/v1/tenants/{id}/activity", audit::activity);
        routes.get("/admin/v1/tenants/{id}/door-status", doorStatus::status);
        routes.get("/admin/v1/tenants/{id}/users", people::search);
        routes.get("/admin/v1/tenants/{id}/users/{userId}", people::person);
        routes.get("/admin/v1/tenants/{id}/users/{userId}/timeline", people::timeline);
        routes.get("/admin/v1/tenants/{id}/health", health::health);
        routes.get("/admin/v1/tenants/{id}/dead-letters", health::deadLetters);
        routes.post("/admin/v1/tenants/{id}/dead-letters/redrive", health::redrive);
        routes.get("/admin/v1/audit", audit::auditAll);

        routes.get("/console", console::index);
        routes.get("/console/{file}", console::file);
        routes.get("/console/api/session", console::session);
        routes.post("/console/api/session", console::signIn);
        routes.delete("/console/api/session", console::signOut);
        routes.get(SsoSignInRoutes.LOGIN_PATH, signIn::login);
        routes.get(SsoSignInRoutes.CALLBACK_PATH, signIn::callback);
    }

    /** The OAuth 2.0 token endpoint of SCIM clients and its RFC 8414 metadata. */
    private static void oauthRoutes(RoutesConfig routes, Services services, AuthThrottle throttle) {
        ApiConfig config = services.config();
        OAuthRoutes oauth = new OAuthRoutes(services.directory(), services.accessTokens(),
                new FederatedAssertions(FEDERATION_REFETCH), throttle, config.accessTokenLifetime(), config.publicUrl());
        routes.post(OAuthRoutes.TOKEN_PATH, oauth::token);
        routes.get(OAuthRoutes.METADATA_PATH, oauth::metadata);
    }

    /**
     * On stop, Jetty first shuts its graceful parts down: the connectors stop accepting, and the
     * {@link GracefulHandler} (which Javalin nests its servlet context in) answers new requests on open
     * connections 503 while waiting, up to {@code grace}, for those in flight to complete.
     */
    private static void graceful(Server server, Duration grace) {
        // Javalin may have set its handler already, or sets it inside this wrapper afterwards.
        GracefulHandler graceful = new GracefulHandler();
        graceful.setHandler(server.getHandler());
        server.setHandler(graceful);
        server.setStopTimeout(grace.toMillis());
    }

    /**
     * Jetty's parser keeps, per connection, a cache of header lines it has seen (Authorization and
     * Cookie among them) and by default matches a new line against it ignoring case, handing back the
     * cached field: on a kept-alive connection that had sent a valid token, any case variant of the
     * token was then read as the token itself. Credentials must compare exactly (RFC 6750 §2.1 token
     * characters are case-sensitive), so the cache matches exactly too; it still spares re-parsing
     * repeated lines. The request head may be as large as the size budget's longest filter needs
     * ({@link Limits#REQUEST_HEAD_BYTES}, above Jetty's 8 KiB default); past it, Jetty answers 431.
     */
    private static void httpLimits(HttpConfiguration http) {
        http.setHeaderCacheCaseSensitive(true);
        http.setRequestHeaderSize(Limits.REQUEST_HEAD_BYTES);
    }

    /** Adds an authenticated SCIM call to its organization's activity log. */
    private static void recordActivity(Context ctx, ActivityFeed activity) {
        TenantRecord tenant = ctx.attribute(ScimRoutes.TENANT);
        if (tenant == null) {
            return;
        }
        String path = ctx.path();
        String resource = path.length() > SCIM.length() + 1 ? path.substring(SCIM.length() + 1) : "";
        int status = ctx.statusCode();
        activity.record(tenant.id(), new ProvisioningActivity.Call(Instant.now(),
                ActivityFeed.operation(ctx.method().name(), resource), resource, status,
                status < 400 ? "success" : "failure", ctx.attribute(ScimHttp.ERROR_DETAIL)));
    }

    /**
     * A body declared larger than the limit is refused before it is read. One not far over it (up to
     * {@link #DRAINED_BODY_BYTES}) is read and discarded first: answering while the client still sends
     * closes the connection with its data unread, which resets it, and the client then never reads the
     * 413. A larger one is answered at once (the client may see a reset instead): reading it would be
     * work a hostile client chooses.
     */
    private static void checkSize(Context ctx) {
        long declared = ctx.contentLength();
        if (declared > MAX_BODY_BYTES) {
            if (declared <= DRAINED_BODY_BYTES) {
                drain(ctx, declared);
            }
            throw ScimException.payloadTooLarge("request bodies are limited to " + MAX_BODY_BYTES + " bytes");
        }
    }

    private static void drain(Context ctx, long declared) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream body = ctx.req().getInputStream()) {
            long left = declared;
            for (int n; left > 0 && (n = body.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0; ) {
                left -= n;
            }
        } catch (IOException e) {
            // the client went away or framed the body wrongly: the 413 is still the answer, if it can be read
        }
    }

    /**
     * A path whose percent-escapes are not two hex digits each ({@code %uD800}, {@code %zz}) names
     * nothing: 400 before routing, whose path-parameter decoding would otherwise throw (a 500).
     */
    private static void checkEscapes(Context ctx) {
        String raw = ctx.req().getRequestURI();
        for (int i = raw.indexOf('%'); i >= 0; i = raw.indexOf('%', i + 1)) {
            if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0
                    || Character.digit(raw.charAt(i + 2), 16) < 0) {
                throw new BadRequestResponse("the request path has a malformed percent-escape at position " + i);
            }
        }
    }

    public int port() {
        return app.port();
    }

    /** Stops accepting requests; in-flight ones finish (Jetty's graceful stop). */
    @Override
    public void close() {
        LOG.info("HTTP server stopping: no new requests; in-flight ones get up to {} s", stopGrace.toSeconds());
        app.stop();
        LOG.info("HTTP server stopped");
    }
}
