package dev.gatehouse.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.gatehouse.api.read.StateReader;
import dev.gatehouse.api.tenant.TenantAdmin;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.pipeline.query.QueryApi;
import dev.gatehouse.scim.ScimException;
import dev.gatehouse.scim.ScimJson;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * The people of an organization, for the question support always gets ("why can't Alice open the
 * door?"):
 * <ul>
 *   <li>{@code GET /admin/v1/tenants/{id}/users?search=text&limit=N}: users whose userName, display
 *       name, an email or externalId contains the text (case-insensitive), or, with no text, the most
 *       recently changed ones: {@code {"users": [{"id", "userName", "displayName", "active", "version"}]}};</li>
 *   <li>{@code GET /admin/v1/tenants/{id}/users/{userId}}: one person's current state (active, groups,
 *       metadata) and what each door system last confirmed for them;</li>
 *   <li>{@code GET /admin/v1/tenants/{id}/users/{userId}/timeline?limit=N}: every SCIM write that touched
 *       them and every door system's push of each version, newest first, from the timeline topic.</li>
 * </ul>
 * Reads go through the processor's query API like SCIM reads, admitted by the same per-organization
 * read limit; a search that no index answers is a scan of the organization's users there.
 */
record PeopleRoutes(TenantAdmin admin, StateReader reader, DoorStatusRoutes doors) {
    /** The longest search text: a person's name or address, not a filter. */
    static final int SEARCH_CHARS = 100;
    static final int MAX_RESULTS = 100;
    static final int MAX_EVENTS = 500;
    static final int NAMED_GROUPS = 90;
    static final int IDS_PER_READ = 30;

    void search(Context ctx) {
        String tenantId = tenant(ctx);
        String text = ctx.queryParam("search");
        text = text == null ? "" : text.strip();
        if (text.length() > SEARCH_CHARS) {
            throw new AdminHttp.AdminError(400, "\"search\" is limited to " + SEARCH_CHARS + " characters");
        }
        int limit = AdminHttp.limit(ctx, 25, MAX_RESULTS);
        QueryApi.ListQuery query = text.isEmpty()
                ? new QueryApi.ListQuery(null, 1, limit, "meta.lastModified", "descending", false)
                : new QueryApi.ListQuery(filter(text), 1, limit, "userName", "ascending", false);
        answer(ctx, reader.list(tenantId, ResourceType.USER, query), list -> {
            ObjectNode body = ScimJson.mapper().createObjectNode();
            ArrayNode users = body.putArray("users");
            for (JsonNode user : list.path("Resources")) {
                users.addObject()
                        .put("id", user.path("id").asText())
                        .put("userName", user.path("userName").asText())
                        .put("displayName", displayName(user))
                        .put("active", user.path("active").asBoolean(true))
                        .put("version", DoorStatusRoutes.version(user.path("meta").path("version").asText("")));
            }
            AdminHttp.json(ctx, 200, body);
        });
    }

    void person(Context ctx) {
        String tenantId = tenant(ctx);
        String userId = ctx.pathParam("userId");
        answer(ctx, reader.get(tenantId, ResourceType.USER, userId).thenCompose(user -> groupNames(tenantId, user)
                .thenApply(names -> view(tenantId, userId, user, names))), body -> AdminHttp.json(ctx, 200, body));
    }

    private ObjectNode view(String tenantId, String userId, JsonNode user, Map<String, String> groupNames) {
        long version = DoorStatusRoutes.version(user.path("meta").path("version").asText(""));
        ObjectNode body = ScimJson.mapper().createObjectNode()
                .put("id", user.path("id").asText())
                .put("userName", user.path("userName").asText())
                .put("displayName", displayName(user))
                .put("active", user.path("active").asBoolean(true))
                .put("version", version)
                .put("created", user.path("meta").path("created").asText(null))
                .put("lastModified", user.path("meta").path("lastModified").asText(null));
        if (user.hasNonNull("externalId")) {
            body.put("externalId", user.get("externalId").asText());
        }
        ArrayNode emails = body.putArray("emails");
        user.path("emails").forEach(email -> emails.add(email.path("value").asText()));
        ArrayNode groups = body.putArray("groups");
        user.path("groups").forEach(group -> groups.addObject().put("id", group.path("value").asText())
                .put("displayName", groupNames.get(group.path("value").asText())));
        body.set("metadata", user.path("metadata").isObject() ? user.get("metadata") : ScimJson.mapper().createObjectNode());
        body.set("doorSystems", doors.doorSystems(tenantId, userId, version));
        body.put("doorSystemsComplete", doors.receipts().complete());
        return body;
    }

