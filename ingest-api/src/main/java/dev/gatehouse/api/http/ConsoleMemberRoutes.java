package dev.gatehouse.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.http.AdminHttp.AdminError;
import dev.gatehouse.api.tenant.ConsoleMembers;
import dev.gatehouse.api.tenant.TenantAdmin;
import dev.gatehouse.contract.ConsoleMember;
import dev.gatehouse.contract.TenantRecord;
import dev.gatehouse.scim.ScimJson;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The people who may sign in to the console for an organization with its own identity provider:
 * {@code GET /admin/v1/tenants/{id}/console-members} and {@code PUT} (the whole list,
 * {@code [{"email", "role"}]}); both answer {@code {"members": [{"email", "role"}]}}, normalised.
 */
record ConsoleMemberRoutes(TenantAdmin admin) {
    void list(Context ctx) {
        TenantRecord tenant = admin.get(ctx.pathParam("id")).orElseThrow(AdminHttp::notFound);
        AdminHttp.json(ctx, 200, view(tenant.consoleMembers()));
    }

    void set(Context ctx) {
        List<ConsoleMember> members;
        try {
            members = ConsoleMembers.validate(entered(ctx));
        } catch (TenantAdmin.Invalid e) {
            throw new AdminError(400, e.getMessage());
        }
        TenantRecord tenant = admin.setConsoleMembers(AdminHttp.actor(ctx), ctx.pathParam("id"), members)
                .orElseThrow(AdminHttp::notFound);
        AdminHttp.json(ctx, 200, view(tenant.consoleMembers()));
    }

    private static List<ConsoleMember> entered(Context ctx) {
        JsonNode body;
        try {
            body = ScimJson.mapper().readTree(ctx.bodyAsBytes());
        } catch (IOException e) {
            body = null;
        }
        if (body == null || !body.isArray()) {
            throw new AdminError(400, "the request body must be a JSON array of {\"email\", \"role\"}");
        }
        if (body.size() > ConsoleMembers.MAX_MEMBERS) {
            throw new AdminError(400, "an organization may have at most " + ConsoleMembers.MAX_MEMBERS + " console members");
        }
        List<ConsoleMember> entered = new ArrayList<>();
        for (JsonNode member : body) {
            if (!member.isObject() || !member.path("email").isTextual() || !member.path("role").isTextual()) {
                throw new AdminError(400, "each member must be {\"email\": \"…\", \"role\": \"owner\" or \"viewer\"}");
            }
            entered.add(new ConsoleMember(member.get("email").asText(), member.get("role").asText()));
        }
        return entered;
    }

    private static ObjectNode view(List<ConsoleMember> members) {
        ObjectNode view = ScimJson.mapper().createObjectNode();
        ArrayNode list = view.putArray("members");
        members.forEach(m -> list.addObject().put("email", m.email()).put("role", m.role()));
        return view;
    }
}
