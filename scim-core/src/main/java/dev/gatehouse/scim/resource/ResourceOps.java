package dev.gatehouse.scim.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.scim.ScimException;
import dev.gatehouse.scim.entra.ResourceNormalizer;
import dev.gatehouse.scim.limits.JsonLimits;
import dev.gatehouse.scim.limits.Limits;
import dev.gatehouse.scim.limits.ResourceLimits;
import dev.gatehouse.scim.patch.MemberChange;
import dev.gatehouse.scim.patch.MemberCollector;
import dev.gatehouse.scim.patch.PatchEngine;
import dev.gatehouse.scim.schema.ScimSchemas;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * SCIM writes as pure functions: {@code (resource, request) -> new resource} or a
 * {@link ScimException}. Inputs are never mutated. Deterministic: ids and times come from the caller
 * (decided at ingest), so replaying commands reproduces the same resources.
 *
 * <p>Stored resources carry {@code schemas}, {@code id}, and {@code meta} with {@code resourceType},
 * {@code created}, {@code lastModified} (ISO-8601) and {@code version} ({@code W/"<n>"}). Groups are
 * stored without {@code members}: membership travels as a {@link MemberChange}.
 *
 * <p>Versions: a created resource carries {@code W/"1"}; replace and patch keep the current version —
 * the caller, which owns the per-resource counter, sets the next one with {@link #withVersion}.
 *
 * <p>A user's {@code active} fails closed: a create without it is active (Entra disables by PATCH
 * {@code active=false}, never by omission, docs/entra-id.md §2.6), but a PUT without it, or a PATCH that
 * removes or clears it, keeps the current value. Only an explicit {@code true}/{@code false} changes
 * it, so no write can re-enable a disabled person by leaving something out.
 *
 * <p>Every write is checked against the size budget ({@link Limits}): the request body's depth and
 * text, member counts, and the resulting resource's names, multi-valued attributes and size. An
 * over-budget write is a 400 or 413 and changes nothing.
 */
public final class ResourceOps {
    private ResourceOps() {
    }

    /** POST: validates and normalizes {@code body}, assigns {@code id} and meta; members as a replacement. */
    public static Applied create(ResourceType type, JsonNode body, String id, Instant now) {
        ObjectNode attributes = attributesOf(type, body);
        if (type == ResourceType.USER && !attributes.has(ACTIVE)) {
            attributes.put(ACTIVE, true);
        }
        MemberChange members = type == ResourceType.GROUP ? MemberChange.replaceWith(members(body))
                : MemberChange.none();
        String created = DateTimeFormatter.ISO_INSTANT.format(now);
        ObjectNode resource = StoredResource.build(type, id, attributes, created, now,
                TextNode.valueOf(StoredResource.versionTag(1)));
        ResourceLimits.check(resource);
        return new Applied(resource, members, true);
    }

    /** PUT: replaces every writable attribute; keeps id and meta.created. */
    public static Applied replace(ResourceType type, ObjectNode current, JsonNode body, Instant now) {
        ObjectNode attributes = attributesOf(type, body);
        keepActive(type, current, attributes);
        // RFC 7644 §3.5.1: PUT replaces everything, so a PUT without members empties the group.
        MemberChange members = type == ResourceType.GROUP ? MemberChange.replaceWith(members(body))
                : MemberChange.none();
        return stored(type, current, attributes, members, now);
    }

    /** PATCH with an RFC 7644 PatchOp body, in either of Entra's dialects. */
    public static Applied patch(ResourceType type, ObjectNode current, JsonNode patchOp, Instant now) {
        JsonLimits.checkBody(patchOp);
        ObjectNode working = StoredResource.attributes(current);
        MemberChange members = PatchEngine.apply(type, working, patchOp);
        ObjectNode attributes = ResourceNormalizer.normalize(type, working);
        keepActive(type, current, attributes);
        StoredResource.validate(type, attributes);
        return stored(type, current, attributes, members, now);
    }

    /** A user write that leaves {@code active} out keeps the current value (see the class comment). */
    private static void keepActive(ResourceType type, ObjectNode current, ObjectNode attributes) {
        if (type == ResourceType.USER && !attributes.has(ACTIVE)) {
            // Every stored user has a boolean active (created with one); true is only a guard.
            attributes.put(ACTIVE, current.path(ACTIVE).asBoolean(true));
        }
    }

    /** A copy of {@code resource} with {@code meta.version} set to {@code W/"<version>"}. */
    public static ObjectNode withVersion(ObjectNode resource, long version) {
        ObjectNode copy = resource.deepCopy();
        JsonNode meta = copy.get("meta");
        ObjectNode target = meta instanceof ObjectNode object ? object : copy.putObject("meta");
        target.put("version", StoredResource.versionTag(version));
        return copy;
    }

    private static Applied stored(ResourceType type, ObjectNode current, ObjectNode attributes,
                                  MemberChange members, Instant now) {
        if (attributes.equals(StoredResource.attributes(current))) {
            return new Applied(current.deepCopy(), members, false);
        }
        JsonNode meta = current.path("meta");
        String created = meta.path("created").asText(DateTimeFormatter.ISO_INSTANT.format(now));
        ObjectNode resource = StoredResource.build(type, current.path("id").asText(), attributes, created, now,
                meta.get("version"));
        ResourceLimits.check(resource);
        return new Applied(resource, members, true);
    }

    private static ObjectNode attributesOf(ResourceType type, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ScimException.invalidSyntax("The request body must be a JSON object");
        }
        JsonLimits.checkBody(body);
        ObjectNode attributes = ResourceNormalizer.normalize(type, body);
        if (type == ResourceType.GROUP) {
            attributes.remove(ScimSchemas.MEMBERS);
        }
        StoredResource.validate(type, attributes);
        return attributes;
    }

    private static Map<String, String> members(JsonNode body) {
        for (Map.Entry<String, JsonNode> e : body.properties()) {
            if (e.getKey().equalsIgnoreCase(ScimSchemas.MEMBERS)) {
                return MemberCollector.members(e.getValue());
            }
        }
        return Map.of();
    }

    private static final String ACTIVE = "active";
}
