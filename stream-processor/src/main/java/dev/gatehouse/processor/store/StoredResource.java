package dev.gatehouse.processor.store;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The value of the {@code users} and {@code groups} stores: the SCIM resource as stored (a group
 * without {@code members}; membership lives in the {@code memberships} store) and its per-resource
 * version, the number behind {@code meta.version = W/"<version>"} and {@code AccessChange.version}.
 *
 * @param resource the resource
 * @param version  incremented by every change of the resource, including membership changes
 * @param bytes    its size in the store when it was read from there (0 otherwise): what publishing it
 *                 again costs, for the processor's per-step work budget; never stored itself
 */
public record StoredResource(ObjectNode resource, long version, @JsonIgnore int bytes) {
    public StoredResource(ObjectNode resource, long version) {
        this(resource, version, 0);
    }
}
