package dev.gatehouse.api.read;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.api.command.TenantAdmission;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.scim.ScimException;
import dev.gatehouse.scim.ScimJson;
import dev.gatehouse.scim.limits.Limits;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The read path: asks the stream processor's query endpoint, which forwards to the instance owning
 * the tenant's partition, so a read after an answered write sees that write. Non-blocking.
 *
 * <p>With several processors ({@code GATEHOUSE_PROCESSOR_URL} a comma-separated list) any of them
 * answers any tenant, so reads go to one and move on to the next when it cannot be reached or
 * answers 503 (it is rebalancing, or the owner it forwards to is gone). Once every processor has
 * failed in a row the reader pauses briefly and tries again, for at most {@link #RETRY_BUDGET}: a
 * handover between instances usually ends within it, and past it the API answers 503 itself.
 *
 * <p>Client settings, each from a profile of the GET path: HTTP/1.1, because the processor speaks
 * nothing else and the JDK client's default (HTTP/2) adds an h2c upgrade offer to plain-http
 * requests; and blocking {@code send} on a small pool of reader threads instead of
 * {@code sendAsync}, because {@code sendAsync} hands every answer to
 * {@code CompletableFuture}'s default executor, which on a machine with fewer than three cores
 * starts a new thread per task (22,000 threads in one bench run).
 */
public final class StateReader {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** How long a read keeps trying processors before it answers 503. */
    static final Duration RETRY_BUDGET = Duration.ofSeconds(3);
    /** The pause after every processor failed once in a row. */
    private static final long ROUND_PAUSE_MS = 200;
    /** Reads in flight per API instance; more wait in the queue (each is one pooled connection). */
    private static final int READERS = 64;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final Executor readers = readerPool();
    private final List<String> baseUrls;
    /** The processor tried first: the last one that answered, so a dead one costs one failed attempt. */
    private final AtomicInteger preferred = new AtomicInteger();

    /** {@code processorUrls}: one query endpoint URL, or a comma-separated list of them. */
    public StateReader(String processorUrls) {
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
    }

    /**
     * Reads of one organization in flight at this instance ({@link Limits#READS_IN_FLIGHT}); more wait
     * in order, and past {@link Limits#READS_WAITING} waiting, 429. A filter the indexes cannot answer
     * is a scan of the organization's resources on the processor: without this, one organization's
     * concurrent scans could take every query thread and core the processor has.
     */
    private final TenantAdmission reads = new TenantAdmission(Limits.READS_IN_FLIGHT, Limits.READS_WAITING);

    /** One resource; completes with a 404 ScimException when absent. */
    public CompletableFuture<JsonNode> get(String tenantId, ResourceType type, String id) {
        return get(tenantId, type, id, true);
    }

    /**
     * One resource; with {@code members} false a group comes without its members, which the
     * processor then does not read at all (for {@code excludedAttributes=members}, ENTRA_SCIM.md §3).
     */
    public CompletableFuture<JsonNode> get(String tenantId, ResourceType type, String id, boolean members) {
        return admitted(tenantId, path(tenantId, type) + "/" + encode(id) + (members ? "" : "?members=false"));
    }

    /** A ListResponse of full resources (groups without members when the query says so). */
    public CompletableFuture<JsonNode> list(String tenantId, ResourceType type, ListQuery list) {
        StringBuilder query = new StringBuilder("?startIndex=").append(list.startIndex()).append("&count=").append(list.count());
        appendIfPresent(query, "filter", list.filter());
        appendIfPresent(query, "sortBy", list.sortBy());
        appendIfPresent(query, "sortOrder", list.sortOrder());
        if (!list.members()) {
            query.append("&members=false");
        }
        return admitted(tenantId, path(tenantId, type) + query);
    }

    /** {@code path}, once the organization's reads in flight leave room (within the read timeout). */
    private CompletableFuture<JsonNode> admitted(String tenantId, String path) {
        return reads.admit(tenantId, 1).orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionallyCompose(e -> CompletableFuture.failedFuture(e instanceof TimeoutException
                        ? ScimException.unavailable("this organization's earlier reads are still running; retry later")
                        : e))
                .thenCompose(permit -> fetch(path).whenComplete((answer, error) -> permit.release()));
    }

    /**
     * A list request's parameters (RFC 7644 §3.4.2); null where absent. {@code members} false leaves
     * groups' members out.
     */
    public record ListQuery(String filter, int startIndex, int count, String sortBy, String sortOrder, boolean members) {
        public ListQuery(String filter, int startIndex, int count, String sortBy, String sortOrder) {
            this(filter, startIndex, count, sortBy, sortOrder, true);
        }
    }

    private static void appendIfPresent(StringBuilder query, String name, String value) {
        if (value != null && !value.isBlank()) {
            query.append('&').append(name).append('=').append(encode(value));
        }
    }

    private static String path(String tenantId, ResourceType type) {
        return "/internal/v1/tenants/" + encode(tenantId) + "/" + type.endpoint();
    }

    /** {@code path} on the preferred processor, failing over as the class comment says. */
    private CompletableFuture<JsonNode> fetch(String path) {
        int first = preferred.get();
        return attempt(path, first, first, System.nanoTime() + RETRY_BUDGET.toNanos());
    }

    private CompletableFuture<JsonNode> attempt(String path, int index, int roundStart, long deadline) {
        int slot = Math.floorMod(index, baseUrls.size());
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrls.get(slot) + path)).timeout(TIMEOUT).GET().build();
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

    /** The answer, fetched on a reader thread; completes exceptionally on I/O failure or timeout. */
    private CompletableFuture<HttpResponse<byte[]>> send(HttpRequest request) {
        CompletableFuture<HttpResponse<byte[]>> answer = new CompletableFuture<>();
        try {
            readers.execute(() -> {
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

    /** Daemon threads that end after a minute idle, so an idle API holds none. */
    private static Executor readerPool() {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(READERS, READERS, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "state-reader-" + n.incrementAndGet());
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
            throw ScimException.fromBody((com.fasterxml.jackson.databind.node.ObjectNode) body);
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

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
