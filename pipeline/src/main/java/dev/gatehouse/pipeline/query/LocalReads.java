package dev.gatehouse.pipeline.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.contract.ResourceType;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reads for API instances that run in the same JVM as a processor ({@code gatehouse up}), answered from
 * that processor's stores directly instead of through its query API: no HTTP request is sent, served,
 * encoded or parsed. What is read, and from which store, is what the query API would read: a
 * {@link Reader} answers only a tenant whose state is active and queryable on its own processor, exactly
 * where the query API would answer it itself. Any other read (the tenant is owned by another instance,
 * restoring, rebalancing, or no processor runs here) goes to the query API as before, which forwards it,
 * answers 503 or is retried ({@link QueryClient}). So a read after an answered write still sees that
 * write, and no read is answered from a standby.
 *
 * <p>Reads run on a pool of their own ({@value #THREADS} threads, the query API client's size), not on
 * the thread that asks: a scan of a large organization does not hold an API request thread, and one
 * read's completion never runs the next one on its thread.
 */
public final class LocalReads {
    /** No processor in this JVM: every read goes to the query API. */
    public static final LocalReads NONE = new LocalReads();
    /** Reads in flight at once; more wait in order. */
    static final int THREADS = 64;

    /** A processor of this JVM, answering from its own stores. */
    public interface Reader {
        /**
         * The resource as the query API answers it, or empty when its tenant's state is not queryable on
         * this processor now. Absent: a 404 {@code ScimException}, as from the query API.
         */
        Optional<JsonNode> resource(String tenantId, ResourceType type, String id, boolean members);

        /** A ListResponse as the query API answers it, or empty when not queryable here now. */
        Optional<JsonNode> list(String tenantId, ResourceType type, QueryApi.ListQuery query);

        /** {@code {"events": [...]}} as the query API answers it, or empty when not queryable here now. */
        Optional<JsonNode> timeline(String tenantId, String resourceId, int limit);
    }

    private final List<Reader> readers = new CopyOnWriteArrayList<>();
    private final LongAdder answered = new LongAdder();
    private final Executor pool = QueryClient.pool("local-reads", THREADS);

    /** Answers this JVM's reads from {@code reader}'s stores, until {@link #remove}. */
    public void add(Reader reader) {
        if (this == NONE) {
            throw new IllegalStateException("NONE has no processor");
        }
        readers.add(reader);
    }

    public void remove(Reader reader) {
        readers.remove(reader);
    }

    /** Reads answered by a processor of this JVM so far (not by the query API). */
    public long answered() {
        return answered.sum();
    }

    /** The resource from a processor of this JVM where it is queryable, else from {@code remote}. */
    public CompletableFuture<JsonNode> resource(String tenantId, ResourceType type, String id, boolean members,
            Supplier<CompletableFuture<JsonNode>> remote) {
        return read(reader -> reader.resource(tenantId, type, id, members), remote);
    }

    /** A ListResponse from a processor of this JVM where it is queryable, else from {@code remote}. */
    public CompletableFuture<JsonNode> list(String tenantId, ResourceType type, QueryApi.ListQuery query,
            Supplier<CompletableFuture<JsonNode>> remote) {
        return read(reader -> reader.list(tenantId, type, query), remote);
    }

    /** A timeline from a processor of this JVM where it is queryable, else from {@code remote}. */
    public CompletableFuture<JsonNode> timeline(String tenantId, String resourceId, int limit,
            Supplier<CompletableFuture<JsonNode>> remote) {
        return read(reader -> reader.timeline(tenantId, resourceId, limit), remote);
    }

    private CompletableFuture<JsonNode> read(Function<Reader, Optional<JsonNode>> query,
            Supplier<CompletableFuture<JsonNode>> remote) {
        if (readers.isEmpty()) {
            return remote.get();
        }
        return CompletableFuture.supplyAsync(() -> {
            for (Reader reader : readers) {
                Optional<JsonNode> answer = query.apply(reader);
                if (answer.isPresent()) {
                    answered.increment();
                    return answer;
                }
            }
            return Optional.<JsonNode>empty();
        }, pool).thenCompose(answer -> answer.map(CompletableFuture::completedFuture).orElseGet(remote));
    }
}
