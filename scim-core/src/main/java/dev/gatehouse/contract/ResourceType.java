package dev.gatehouse.contract;

/** The SCIM resource types Gatehouse keeps. */
public enum ResourceType {
    USER("User", "Users", "urn:ietf:params:scim:schemas:core:2.0:User"),
    GROUP("Group", "Groups", "urn:ietf:params:scim:schemas:core:2.0:Group");

    private final String scimName;
    private final String endpoint;
    private final String schema;

    ResourceType(String scimName, String endpoint, String schema) {
        this.scimName = scimName;
        this.endpoint = endpoint;
        this.schema = schema;
    }

    /** {@code meta.resourceType}: "User" or "Group". */
    public String scimName() {
        return scimName;
    }

    /** The endpoint path segment: "Users" or "Groups". */
    public String endpoint() {
        return endpoint;
    }

    /** The core schema URN. */
    public String schema() {
        return schema;
    }

    /** Resolves an endpoint segment ("Users"/"Groups", any case); null if it names neither. */
    public static ResourceType fromEndpoint(String segment) {
        for (ResourceType type : values()) {
            if (type.endpoint.equalsIgnoreCase(segment)) {
                return type;
            }
        }
        return null;
    }
}
