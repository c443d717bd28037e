package dev.gatehouse.api.read;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.api.command.TenantAdmission;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.pipeline.query.LocalReads;
import dev.gatehouse.pipeline.query.QueryApi;
import dev.gatehouse.pipeline.query.QueryClient;
import dev.gatehouse.scim.ScimException;
import dev.gatehouse.scim.limits.Limits;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The read path: asks the stream processor's query endpoint ({@link QueryClient}), which forwards to
 * the instance owning the tenant's partition, so a read after an answered write sees that write.
 * Non-blocking. An API instance sharing its JVM with a processor reads that processor's stores directly
 * where the query API would answer from them itself ({@link LocalReads}), without the HTTP round trip.
 *
 * <p>With several processors ({@code GATEHOUSE_PROCESSOR_URL} a comma-separated list) any of them
 * answers any tenant, so reads go to one and move on to the next when it cannot be reached or
 * answers 503; once every processor has failed in a row the reader pauses briefly and tries again,
 * for at most {@link #RETRY_BUDGET}, and past it the API answers 503 itself
 * ({@link QueryClient.Settings#READS}).
 */
public final class StateReader {
    private static final Duration TIMEOUT = QueryClient.Settings.READS.requestTimeout();
    /** How long a read keeps trying processors before it answers 503. */
    static final Duration RETRY_BUDGET = QueryClient.Settings.READS.retryBudget();

    private final QueryClient processors;
    private final LocalReads local;

    /** {@code processorUrls}: one query endpoint URL, or a comma-separated list of them. */
    public StateReader(String processorUrls) {
        this(processorUrls, LocalReads.NONE);
    }

    /** As {@link #StateReader(String)}, reading from the stores of this JVM's processors ({@code local}) where they are queryable. */
    public StateReader(String processorUrls, LocalReads local) {
        this.processors = new QueryClient(processorUrls, QueryClient.Settings.READS, "state-reader");
        this.local = local;
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
     * processor then does not read at all (for {@code excludedAttributes=members}, docs/entra-id.md §3).
     */
    public CompletableFuture<JsonNode> get(String tenantId, ResourceType type, String id, boolean members) {
        return admitted(tenantId, () -> local.resource(tenantId, type, id, members,
                () -> processors.resource(tenantId, type, id, members)));
    }

    /** A ListResponse of full resources (groups without members when the query says so). */
    public CompletableFuture<JsonNode> list(String tenantId, ResourceType type, QueryApi.ListQuery list) {
        return admitted(tenantId, () -> local.list(tenantId, type, list, () -> processors.list(tenantId, type, list)));
    }

    /**
     * A person's (a resource's) timeline, newest first, at most {@code limit} events (1 to
     * {@link QueryApi#MAX_TIMELINE_LIMIT}), in the admin API's shape ({@link TimelineView}):
     * {@code {"events": [...]}}. The same on every API instance: the processor keeps it from the timeline
     * topic. Admitted as the other reads of the organization are.
     */
    public CompletableFuture<JsonNode> timeline(String tenantId, String resourceId, int limit) {
        if (limit < 1 || limit > QueryApi.MAX_TIMELINE_LIMIT) {
            return CompletableFuture.failedFuture(
                    ScimException.invalidValue("limit must be 1-" + QueryApi.MAX_TIMELINE_LIMIT));
        }
        return admitted(tenantId, () -> local.timeline(tenantId, resourceId, limit,
                () -> processors.timeline(tenantId, resourceId, limit)).thenApply(TimelineView::of));
    }

    /** {@code read}, once the organization's reads in flight leave room (within the read timeout). */
    private CompletableFuture<JsonNode> admitted(String tenantId, Supplier<CompletableFuture<JsonNode>> read) {
        return reads.admit(tenantId, 1).orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionallyCompose(e -> CompletableFuture.failedFuture(e instanceof TimeoutException
                        ? ScimException.unavailable("this organization's earlier reads are still running; retry later")
                        : e))
                .thenCompose(permit -> read.get().whenComplete((answer, error) -> permit.release()));
    }
}
