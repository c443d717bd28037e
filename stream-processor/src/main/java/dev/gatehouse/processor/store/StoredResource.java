package dev.gatehouse.processor.store;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The value of the {@code users} and {@code groups} stores: the SCIM resource as stored (a group
 * without {@code members}; membership lives in the {@code memberships} store) and its per-resource
 * version, the number behind {@code meta.version = W/"<version>"} and {@code AccessChange.version}.
 *
 * @param resource the resource
 * @param version  incremented by every change of the resource, including membership changes
 */
public record StoredResource(ObjectNode resource, long version) {
}
