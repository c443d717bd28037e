package dev.gatehouse.processor.store;

import dev.gatehouse.contract.ResourceType;
import java.util.Locale;

/**
 * The key layout of the state stores. The tenant id comes first in every key, so one prefix scan
 * reaches one tenant's entries and nothing else; every other part is separated by {@code /}, and a
 * prefix always ends with {@code /} so that tenant {@code a} never matches tenant {@code ab}.
 */
public final class StoreKeys {
    private StoreKeys() {
    }

    /** {@code users} / {@code groups}: {@code tenant/id}, the same key as the state topics. */
    public static String resource(String tenantId, String id) {
        return tenantId + "/" + id;
    }

    /** Every resource of a tenant in the {@code users} or {@code groups} store. */
    public static String tenantPrefix(String tenantId) {
        return tenantId + "/";
    }

    /** The tenant of any store key (tenant ids hold no {@code /}). */
    public static String tenantOf(String key) {
        return key.substring(0, key.indexOf('/'));
    }

    /** {@code memberships}: {@code tenant/g/<groupId>/<userId>}, the group's side. */
    public static String groupMember(String tenantId, String groupId, String userId) {
        return membersPrefix(tenantId, groupId) + userId;
    }

    /** {@code memberships}: {@code tenant/u/<userId>/<groupId>}, the user's side. */
    public static String userGroup(String tenantId, String userId, String groupId) {
        return groupsPrefix(tenantId, userId) + groupId;
    }

    public static String membersPrefix(String tenantId, String groupId) {
        return tenantId + "/g/" + groupId + "/";
    }

    public static String groupsPrefix(String tenantId, String userId) {
        return tenantId + "/u/" + userId + "/";
    }

    /**
     * {@code indexes}: the unique name of a resource, lowercased because userName and a group's
     * displayName are case-insensitive (RFC 7643 §4.1.1 {@code caseExact: false}).
     */
    public static String name(ResourceType type, String tenantId, String name) {
        String attribute = type == ResourceType.USER ? "userName" : "groupName";
        return tenantId + "/" + attribute + "/" + name.toLowerCase(Locale.ROOT);
    }

    /** {@code indexes}: externalId is case-exact (RFC 7643 §3.1) and not unique, hence the id suffix. */
    public static String externalId(ResourceType type, String tenantId, String externalId, String id) {
        return externalIdPrefix(type, tenantId, externalId) + id;
    }

    public static String externalIdPrefix(ResourceType type, String tenantId, String externalId) {
        return tenantId + "/externalId/" + type.scimName() + "/" + externalId + "/";
    }

    /**
     * {@code indexes}: present while a membership change of a group is applied in steps (value: the id
     * of its next step); commands on that group wait for it to end.
     */
    public static String pendingChange(String tenantId, String groupId) {
        return tenantId + "/pending/" + groupId;
    }

    /** {@code timeline}: {@code tenant/resourceId}, the person whose events a {@link TimelineStore} key begins with. */
    public static String timeline(String tenantId, String resourceId) {
        return tenantId + "/" + resourceId;
    }

    /** The attribute that must be unique per tenant: userName for users, displayName for groups. */
    public static String uniqueAttribute(ResourceType type) {
        return type == ResourceType.USER ? "userName" : "displayName";
    }
}
