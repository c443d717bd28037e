package dev.gatehouse.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.command.CommandGateway;
import dev.gatehouse.api.oauth.AccessTokens;
import dev.gatehouse.api.read.Projection;
import dev.gatehouse.api.read.StateReader;
import dev.gatehouse.api.tenant.TenantDirectory;
import dev.gatehouse.api.tenant.Tokens;
import dev.gatehouse.contract.Command;
import dev.gatehouse.contract.CommandResult;
import dev.gatehouse.contract.Operation;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.contract.TenantRecord;
import dev.gatehouse.pipeline.observe.LogKeys;
import dev.gatehouse.scim.ScimException;
import dev.gatehouse.scim.ScimJson;
import dev.gatehouse.scim.limits.Limits;
import dev.gatehouse.scim.resource.Passwords;
import dev.gatehouse.scim.schema.ScimSchemas;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The SCIM resource endpoints under {@code /scim/v2}. Writes become commands and are answered with
 * the processor's result; reads go to the processor's query endpoint. Waiting never holds a Jetty
 * thread: both paths are asynchronous.
 */
final class ScimRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(ScimRoutes.class);
    static final String TENANT = "gatehouse.tenant";

    private final TenantDirectory directory;
    private final AccessTokens accessTokens;
    private final CommandGateway gateway;
    private final StateReader reader;
    private final String instanceId;
    private final Optional<String> publicUrl;

    ScimRoutes(TenantDirectory directory, AccessTokens accessTokens, CommandGateway gateway, StateReader reader,
            String instanceId, Optional<String> publicUrl) {
        this.directory = directory;
        this.accessTokens = accessTokens;
        this.gateway = gateway;
        this.reader = reader;
        this.instanceId = instanceId;
        this.publicUrl = publicUrl;
    }

    /**
     * Before every SCIM call: the bearer token names the organization (RFC 6750). It is the
     * organization's SCIM token or an OAuth access token one of its clients got; the prefix says which.
     */
    void authenticate(Context ctx) {
        String header = ctx.header("Authorization");
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
        Optional<TenantRecord> authenticated = token != null && token.startsWith(Tokens.ACCESS_TOKEN_PREFIX)
                ? accessTokens.authenticate(token) : directory.authenticate(token);
        TenantRecord tenant = authenticated
                .orElseThrow(() -> ScimException.unauthorized("missing, invalid or revoked bearer token"));
        ctx.attribute(TENANT, tenant);
    }

    void create(Context ctx) {
        ResourceType type = resourceType(ctx);
        ObjectNode body = ScimHttp.body(ctx);
        submit(ctx, Operation.CREATE, type, UUID.randomUUID().toString(), body);
    }

    void replace(Context ctx) {
        ResourceType type = resourceType(ctx);
        submit(ctx, Operation.REPLACE, type, id(ctx, type), ScimHttp.body(ctx));
    }

    void patch(Context ctx) {
        ResourceType type = resourceType(ctx);
        submit(ctx, Operation.PATCH, type, id(ctx, type), ScimHttp.body(ctx));
    }

    void delete(Context ctx) {
        ResourceType type = resourceType(ctx);
        submit(ctx, Operation.DELETE, type, id(ctx, type), null);
    }

    /**
     * The resource id of the path. Ids are UUIDs assigned here, so one longer than
     * {@link Limits#ID_CHARS} names nothing: 404 at once, and it never reaches a command or the
     * processor's query endpoint (where its encoding could exceed what an internal request may carry).
     */
    private static String id(Context ctx, ResourceType type) {
        String id = ctx.pathParam("id");
        if (id.length() > Limits.ID_CHARS) {
            throw ScimException.notFound(type.scimName() + " " + id.substring(0, Limits.ID_CHARS) + "… not found");
        }
        return id;
    }

    void get(Context ctx) {
        ResourceType type = resourceType(ctx);
        Projection projection = Projection.of(ctx.queryParam("attributes"), ctx.queryParam("excludedAttributes"));
        String base = ScimHttp.baseUrl(ctx, publicUrl);
        boolean members = keepsMembers(type, projection);
        String id = id(ctx, type);
        ctx.future(() -> answer(ctx, reader.get(tenant(ctx).id(), type, id, members).thenAccept(resource -> {
            ObjectNode out = projection.apply(located((ObjectNode) resource, type, base));
            etag(ctx, resource);
            ScimHttp.json(ctx, 200, out);
        })));
    }

    void list(Context ctx) {
        ResourceType type = resourceType(ctx);
        list(ctx, type, ListRequest.fromQuery(ctx));
    }

    /**
     * {@code POST /{endpoint}/.search} (RFC 7644 §3.4.3): the list of a GET, its parameters in a
     * SearchRequest body. A read: no command is produced.
     */
    void search(Context ctx) {
        ResourceType type = resourceType(ctx);
        list(ctx, type, ListRequest.fromSearchRequest(ScimHttp.body(ctx)));
    }

    /**
     * {@code POST /.search} at the root (RFC 7644 §3.4.3: "all resource types"): Users then Groups,
     * paged over that concatenation, {@code totalResults} their sum. The users' part of the page is
     * asked first; its total says where in the groups the rest of the page starts.
     */
    void searchAll(Context ctx) {
        ListRequest request = ListRequest.fromSearchRequest(ScimHttp.body(ctx));
        String tenantId = tenant(ctx).id();
        String base = ScimHttp.baseUrl(ctx, publicUrl);
        ctx.future(() -> answer(ctx, reader.list(tenantId, ResourceType.USER, request.query(ResourceType.USER))
                .thenCompose(users -> {
                    int userTotal = users.path("totalResults").asInt();
                    int skipped = request.startIndex() - 1;
                    int fromUsers = Math.max(0, Math.min(userTotal, skipped + request.count()) - skipped);
                    ListRequest rest = request.page(Math.max(1, request.startIndex() - userTotal), request.count() - fromUsers);
                    return reader.list(tenantId, ResourceType.GROUP, rest.query(ResourceType.GROUP))
                            .thenAccept(groups -> ScimHttp.json(ctx, 200, concatenated(request, base, users, groups)));
                })));
    }

    private void list(Context ctx, ResourceType type, ListRequest request) {
        String base = ScimHttp.baseUrl(ctx, publicUrl);
        ctx.future(() -> answer(ctx, reader.list(tenant(ctx).id(), type, request.query(type))
                .thenAccept(list -> {
                    ObjectNode out = ((ObjectNode) list).deepCopy();
                    if (out.get("Resources") instanceof ArrayNode resources) {
                        out.set("Resources", shown(resources, type, request.projection(), base));
                    }
                    ScimHttp.json(ctx, 200, out);
                })));
    }

    private static ObjectNode concatenated(ListRequest request, String base, JsonNode users, JsonNode groups) {
        ArrayNode resources = shown(users.path("Resources"), ResourceType.USER, request.projection(), base);
        resources.addAll(shown(groups.path("Resources"), ResourceType.GROUP, request.projection(), base));
        ObjectNode out = ScimJson.mapper().createObjectNode();
        out.putArray("schemas").add(ScimSchemas.LIST_RESPONSE);
        out.put("totalResults", users.path("totalResults").asInt() + groups.path("totalResults").asInt());
        out.put("startIndex", request.startIndex());
        out.put("itemsPerPage", resources.size());
        if (request.count() > 0) {
            out.set("Resources", resources);
        }
        return out;
    }

    /** A page's resources as answered: located (meta.location) and projected. */
    private static ArrayNode shown(JsonNode resources, ResourceType type, Projection projection, String base) {
        ArrayNode out = ScimJson.mapper().createArrayNode();
        for (JsonNode resource : resources) {
            out.add(projection.apply(located((ObjectNode) resource, type, base)));
        }
        return out;
    }

    private void submit(Context ctx, Operation operation, ResourceType type, String id, ObjectNode body) {
        TenantRecord tenant = tenant(ctx);
        Passwords.redact(type, operation, body); // never stored: not on the commands topic either
        Command command = new Command(UUID.randomUUID().toString(), tenant.id(), operation, type, id, body,
                Instant.now().truncatedTo(ChronoUnit.MILLIS), instanceId, ctx.header("If-Match"), RequestIds.of(ctx));
        // One line per command, at DEBUG: ids only (the body may hold personal data).
        MDC.put(LogKeys.COMMAND_ID, command.commandId());
        try {
            LOG.debug("command {} {} {} tenant={}", operation, type, id, tenant.id());
        } finally {
            MDC.remove(LogKeys.COMMAND_ID);
        }
        boolean projected = ctx.queryParam("attributes") != null || ctx.queryParam("excludedAttributes") != null;
        Projection projection = Projection.of(ctx.queryParam("attributes"), ctx.queryParam("excludedAttributes"));
        String base = ScimHttp.baseUrl(ctx, publicUrl);
        ctx.future(() -> answer(ctx, gateway.submit(command)
                .thenCompose(result -> projected ? readBack(command, result) : CompletableFuture.completedFuture(result))
                .thenAccept(result -> render(ctx, command, result, projected, projection, base))));
    }

    /**
     * A group PATCH's result leaves out the member list (it would cost the processor O(group size)),
     * so when the client asked for attributes the group is read back: the read sees this write.
     */
    private CompletableFuture<CommandResult> readBack(Command command, CommandResult result) {
        if (command.operation() != Operation.PATCH || command.resourceType() != ResourceType.GROUP
                || result.status() >= 300) {
            return CompletableFuture.completedFuture(result);
        }
        return reader.get(command.tenantId(), ResourceType.GROUP, command.resourceId())
                .thenApply(group -> new CommandResult(result.commandId(), result.tenantId(), result.status(), group));
    }

    private void render(Context ctx, Command command, CommandResult result, boolean projected, Projection projection,
            String base) {
        JsonNode body = result.body();
        if (result.status() >= 300 || body == null || body.isNull() || !body.isObject()) {
            ScimHttp.json(ctx, result.status(), body);
            return;
        }
        ObjectNode resource = located((ObjectNode) body, command.resourceType(), base);
        etag(ctx, resource);
        if (command.operation() == Operation.CREATE) {
            ctx.header("Location", resource.path("meta").path("location").asText());
        }
        // RFC 7644 §3.5.2: a PATCH may answer 204 unless "attributes" was asked for. Entra accepts both
        // and advises against echoing a group's member list (docs/entra-id.md §2.5, §3 item 4);
        // Microsoft's reference collection expects 204.
        if (command.operation() == Operation.PATCH && !projected) {
            ScimHttp.json(ctx, 204, null);
            return;
        }
        ScimHttp.json(ctx, result.status(), projection.apply(resource));
    }

    /** Completes the request with the error of a failed future, as a SCIM error body. */
    private static CompletableFuture<Void> answer(Context ctx, CompletableFuture<Void> work) {
        return work.exceptionally(error -> {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            ApiErrors.render(ctx, cause);
            return null;
        });
    }

    /**
     * Whether a read must fetch a group's members: not when the projection drops them, as Entra's
     * {@code excludedAttributes=members} does on every group read (docs/entra-id.md §3, quirk 14).
     */
    static boolean keepsMembers(ResourceType type, Projection projection) {
        return type != ResourceType.GROUP || projection.keeps("members");
    }

    private static ObjectNode located(ObjectNode resource, ResourceType type, String base) {
        ObjectNode copy = resource.deepCopy();
        JsonNode meta = copy.get("meta");
        ObjectNode m = meta instanceof ObjectNode o ? o : copy.putObject("meta");
        m.put("location", base + "/scim/v2/" + type.endpoint() + "/" + copy.path("id").asText());
        return copy;
    }

    private static void etag(Context ctx, JsonNode resource) {
        String version = resource.path("meta").path("version").asText(null);
        if (version != null && !version.isEmpty()) {
            ctx.header("ETag", version);
        }
    }

    static TenantRecord tenant(Context ctx) {
        return ctx.attribute(TENANT);
    }

    private static ResourceType resourceType(Context ctx) {
        ResourceType type = ResourceType.fromEndpoint(ctx.pathParam("endpoint"));
        if (type == null) {
            throw ScimException.notFound("no such endpoint: /" + ctx.pathParam("endpoint"));
        }
        return type;
    }
}
