package dev.gatehouse.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.doors.DoorStatusView;
import dev.gatehouse.api.read.StateReader;
import dev.gatehouse.pipeline.query.QueryApi;
import dev.gatehouse.api.tenant.TenantAdmin;
import dev.gatehouse.contract.DoorReceipt;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.scim.ScimJson;
import io.javalin.http.Context;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /admin/v1/tenants/{id}/door-status?limit=N}: the organization's most recently changed
 * users, each with its current version and what every door system last confirmed for it — whether the
 * door systems are up to date with the directory. A user is up to date at a door system when it
 * applied the user's current version. {@code doorSystemsComplete} is false once this instance's
 * {@link DoorStatusView} is full: a door system's confirmation may then be missing from the list.
 */
record DoorStatusRoutes(TenantAdmin admin, StateReader reader, DoorStatusView receipts) {
    void status(Context ctx) {
        String tenantId = ctx.pathParam("id");
        if (admin.get(tenantId).isEmpty()) {
            throw AdminHttp.notFound();
        }
        int limit = Math.max(1, Math.min(500, parse(ctx.queryParam("limit"))));
        QueryApi.ListQuery newest = new QueryApi.ListQuery(null, 1, limit, "meta.lastModified", "descending", true);
        ctx.future(() -> reader.list(tenantId, ResourceType.USER, newest)
                .thenAccept(list -> AdminHttp.json(ctx, 200, rows(tenantId, list)))
                .exceptionally(error -> {
                    ApiErrors.render(ctx, new AdminHttp.AdminError(503, "the directory cannot be read right now; retry"));
                    return null;
                }));
    }

    private ArrayNode rows(String tenantId, JsonNode list) {
        ArrayNode rows = ScimJson.mapper().createArrayNode();
        for (JsonNode user : list.path("Resources")) {
            String id = user.path("id").asText();
            long version = version(user.path("meta").path("version").asText(""));
            ObjectNode row = rows.addObject()
                    .put("id", id)
                    .put("userName", user.path("userName").asText())
                    .put("active", user.path("active").asBoolean(true))
                    .put("version", version)
                    .put("lastModified", user.path("meta").path("lastModified").asText());
            ArrayNode doors = doorSystems(tenantId, id, version);
            row.set("doorSystems", doors);
            row.put("doorSystemsComplete", receipts.complete());
            boolean upToDate = !doors.isEmpty();
            for (JsonNode door : doors) {
                upToDate &= door.path("upToDate").asBoolean();
            }
            row.put("upToDate", upToDate);
        }
        return rows;
    }

    /**
     * What every door system last confirmed for one resource, by connector name: the version, whether
     * it was applied or rejected for good, when, and whether that is the resource's current version.
     */
    ArrayNode doorSystems(String tenantId, String resourceId, long version) {
        ArrayNode doors = ScimJson.mapper().createArrayNode();
        for (DoorReceipt receipt : new TreeMap<>(receipts.of(tenantId, resourceId)).values()) {
            doors.addObject().put("connector", receipt.connector()).put("version", receipt.version())
                    .put("applied", receipt.applied()).put("upToDate", receipt.applied() && receipt.version() >= version)
                    .put("at", receipt.at().toString());
        }
        return doors;
    }

    /** The number in a weak ETag {@code W/"7"}; 0 when absent. */
    static long version(String tag) {
        String digits = tag.replaceAll("\\D", "");
        return digits.isEmpty() ? 0 : Long.parseLong(digits);
    }

    private static int parse(String value) {
        try {
            return value == null || value.isBlank() ? 50 : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new AdminHttp.AdminError(400, "limit must be a number");
        }
    }
}
