package dev.gatehouse.scim.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.scim.ScimException;
import java.time.Instant;

/**
 * SCIM writes as pure functions: {@code (resource, request) -> new resource} or a
 * {@link ScimException}. Inputs are never mutated. Deterministic: ids and times come from the caller
 * (decided at ingest), so replaying commands reproduces the same resources.
 *
 * <p>Stored resources carry {@code schemas}, {@code id}, and {@code meta} with {@code resourceType},
 * {@code created}, {@code lastModified} (ISO-8601) and {@code version} ({@code W/"<n>"}). Groups are
 * stored without {@code members}: membership travels as a {@link MemberChange}.
 */
public final class ResourceOps {
    private ResourceOps() {
    }

    /** POST: validates and normalizes {@code body}, assigns {@code id} and meta; members as a replacement. */
    public static Applied create(ResourceType type, JsonNode body, String id, Instant now) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** PUT: replaces every writable attribute; keeps id and meta.created. */
    public static Applied replace(ResourceType type, ObjectNode current, JsonNode body, Instant now) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** PATCH with an RFC 7644 PatchOp body, in either of Entra's dialects. */
    public static Applied patch(ResourceType type, ObjectNode current, JsonNode patchOp, Instant now) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** A copy of {@code resource} with {@code meta.version} set to {@code W/"<version>"}. */
    public static ObjectNode withVersion(ObjectNode resource, long version) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
