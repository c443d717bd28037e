package dev.gatehouse.processor.query;

import dev.gatehouse.pipeline.query.QueryApi;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Forwards a query to the instance that owns the tenant's partition (its {@code application.server})
 * and relays the answer. A forwarded request is marked, so it is forwarded at most once: two
 * instances with different views of a rebalance cannot bounce it between them.
 */
final class Forwarder {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    // HTTP/1.1: the query server speaks nothing else (the default HTTP/2 only adds an h2c upgrade offer).
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    static boolean wasForwarded(Context ctx) {
        return ctx.header(QueryApi.FORWARDED_HEADER) != null;
    }

    void forward(Context ctx, QueryBackend.Remote owner) {
        String query = ctx.queryString();
        URI uri = URI.create("http://" + owner.host() + ":" + owner.port() + ctx.path()
                + (query == null || query.isEmpty() ? "" : "?" + query));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .header(QueryApi.FORWARDED_HEADER, QueryApi.FORWARDED_VALUE).GET().build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            response.headers().firstValue(QueryApi.RETRY_AFTER).ifPresent(v -> ctx.header(QueryApi.RETRY_AFTER, v));
            ctx.status(response.statusCode())
                    .contentType(response.headers().firstValue("Content-Type").orElse(QueryApi.SCIM_JSON))
                    .result(response.body());
        } catch (IOException e) {
            QueryServer.unavailable(ctx);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            QueryServer.unavailable(ctx);
        }
    }
}
