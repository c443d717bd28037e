package dev.gatehouse.api.read;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.scim.ScimException;
import dev.gatehouse.scim.ScimJson;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The read path: asks the stream processor's query endpoint, which forwards to the instance owning
 * the tenant's partition, so a read after an answered write sees that write. Non-blocking for the
 * caller: the returned future completes on a reader thread.
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
    /** Reads in flight per API instance; more wait in the queue (each is one pooled connection). */
    private static final int READERS = 64;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final Executor readers = readerPool();
    private final String baseUrl;

    public StateReader(String processorUrl) {
        this.baseUrl = processorUrl.endsWith("/") ? processorUrl.substring(0, processorUrl.length() - 1) : processorUrl;
    }

    /** One resource; completes with a 404 ScimException when absent. */
    public CompletableFuture<JsonNode> get(String tenantId, ResourceType type, String id) {
        return get(tenantId, type, id, true);
    }

    /**
     * One resource; with {@code members} false a group comes without its members, which the
     * processor then does not read at all (for {@code excludedAttributes=members}, ENTRA_SCIM.md §3).
     */
    public CompletableFuture<JsonNode> get(String tenantId, ResourceType type, String id, boolean members) {
        return fetch(path(tenantId, type) + "/" + encode(id) + (members ? "" : "?members=false"));
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
        return fetch(path(tenantId, type) + query);
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

    private String path(String tenantId, ResourceType type) {
        return baseUrl + "/internal/v1/tenants/" + encode(tenantId) + "/" + type.endpoint();
    }

    private CompletableFuture<JsonNode> fetch(String url) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build();
        return send(request).handle((response, error) -> {
            if (error != null) {
                throw ScimException.unavailable("directory state is unavailable; retry later");
            }
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
