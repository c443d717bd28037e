package dev.gatehouse.pipeline.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.scim.ScimException;
import dev.gatehouse.scim.ScimJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The client of the processor's query API ({@link QueryApi}). Non-blocking.
 *
 * <p>With several processors (a comma-separated list of query endpoint URLs) any of them answers any
 * tenant, so requests go to one and move on to the next when it cannot be reached or answers 503 (it
 * is rebalancing, or the owner it forwards to is gone). Once every processor has failed in a row the
 * client pauses briefly and tries again, for at most the {@link Settings#retryBudget}: a handover
 * between instances usually ends within it, and past it the request fails with a SCIM 503.
 *
 * <p>Client settings, each from a profile of the API's GET path: HTTP/1.1, because the processor
 * speaks nothing else and the JDK client's default (HTTP/2) adds an h2c upgrade offer to plain-http
 * requests; and blocking {@code send} on a small pool of threads instead of {@code sendAsync},
 * because {@code sendAsync} hands every answer to {@code CompletableFuture}'s default executor, which
 * on a machine with fewer than three cores starts a new thread per task (22,000 threads in one bench
 * run).
 */
public final class QueryClient {
    /** The pause after every processor failed once in a row. */
    private static final long ROUND_PAUSE_MS = 200;
    /** Requests in flight per client; more wait in the queue (each is one pooled connection). */
    private static final int SENDERS = 64;

    /**
     * {@code connectTimeout} and {@code requestTimeout} per attempt; {@code retryBudget}: how long a
     * request keeps trying processors (zero: one attempt).
     */
    public record Settings(Duration connectTimeout, Duration requestTimeout, Duration retryBudget) {
        /** The API's read path: a read keeps trying for 3 s, each attempt within 10 s. */
        public static final Settings READS = new Settings(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(3));
    }

    private final Settings settings;
    private final HttpClient http;
    private final Executor senders;
    private final List<String> baseUrls;
    /** The processor tried first: the last one that answered, so a dead one costs one failed attempt. */
    private final AtomicInteger preferred = new AtomicInteger();

    /** {@code processorUrls}: one query endpoint URL, or a comma-separated list of them. */
    public QueryClient(String processorUrls, Settings settings, String threadName) {
        List<String> urls = new ArrayList<>();
        for (String part : processorUrls.split(",")) {
            String url = part.trim();
            if (!url.isEmpty()) {
                urls.add(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
            }
        }
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("no processor URL in '" + processorUrls + "'");
        }
        this.baseUrls = List.copyOf(urls);
        this.settings = settings;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout()).build();
        this.senders = pool(threadName, SENDERS);
    }

    /** One resource; completes with a 404 ScimException when absent. Groups come without members unless {@code members}. */
    public CompletableFuture<JsonNode> resource(String tenantId, ResourceType type, String id, boolean members) {
        return fetch(QueryApi.resourcePath(tenantId, type, id, members));
    }

    /** A ListResponse of full resources (groups without members when the query says so). */
    public CompletableFuture<JsonNode> list(String tenantId, ResourceType type, QueryApi.ListQuery query) {
        return fetch(QueryApi.listPath(tenantId, type, query));
    }

    /** The tenant's checksum. */
    public CompletableFuture<QueryApi.Checksum> checksum(String tenantId) {
        return fetch(QueryApi.checksumPath(tenantId)).thenApply(QueryApi.Checksum::fromJson);
    }

    /**
     * A resource's timeline as the processor keeps it: {@code {"events": [TimelineEvent…]}}, newest first,
     * at most {@code limit} (1 to {@link QueryApi#MAX_TIMELINE_LIMIT}).
     */
    public CompletableFuture<JsonNode> timeline(String tenantId, String resourceId, int limit) {
        return fetch(QueryApi.timelinePath(tenantId, resourceId, limit));
    }

    /** {@code path} on the preferred processor, failing over as the class comment says. */
    private CompletableFuture<JsonNode> fetch(String path) {
        int first = preferred.get();
        return attempt(path, first, first, System.nanoTime() + settings.retryBudget().toNanos());
    }

    private CompletableFuture<JsonNode> attempt(String path, int index, int roundStart, long deadline) {
        int slot = Math.floorMod(index, baseUrls.size());
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrls.get(slot) + path))
                .timeout(settings.requestTimeout()).GET().build();
        return send(request)
                .handle((response, error) -> error != null || response.statusCode() == 503
                        ? null : response)
                .thenCompose(response -> {
                    if (response != null) {
                        preferred.set(slot);
                        return CompletableFuture.completedFuture(answer(response));
                    }
                    // Unreachable or unavailable: the next processor, after a pause once all failed in a row.
                    preferred.compareAndSet(slot, Math.floorMod(slot + 1, baseUrls.size()));
                    if (System.nanoTime() >= deadline) {
                        return CompletableFuture.failedFuture(
                                ScimException.unavailable("directory state is unavailable; retry later"));
                    }
                    int next = index + 1;
                    if (Math.floorMod(next - roundStart, baseUrls.size()) != 0) {
                        return attempt(path, next, roundStart, deadline);
                    }
                    Executor later = CompletableFuture.delayedExecutor(ROUND_PAUSE_MS, TimeUnit.MILLISECONDS);
                    return CompletableFuture.supplyAsync(() -> next, later)
                            .thenCompose(n -> attempt(path, n, n, deadline));
                });
    }

    /** The answer, fetched on a sender thread; completes exceptionally on I/O failure or timeout. */
    private CompletableFuture<HttpResponse<byte[]>> send(HttpRequest request) {
        CompletableFuture<HttpResponse<byte[]>> answer = new CompletableFuture<>();
        try {
            senders.execute(() -> {
                try {
                    answer.complete(http.send(request, HttpResponse.BodyHandlers.ofByteArray()));
                } catch (IOException | RuntimeException e) {
                    answer.completeExceptionally(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    answer.completeExceptionally(e);
                }
            });
        } catch (RuntimeException e) {
            answer.completeExceptionally(e);
        }
        return answer;
    }

    /** {@code threads} daemon threads that end after a minute idle, so an idle client holds none; more tasks wait in order. */
    static Executor pool(String threadName, int threads) {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, threadName + "-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** A processor's definitive answer: the JSON on 200, else its SCIM error. */
    private static JsonNode answer(HttpResponse<byte[]> response) {
        JsonNode body = parse(response.body());
        if (response.statusCode() == 200) {
            if (body == null || !body.isObject()) {
                // Logged by the caller's 500 handler with this message, not as a bare NPE.
                throw new IllegalStateException("the processor answered 200 with a body that is not a JSON object");
            }
            return body;
        }
        if (body != null && body.isObject() && body.has("status")) {
            throw ScimException.fromBody((ObjectNode) body);
        }
        throw ScimException.unavailable("directory state is unavailable; retry later");
    }

    private static JsonNode parse(byte[] bytes) {
        try {
            return ScimJson.mapper().readTree(bytes);
        } catch (IOException e) {
            return null;
        }
    }
}
