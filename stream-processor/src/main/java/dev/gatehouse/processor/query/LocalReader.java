package dev.gatehouse.processor.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.pipeline.query.LocalReads;
import dev.gatehouse.pipeline.query.QueryApi;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * Answers the reads of an API instance in this JVM from this processor's stores ({@link LocalReads}),
 * with the query API's own queries ({@link QueryServer#resource}, {@link QueryServer#list},
 * {@link QueryServer#timeline}), where the query API would answer them itself: the tenant's store is
 * active on this instance and queryable, or (a timeline) this instance's timeline store is ready.
 * Everything else is left to the query API (empty): a tenant owned by another instance, a store
 * restoring or moving, a processor not yet running.
 */
public final class LocalReader implements LocalReads.Reader {
    private final QueryBackend backend;

    public LocalReader(QueryBackend backend) {
        this.backend = backend;
    }

    @Override
    public Optional<JsonNode> resource(String tenantId, ResourceType type, String id, boolean members) {
        return here(backend::locate, tenantId, partition -> QueryServer.resource(backend, partition, type, tenantId, id, members));
    }

    @Override
    public Optional<JsonNode> list(String tenantId, ResourceType type, QueryApi.ListQuery query) {
        return here(backend::locate, tenantId, partition -> QueryServer.list(backend, partition, type, tenantId, query));
    }

    @Override
    public Optional<JsonNode> timeline(String tenantId, String resourceId, int limit) {
        try {
            return Optional.of(QueryServer.timeline(backend, tenantId, resourceId, limit));
        } catch (InvalidStateStoreException e) {
            return Optional.empty(); // not caught up yet: the query API answers (503, retried)
        }
    }

    /** {@code query} on the tenant's partition when it is active and queryable here; SCIM errors thrown as they are. */
    private Optional<JsonNode> here(Function<String, QueryBackend.Location> locate, String tenantId,
            IntFunction<JsonNode> query) {
        if (!backend.queryable() || !(locate.apply(tenantId) instanceof QueryBackend.Local local)) {
            return Optional.empty();
        }
        try {
            return Optional.of(query.apply(local.partition()));
        } catch (InvalidStateStoreException e) {
            return Optional.empty(); // it moved or began restoring meanwhile: the query API answers (503, retried)
        }
    }
}
