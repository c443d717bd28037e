package dev.gatehouse.api.http;

import dev.gatehouse.api.command.CommandGateway;
import dev.gatehouse.api.read.StateReader;
import dev.gatehouse.api.tenant.TenantAdmin;
import dev.gatehouse.api.tenant.TenantDirectory;
import dev.gatehouse.pipeline.GatehouseConfig;
import dev.gatehouse.scim.ScimException;
import dev.gatehouse.scim.ScimJson;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server of the ingest API: SCIM under {@code /scim/v2}, the admin API under
 * {@code /admin/v1}, liveness under {@code /health/live}. Every SCIM answer, errors included, is
 * {@code application/scim+json}; bad input is a 4xx, never a 5xx.
 */
public final class ApiServer implements AutoCloseable {
    /** Larger SCIM bodies are refused with 413 (Entra sends a few KB). */
    public static final long MAX_BODY_BYTES = 1 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final String SCIM = "/scim/v2";

    private final Javalin app;

    private ApiServer(Javalin app) {
        this.app = app;
    }

    public static ApiServer start(GatehouseConfig config, TenantDirectory directory, TenantAdmin admin,
            CommandGateway gateway, StateReader reader) {
        ScimRoutes scim = new ScimRoutes(directory, gateway, reader, config.instanceId(), config.publicUrl());
        AdminRoutes adminRoutes = new AdminRoutes(admin, config.adminKey());
        Discovery discovery = new Discovery(config.publicUrl());
        Javalin app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.jetty.host = config.httpHost();
            cfg.jetty.port = config.httpPort();
            cfg.http.maxRequestSize = MAX_BODY_BYTES;
            cfg.router.caseInsensitiveRoutes = true;
            cfg.router.ignoreTrailingSlashes = true;

            cfg.routes.get("/health/live", ctx -> ctx.contentType("application/json").result("{\"status\":\"UP\"}"));

            cfg.routes.before(SCIM + "/*", ctx -> {
                checkSize(ctx);
                scim.authenticate(ctx);
            });
            cfg.routes.get(SCIM + "/ServiceProviderConfig", discovery::serviceProviderConfig);
            cfg.routes.get(SCIM + "/serviceConfiguration", discovery::serviceProviderConfig);
            cfg.routes.get(SCIM + "/ResourceTypes", discovery::resourceTypes);
            cfg.routes.get(SCIM + "/Schemas", discovery::schemas);
            cfg.routes.get(SCIM + "/Schemas/{id}", discovery::schema);
            cfg.routes.get(SCIM + "/ResourceTypes/{id}", discovery::resourceType);
            cfg.routes.get(SCIM + "/{endpoint}", scim::list);
            cfg.routes.post(SCIM + "/{endpoint}", scim::create);
            cfg.routes.get(SCIM + "/{endpoint}/{id}", scim::get);
            cfg.routes.put(SCIM + "/{endpoint}/{id}", scim::replace);
            cfg.routes.patch(SCIM + "/{endpoint}/{id}", scim::patch);
            cfg.routes.delete(SCIM + "/{endpoint}/{id}", scim::delete);

            cfg.routes.before("/admin/*", adminRoutes::authenticate);
            cfg.routes.post("/admin/v1/tenants", adminRoutes::create);
            cfg.routes.get("/admin/v1/tenants", adminRoutes::list);
            cfg.routes.get("/admin/v1/tenants/{id}", adminRoutes::get);
            cfg.routes.put("/admin/v1/tenants/{id}/scim", adminRoutes::setScim);
            cfg.routes.post("/admin/v1/tenants/{id}/scim/token", adminRoutes::generateToken);

            cfg.routes.exception(ScimException.class, (e, ctx) -> ScimHttp.error(ctx, e));
            cfg.routes.exception(AdminRoutes.AdminError.class, (e, ctx) -> AdminRoutes.error(ctx, e));
            cfg.routes.exception(TenantAdmin.Unavailable.class, (e, ctx) -> {
                ctx.header("Retry-After", ScimHttp.RETRY_AFTER_SECONDS);
                AdminRoutes.error(ctx, new AdminRoutes.AdminError(503, e.getMessage() + "; retry later"));
            });
            cfg.routes.exception(HttpResponseException.class, (e, ctx) -> httpError(ctx, e.getStatus(), e.getMessage()));
            cfg.routes.exception(Exception.class, (e, ctx) -> internalError(ctx, e));
            cfg.routes.error(404, ctx -> {
                if (ctx.result() == null || ctx.result().isEmpty()) {
                    httpError(ctx, 404, "no such endpoint: " + ctx.path());
                }
            });
            cfg.routes.error(405, ctx -> httpError(ctx, 405, "method not allowed on " + ctx.path()));
        });
        app.start();
        return new ApiServer(app);
    }

    private static void checkSize(Context ctx) {
        if (ctx.contentLength() > MAX_BODY_BYTES) {
            throw ScimException.payloadTooLarge("request bodies are limited to " + MAX_BODY_BYTES + " bytes");
        }
    }

    private static void httpError(Context ctx, int status, String message) {
        if (ctx.path().toLowerCase(Locale.ROOT).startsWith(SCIM)) {
            ScimHttp.error(ctx, ScimHttp.failure(status, message));
        } else {
            ctx.status(status).contentType("application/json")
                    .result(ScimJson.mapper().createObjectNode().put("error", message).toString());
        }
    }

    /** An unexpected failure: logged here, answered without its details. */
    static void internalError(Context ctx, Throwable e) {
        LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
        ScimHttp.error(ctx, ScimHttp.failure(500, "internal error"));
    }

    public int port() {
        return app.port();
    }

    /** Stops accepting requests; in-flight ones finish (Jetty's graceful stop). */
    @Override
    public void close() {
        app.stop();
    }
}