    /**
     * The display names of the user's first {@value #NAMED_GROUPS} groups, by id: a few reads of
     * {@value #IDS_PER_READ} ids each (the filter stays well inside its length limit); any further
     * groups are shown by id only.
     */
    private CompletableFuture<Map<String, String>> groupNames(String tenantId, JsonNode user) {
        List<String> ids = new ArrayList<>();
        user.path("groups").forEach(group -> ids.add(group.path("value").asText()));
        List<String> named = ids.subList(0, Math.min(ids.size(), NAMED_GROUPS));
        Map<String, String> names = new ConcurrentHashMap<>();
        List<CompletableFuture<Void>> reads = new ArrayList<>();
        for (int from = 0; from < named.size(); from += IDS_PER_READ) {
            List<String> chunk = named.subList(from, Math.min(named.size(), from + IDS_PER_READ));
            String filter = String.join(" or ", chunk.stream().map(id -> "id eq " + TextNode.valueOf(id)).toList());
            reads.add(reader.list(tenantId, ResourceType.GROUP,
                    new QueryApi.ListQuery(filter, 1, chunk.size(), null, null, false)).thenAccept(list ->
                    list.path("Resources").forEach(group -> names.put(group.path("id").asText(),
                            group.path("displayName").asText()))));
        }
        return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenApply(done -> names);
    }

    void timeline(Context ctx) {
        String tenantId = tenant(ctx);
        String userId = ctx.pathParam("userId");
        int limit = AdminHttp.limit(ctx, 100, MAX_EVENTS);
        answer(ctx, reader.timeline(tenantId, userId, limit), events -> AdminHttp.json(ctx, 200, events));
    }

    /**
     * The SCIM filter of a search: the text as a JSON string literal (quotes and backslashes escaped,
     * so it cannot end the literal early), compared with {@code co}, which is case-insensitive for
     * these attributes.
     */
    static String filter(String text) {
        String literal = TextNode.valueOf(text).toString();
        return "userName co " + literal + " or displayName co " + literal + " or emails.value co " + literal
                + " or externalId co " + literal + " or name.formatted co " + literal;
    }

    private static String displayName(JsonNode user) {
        if (user.hasNonNull("displayName")) {
            return user.get("displayName").asText();
        }
        JsonNode name = user.path("name");
        return name.hasNonNull("formatted") ? name.get("formatted").asText() : null;
    }

    private String tenant(Context ctx) {
        String tenantId = ctx.pathParam("id");
        admin.get(tenantId).orElseThrow(AdminHttp::notFound);
        return tenantId;
    }

    /** Answers with {@code render} once the read completes; a missing user is a 404, an unreachable processor a 503. */
    private static void answer(Context ctx, CompletableFuture<JsonNode> read, Consumer<JsonNode> render) {
        ctx.future(() -> read.thenAccept(render).exceptionally(error -> {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof ScimException scim && scim.status() == 404) {
                ApiErrors.render(ctx, new AdminHttp.AdminError(404, "no such user in this organization"));
            } else if (cause instanceof ScimException scim && scim.status() < 500) {
                ApiErrors.render(ctx, new AdminHttp.AdminError(scim.status(), scim.getMessage()));
            } else {
                ApiErrors.render(ctx, new AdminHttp.AdminError(503, "the directory cannot be read right now; retry"));
            }
            return null;
        }));
    }
}
