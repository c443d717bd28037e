package dev.gatehouse.sync;

import dev.gatehouse.pipeline.observe.Health;
import dev.gatehouse.pipeline.observe.ServiceMetrics;
import io.javalin.Javalin;
import io.javalin.util.ConcurrencyUtil;

/**
 * access-sync's only HTTP endpoint ({@code GATEHOUSE_SYNC_HTTP_PORT}, default 8082): {@code /metrics}
 * (Prometheus), {@code /health/live} and {@code /health/ready}. It serves no data: delivery needs no
 * inbound traffic.
 */
final class SyncHttpServer implements AutoCloseable {
    private final Javalin app;

    private SyncHttpServer(Javalin app) {
        this.app = app;
    }

    static SyncHttpServer start(String host, int port, ServiceMetrics metrics, Health health) {
        Javalin app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            // Javalin's default pool (8 to 250 threads), named so that its threads say which server they serve.
            cfg.jetty.threadPool = ConcurrencyUtil.jettyThreadPool("SyncHttpServer", 8, 250, false);
            cfg.jetty.host = host;
            cfg.jetty.port = port;
            cfg.routes.get("/metrics", ctx -> ctx.contentType(ServiceMetrics.CONTENT_TYPE).result(metrics.scrape()));
            cfg.routes.get("/health/live", ctx -> ctx.contentType("application/json").result(Health.LIVE));
            cfg.routes.get("/health/ready", ctx -> {
                Health.Report report = health.ready();
                ctx.status(report.status()).contentType("application/json").result(report.json());
            });
        });
        app.start();
        return new SyncHttpServer(app);
    }

    int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
