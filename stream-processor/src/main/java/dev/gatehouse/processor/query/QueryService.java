package dev.gatehouse.processor.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.pipeline.query.QueryApi;
import dev.gatehouse.processor.store.Directory;
import dev.gatehouse.processor.store.MemberNames;
import dev.gatehouse.processor.store.StateChecksum;
import dev.gatehouse.processor.store.StoredResource;
import dev.gatehouse.processor.store.Views;
import dev.gatehouse.scim.ScimJson;
import dev.gatehouse.scim.filter.ScimFilter;
import dev.gatehouse.scim.schema.ScimSchemas;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads over one partition's stores: a resource by id, and SCIM list/filter queries (RFC 7644
 * §3.4.2). Lists are in id order (the store's key order), which is stable across calls and
 * instances, so startIndex paging neither skips nor repeats resources that did not change.
 */
public final class QueryService {
    public static final int DEFAULT_COUNT = QueryApi.DEFAULT_COUNT;
    public static final int MAX_COUNT = 1000;

    private final Directory directory;

    public QueryService(Directory directory) {
        this.directory = directory;
    }

    /**
     * The resource in read form (group with "members", each with {@code value}, {@code display} and
     * {@code type}; user with "groups"), if it exists.
     */
    public Optional<ObjectNode> get(ResourceType type, String tenantId, String id) {
        return get(type, tenantId, id, true);
    }

    /**
     * The resource in read form; with {@code members} false a group comes without its
     * {@code "members"} attribute, which is then neither scanned nor resolved: Entra reads groups with
     * {@code excludedAttributes=members} (docs/entra-id.md §3 items 1 and 3, quirk 14), and a group of
     * 50,000 members must not be materialized only to be dropped by the API's projection.
     */
    public Optional<ObjectNode> get(ResourceType type, String tenantId, String id, boolean members) {
        return directory.find(type, tenantId, id).map(stored -> !members && type == ResourceType.GROUP
                ? stored.resource().deepCopy() : readForm(type, tenantId, id, stored));
    }

    /**
     * A ListResponse page. {@code startIndex} is 1-based (values below 1 mean 1); {@code count} is
     * capped at {@link #MAX_COUNT} and 0 asks for totalResults only (RFC 7644 §3.4.2.4).
     *
     * @param filter a SCIM filter or null/blank for all; a bad filter is a 400 ScimException
     */
    public ObjectNode list(ResourceType type, String tenantId, String filter, int startIndex, int count) {
        return list(type, tenantId, filter, startIndex, count, null, null);
    }

    /**
     * A ListResponse page sorted by {@code sortBy} in {@code sortOrder} (RFC 7644 §3.4.2.3); without
     * sortBy the order is the id order.
     */
    public ObjectNode list(ResourceType type, String tenantId, String filter, int startIndex, int count,
            String sortBy, String sortOrder) {
        return list(type, tenantId, filter, startIndex, count, sortBy, sortOrder, true);
    }

    /** As {@link #list(ResourceType, String, String, int, int, String, String)}; {@code members} as in {@link #get(ResourceType, String, String, boolean)}. */
    public ObjectNode list(ResourceType type, String tenantId, String filter, int startIndex, int count,
            String sortBy, String sortOrder, boolean members) {
        int start = Math.max(1, startIndex);
        int size = Math.min(Math.max(0, count), MAX_COUNT);
        List<String> ids = new FilterPlanner(directory, type, tenantId).matchingIds(
                filter == null || filter.isBlank() ? null : ScimFilter.parse(filter));
        Optional<SortKey> sort = SortKey.parse(sortBy, sortOrder);
        if (sort.isPresent()) {
            // Sorting reads every match; members only when they are the sort key.
            boolean sortsByMembers = sortBy.toLowerCase(Locale.ROOT).contains(Views.relatedAttribute(type));
            ids = sorted(type, tenantId, ids, sort.get(), members || sortsByMembers);
        }
        ObjectNode response = ScimJson.mapper().createObjectNode();
        response.putArray("schemas").add(ScimSchemas.LIST_RESPONSE);
        response.put("totalResults", ids.size());
        response.put("startIndex", start);
        List<ObjectNode> page = new ArrayList<>();
        for (int i = start - 1; i < ids.size() && page.size() < size; i++) {
            get(type, tenantId, ids.get(i), members).ifPresent(page::add);
        }
        response.put("itemsPerPage", page.size());
        if (size > 0) {
            ArrayNode resources = response.putArray("Resources");
            page.forEach(resources::add);
        }
        return response;
    }

    /** Sorting needs every match's value: O(matches log matches), stable, ties in id order. */
    private List<String> sorted(ResourceType type, String tenantId, List<String> ids, SortKey key, boolean members) {
        Comparator<JsonNode> byKey = key.comparator();
        List<ObjectNode> resources = new ArrayList<>();
        ids.forEach(id -> get(type, tenantId, id, members).ifPresent(resources::add));
        resources.sort(byKey);
        return resources.stream().map(r -> r.path("id").asText()).toList();
    }

    /** The tenant's fingerprint (see {@link StateChecksum}). */
    public StateChecksum checksum(String tenantId) {
        return StateChecksum.of(directory, tenantId);
    }

    private ObjectNode readForm(ResourceType type, String tenantId, String id, StoredResource stored) {
        // Members are shown with their names (one user lookup each): Microsoft's conformance
        // collection checks that GET /Groups/{id} names its members.
        return Views.readForm(type, stored.resource(), directory.related(type, tenantId, id),
                MemberNames.of(directory, tenantId, id));
    }
}
