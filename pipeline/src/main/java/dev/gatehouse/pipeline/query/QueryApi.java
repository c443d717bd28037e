package dev.gatehouse.pipeline.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.scim.ScimJson;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The stream processor's internal query API, as both sides speak it: the processor's query server
 * routes by these paths and reads these parameters; {@link QueryClient} (the API's read path, the
 * rebuild's checksum comparison) builds requests from them and reads the answers. An API instance of
 * one release may ask a processor of the next during a rolling upgrade, so what is here is a wire
 * format: paths, parameter names and values, and answer shapes change only compatibly.
 *
 * <ul>
 *   <li>{@code GET /internal/v1/health} → {@code {"state": "RUNNING"}} (503 while not running)</li>
 *   <li>{@code GET /internal/v1/tenants/{tenantId}/{Users|Groups}/{id}[?members=false]} → the resource,
 *       or a SCIM error (404)</li>
 *   <li>{@code GET /internal/v1/tenants/{tenantId}/{Users|Groups}?startIndex=&count=&filter=&sortBy=&sortOrder=[&members=false]}
 *       → a SCIM ListResponse</li>
 *   <li>{@code GET /internal/v1/tenants/{tenantId}/checksum} → a {@link Checksum}</li>
 *   <li>{@code GET /internal/v1/tenants/{tenantId}/timeline/{id}?limit=N} → {@code {"events": [TimelineEvent…]}},
 *       newest first, at most {@code limit} (1 to {@value #MAX_TIMELINE_LIMIT}, default
 *       {@value #DEFAULT_TIMELINE_LIMIT})</li>
 * </ul>
 * Every answer is {@code application/scim+json; charset=utf-8}; errors are RFC 7644 §3.12 bodies; 503
 * (with {@code Retry-After: 1}) means "ask again, here or at another processor", never stale data.
 * Path segments and parameter values are percent-encoded as UTF-8, a space as {@code %20}.
 */
public final class QueryApi {
    public static final String PREFIX = "/internal/v1";

    /** Server routes (path templates); the segment names are those of {@link #TENANT_ID}, {@link #ENDPOINT}, {@link #ID}. */
    public static final String HEALTH = PREFIX + "/health";
    public static final String CHECKSUM_ROUTE = PREFIX + "/tenants/{tenantId}/checksum";
    public static final String RESOURCE_ROUTE = PREFIX + "/tenants/{tenantId}/{endpoint}/{id}";
    public static final String LIST_ROUTE = PREFIX + "/tenants/{tenantId}/{endpoint}";
    public static final String TIMELINE_ROUTE = PREFIX + "/tenants/{tenantId}/timeline/{id}";
    public static final String TENANT_ID = "tenantId";
    public static final String ENDPOINT = "endpoint";
    public static final String ID = "id";

    /** Query parameters (RFC 7644 §3.4.2 names), and {@code members=false} to leave groups' members out. */
    public static final String FILTER = "filter";
    public static final String START_INDEX = "startIndex";
    public static final String COUNT = "count";
    public static final String SORT_BY = "sortBy";
    public static final String SORT_ORDER = "sortOrder";
    public static final String MEMBERS = "members";
    public static final String WITHOUT_MEMBERS = "false";
    public static final int DEFAULT_START_INDEX = 1;
    public static final int DEFAULT_COUNT = 100;

    /** A timeline's parameter: how many events, newest first; and the answer's one field. */
    public static final String LIMIT = "limit";
    public static final int DEFAULT_TIMELINE_LIMIT = 100;
    public static final int MAX_TIMELINE_LIMIT = 500;
    public static final String EVENTS = "events";

    /** Headers: the mark of a request one processor forwarded to another (forwarded at most once), and the 503's. */
    public static final String FORWARDED_HEADER = "X-Gatehouse-Forwarded";
    public static final String FORWARDED_VALUE = "1";
    public static final String RETRY_AFTER = "Retry-After";
    public static final String RETRY_AFTER_SECONDS = "1";

    /** The answers' media type; bodies are UTF-8, said so in the {@link #CONTENT_TYPE}. */
    public static final String SCIM_JSON = "application/scim+json";
    public static final String CONTENT_TYPE = SCIM_JSON + "; charset=utf-8";

    /** The health answer's one field. */
    public static final String STATE = "state";

    private QueryApi() {
    }

    /** The health answer: {@code {"state": state}}. */
    public static ObjectNode health(String state) {
        return ScimJson.mapper().createObjectNode().put(STATE, state);
    }

    /** Whether a {@link #MEMBERS} parameter's value keeps groups' members: anything but {@code false} (any case), or none, does. */
    public static boolean keepsMembers(String value) {
        return !WITHOUT_MEMBERS.equalsIgnoreCase(value);
    }

    /** The path (and query) of one resource. */
    public static String resourcePath(String tenantId, ResourceType type, String id, boolean members) {
        return listPath(tenantId, type) + "/" + encode(id) + (members ? "" : "?" + MEMBERS + "=" + WITHOUT_MEMBERS);
    }

    /** The path and query of a list. */
    public static String listPath(String tenantId, ResourceType type, ListQuery list) {
        StringBuilder query = new StringBuilder("?").append(START_INDEX).append('=').append(list.startIndex())
                .append('&').append(COUNT).append('=').append(list.count());
        appendIfPresent(query, FILTER, list.filter());
        appendIfPresent(query, SORT_BY, list.sortBy());
        appendIfPresent(query, SORT_ORDER, list.sortOrder());
        if (!list.members()) {
            query.append('&').append(MEMBERS).append('=').append(WITHOUT_MEMBERS);
        }
        return listPath(tenantId, type) + query;
    }

    /** The path of a tenant's checksum. */
    public static String checksumPath(String tenantId) {
        return PREFIX + "/tenants/" + encode(tenantId) + "/checksum";
    }

    /** The path and query of a resource's timeline. */
    public static String timelinePath(String tenantId, String resourceId, int limit) {
        return PREFIX + "/tenants/" + encode(tenantId) + "/timeline/" + encode(resourceId) + "?" + LIMIT + "=" + limit;
    }

    private static String listPath(String tenantId, ResourceType type) {
        return PREFIX + "/tenants/" + encode(tenantId) + "/" + type.endpoint();
    }

    private static void appendIfPresent(StringBuilder query, String name, String value) {
        if (value != null && !value.isBlank()) {
            query.append('&').append(name).append('=').append(encode(value));
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
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

    /**
     * The checksum answer: a tenant's counts of users, groups and memberships and the SHA-256 over them
     * (hex), as {@code {"users": n, "groups": n, "memberships": n, "sha256": "…"}}.
     */
    public record Checksum(long users, long groups, long memberships, String sha256) {
        public ObjectNode toJson() {
            return ScimJson.mapper().createObjectNode().put("users", users).put("groups", groups)
                    .put("memberships", memberships).put("sha256", sha256);
        }

        public static Checksum fromJson(JsonNode json) {
            return new Checksum(json.path("users").asLong(), json.path("groups").asLong(),
                    json.path("memberships").asLong(), json.path("sha256").asText());
        }
    }
}
