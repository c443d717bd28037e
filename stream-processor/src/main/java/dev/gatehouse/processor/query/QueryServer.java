package dev.gatehouse.processor.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.pipeline.observe.Health;
import dev.gatehouse.pipeline.observe.ServiceMetrics;
import dev.gatehouse.pipeline.query.QueryApi;
import dev.gatehouse.processor.store.StateChecksum;
import dev.gatehouse.scim.ScimException;
import dev.gatehouse.scim.ScimJson;
import dev.gatehouse.scim.limits.Limits;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.util.ConcurrencyUtil;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processor's internal HTTP API (interactive queries), serving {@link QueryApi}. Not authenticated: it must only be
 * reachable from the ingest API's network; it binds to the processor host, not to every interface.
 *
 * <ul>
 *   <li>{@code GET /internal/v1/health} → {@code {"state": "RUNNING"}} (503 while not running)</li>
 *   <li>{@code GET /internal/v1/tenants/{tenantId}/{Users|Groups}/{id}} → the resource or 404</li>
 *   <li>{@code GET /internal/v1/tenants/{tenantId}/{Users|Groups}?filter=&startIndex=&count=&sortBy=&sortOrder=} →
 *       a SCIM ListResponse</li>
 *   <li>{@code GET /internal/v1/tenants/{tenantId}/checksum} → the tenant's {@link StateChecksum}
 *       (counts and SHA-256 of its users, groups and memberships), for rebuild and restore checks</li>
 *   <li>{@code GET /internal/v1/tenants/{tenantId}/timeline/{id}?limit=N} → {@code {"events": [...]}},
 *       the resource's timeline newest first ({@link TimelineQuery}), from this instance's own timeline
 *       store, which holds every organization's (503 until it has caught up with the timeline topic)</li>
 * </ul>
 * It also serves the processor's {@code /metrics} (Prometheus), {@code /health/live} and
 * {@code /health/ready} (see {@link #observe}).
 * Both resource reads take {@code members=false}: groups then come without {@code members}, which
 * are not read at all (the API asks so when its projection would drop them).
 * A request for a tenant whose partition another instance owns is forwarded there. During a
 * rebalance a tenant whose active store is still running here is answered as usual (another
 * instance's failure then does not stop every tenant's reads); one whose store is not queryable
 * (restoring, moved, owner unknown or gone), and every tenant while Kafka Streams is neither RUNNING
 * nor REBALANCING, is answered 503 with {@code Retry-After: 1} — never stale data (no standby reads).
 */
public final class QueryServer implements AutoCloseable {
    public static final String SCIM_JSON = QueryApi.SCIM_JSON;
    private static final Logger LOG = LoggerFactory.getLogger(QueryServer.class);

    private final Javalin app;
    private final Forwarder forwarder = new Forwarder();
    private volatile QueryBackend backend;
    private volatile ServiceMetrics metrics;
    private volatile Health health;

    private QueryServer(String host, int port) {
        this.app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            // Javalin's default pool (8 to 250 threads), named so that its threads say which server they serve.
            cfg.jetty.threadPool = ConcurrencyUtil.jettyThreadPool("QueryServer", 8, 250, false);
            cfg.jetty.addConnector((server, http) -> connector(server, http, host, port));
            // As on the ingest API: Jetty's per-connection header cache matches exactly, so no header
            // value is ever read as a cached line that differs from it only in case. Nothing here
            // checks a credential today; this keeps it so if one is added.
            cfg.jetty.modifyHttpConfiguration(http -> {
                http.setHeaderCacheCaseSensitive(true);
                // The API forwards filters as long as the size budget allows, percent-encoded.
                http.setRequestHeaderSize(Limits.REQUEST_HEAD_BYTES);
            });
            cfg.routes.get(QueryApi.HEALTH, this::health);
            cfg.routes.get("/health/live", ctx -> ctx.contentType("application/json").result(Health.LIVE));
            cfg.routes.get("/health/ready", this::ready);
            cfg.routes.get("/metrics", this::metrics);
            cfg.routes.get(QueryApi.CHECKSUM_ROUTE, this::checksum);
            cfg.routes.get(QueryApi.TIMELINE_ROUTE, this::timeline);
            cfg.routes.get(QueryApi.RESOURCE_ROUTE, this::resource);
            cfg.routes.get(QueryApi.LIST_ROUTE, this::list);
            cfg.routes.exception(Exception.class, QueryServer::failed);
        });
    }

    /**
     * Javalin's default connector without pooled byte buffers, as on the ingest API (its
     * {@code ApiServer.connector} says why): this server answers every organization's reads to the API
     * instances, so no buffer may ever be shared between two of their connections. On the heap, as there.
     */
    static ServerConnector connector(Server server, HttpConfiguration http, String host, int port) {
        http.setUseInputDirectByteBuffers(false);
        http.setUseOutputDirectByteBuffers(false);
        ServerConnector connector = new ServerConnector(server, null, null, new ByteBufferPool.NonPooling(), -1, -1,
                new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }

    /** Starts serving on {@code host:port} (0 = any free port); answers 503 until {@link #serve}. */
    public static QueryServer start(String host, int port) {
        QueryServer server = new QueryServer(host, port);
        server.app.start();
        return server;
    }

    /** Connects the server to the state it answers from. */
    public QueryServer serve(QueryBackend backend) {
        this.backend = backend;
        return this;
    }

    /** Serves {@code metrics} on /metrics and {@code health} on /health/ready (503 until then). */
    public QueryServer observe(ServiceMetrics metrics, Health health) {
        this.metrics = metrics;
        this.health = health;
        return this;
    }

    private void ready(Context ctx) {
        Health h = health;
        if (h == null) {
            ctx.status(503).contentType("application/json").result("{\"status\":\"DOWN\"}");
            return;
        }
        Health.Report report = h.ready();
        ctx.status(report.status()).contentType("application/json").result(report.json());
    }

    private void metrics(Context ctx) {
        ServiceMetrics m = metrics;
        ctx.contentType(ServiceMetrics.CONTENT_TYPE).result(m == null ? "" : m.scrape());
    }

    /** The port actually bound. */
    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }

    private void health(Context ctx) {
        QueryBackend b = backend;
        String state = b == null ? "STARTING" : b.state();
        ctx.status(b != null && b.running() ? 200 : 503).contentType("application/json").result(QueryApi.health(state).toString());
    }

    private void resource(Context ctx) {
        ResourceType type = type(ctx);
        String tenantId = ctx.pathParam(QueryApi.TENANT_ID);
        String id = ctx.pathParam(QueryApi.ID);
        boolean members = members(ctx);
        QueryBackend b = backend;
        answerAt(ctx, b, b == null ? null : b::locate, tenantId, partition -> resource(b, partition, type, tenantId, id, members));
    }

    /** The resource in read form from a local partition's stores; absent, a 404. */
    static JsonNode resource(QueryBackend b, int partition, ResourceType type, String tenantId, String id, boolean members) {
        return new QueryService(b.directory(partition)).get(type, tenantId, id, members).orElseThrow(
                () -> ScimException.notFound(type.scimName() + " " + id + " not found"));
    }

    private void checksum(Context ctx) {
        String tenantId = ctx.pathParam(QueryApi.TENANT_ID);
        answer(ctx, tenantId, service -> service.checksum(tenantId).answer().toJson());
    }

    private void timeline(Context ctx) {
        String tenantId = ctx.pathParam(QueryApi.TENANT_ID);
        String id = ctx.pathParam(QueryApi.ID);
        int limit = intParam(ctx, QueryApi.LIMIT, QueryApi.DEFAULT_TIMELINE_LIMIT);
        if (limit < 1 || limit > QueryApi.MAX_TIMELINE_LIMIT) {
            throw ScimException.invalidValue(QueryApi.LIMIT + " must be 1-" + QueryApi.MAX_TIMELINE_LIMIT);
        }
        QueryBackend b = backend;
        if (b == null) {
            unavailable(ctx);
            return;
        }
        scim(ctx, 200, timeline(b, tenantId, id, limit));
    }

    /** A resource's timeline from this instance's timeline store, newest first. */
    static JsonNode timeline(QueryBackend b, String tenantId, String id, int limit) {
        return TimelineQuery.newest(b.timeline(tenantId, id, limit), id);
    }

    private void list(Context ctx) {
        ResourceType type = type(ctx);
        String tenantId = ctx.pathParam(QueryApi.TENANT_ID);
        String filter = ctx.queryParam(QueryApi.FILTER);
        int startIndex = intParam(ctx, QueryApi.START_INDEX, QueryApi.DEFAULT_START_INDEX);
        int count = intParam(ctx, QueryApi.COUNT, QueryApi.DEFAULT_COUNT);
        String sortBy = ctx.queryParam(QueryApi.SORT_BY);
        String sortOrder = ctx.queryParam(QueryApi.SORT_ORDER);
        QueryApi.ListQuery query = new QueryApi.ListQuery(filter, startIndex, count, sortBy, sortOrder, members(ctx));
        QueryBackend b = backend;
        answerAt(ctx, b, b == null ? null : b::locate, tenantId, partition -> list(b, partition, type, tenantId, query));
    }

    /** A ListResponse page from a local partition's stores. */
    static JsonNode list(QueryBackend b, int partition, ResourceType type, String tenantId, QueryApi.ListQuery query) {
        return new QueryService(b.directory(partition)).list(type, tenantId, query.filter(), query.startIndex(),
                query.count(), query.sortBy(), query.sortOrder(), query.members());
    }

    /** {@code members=false} leaves groups' members out; anything else (or nothing) keeps them. */
    private static boolean members(Context ctx) {
        return QueryApi.keepsMembers(ctx.queryParam(QueryApi.MEMBERS));
    }

    /** Runs {@code query} where the tenant's state is: here, on its owner, or nowhere (503). */
    private void answer(Context ctx, String tenantId, Function<QueryService, JsonNode> query) {
        QueryBackend b = backend;
        answerAt(ctx, b, b == null ? null : b::locate, tenantId,
                partition -> query.apply(new QueryService(b.directory(partition))));
    }

    /**
     * Runs {@code query} on the local partition {@code locate} names for the tenant, forwards it to the
     * owner, or answers 503 when nobody owns it (or the backend is not connected or not queryable).
     */
    private void answerAt(Context ctx, QueryBackend b, Function<String, QueryBackend.Location> locate,
            String tenantId, IntFunction<JsonNode> query) {
        if (b == null || !b.queryable()) {
            unavailable(ctx);
            return;
        }
        QueryBackend.Location location = locate.apply(tenantId);
        if (location instanceof QueryBackend.Local local) {
            scim(ctx, 200, query.apply(local.partition()));
        } else if (location instanceof QueryBackend.Remote remote && !Forwarder.wasForwarded(ctx)) {
            forwarder.forward(ctx, remote);
        } else {
            // Unowned, or forwarded to us by an instance with an older view of the assignment.
            unavailable(ctx);
        }
    }

    private static ResourceType type(Context ctx) {
        ResourceType type = ResourceType.fromEndpoint(ctx.pathParam(QueryApi.ENDPOINT));
        if (type == null) {
            throw ScimException.notFound("no such endpoint: " + ctx.pathParam(QueryApi.ENDPOINT));
        }
        return type;
    }

    private static int intParam(Context ctx, String name, int defaultValue) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw ScimException.invalidValue(name + " must be an integer");
        }
    }

    /**
     * Every failure of a query, answered in one place: a SCIM error as itself, a store that cannot be
     * queried (it moved or is restoring) as 503 with {@code Retry-After}, anything else as a logged 500
     * without its details.
     */
    static void failed(Exception e, Context ctx) {
        if (e instanceof ScimException scim) {
            scim(ctx, scim.status(), scim.toBody());
        } else if (e instanceof InvalidStateStoreException) {
            unavailable(ctx);
        } else {
            LOG.error("query {} failed", ctx.path(), e);
            ObjectNode body = ScimJson.mapper().createObjectNode();
            body.putArray("schemas").add(ScimException.ERROR_SCHEMA);
            body.put("status", "500").put("detail", "internal error");
            scim(ctx, 500, body);
        }
    }

    static void unavailable(Context ctx) {
        ctx.header(QueryApi.RETRY_AFTER, QueryApi.RETRY_AFTER_SECONDS);
        scim(ctx, 503, ScimException.unavailable("state is being rebalanced or restored; retry").toBody());
    }

    /**
     * Always UTF-8 bytes, said so in the content type: a String result would be encoded as ISO-8859-1,
     * which the API cannot parse back as JSON once a name has a non-ASCII letter ("Zürich").
     */
    static void scim(Context ctx, int status, JsonNode body) {
        ctx.status(status).contentType(QueryApi.CONTENT_TYPE).result(body.toString().getBytes(StandardCharsets.UTF_8));
    }
}
