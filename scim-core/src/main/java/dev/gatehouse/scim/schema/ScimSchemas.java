package dev.gatehouse.scim.schema;

import dev.gatehouse.contract.ResourceType;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Schema URNs and the canonical spelling of the attribute names Gatehouse knows (RFC 7643 §4.1, §4.2,
 * §4.3, plus the Gatehouse {@code metadata} object). Attribute names are case-insensitive on input
 * (RFC 7643 §2.1; Microsoft's Postman collection sends {@code UserName}, {@code name.FamilyName}), so
 * every lookup here ignores case and answers the canonical name; unknown names are left alone.
 */
public final class ScimSchemas {
    public static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    public static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
    public static final String ENTERPRISE_USER = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    public static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    public static final String LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    /** The free-form per-user object (docs/architecture.md "Metadata"). */
    public static final String METADATA = "metadata";
    public static final String MANAGER = "manager";
    public static final String MEMBERS = "members";

    private static final List<String> MULTI_SUB = List.of("value", "display", "type", "primary", "$ref");
    private static final List<String> ADDRESS_SUB = List.of("formatted", "streetAddress", "locality", "region",
            "postalCode", "country", "type", "primary", "value", "display");
    private static final List<String> NAME_SUB = List.of("formatted", "familyName", "givenName", "middleName",
            "honorificPrefix", "honorificSuffix");
    private static final List<String> MULTI_VALUED_USER = List.of("emails", "phoneNumbers", "ims", "photos",
            "addresses", "groups", "entitlements", "roles", "x509Certificates");

    private static final Map<String, String> USER_TOP = index(List.of("id", "externalId", "meta", "schemas",
            "userName", "name", "displayName", "nickName", "profileUrl", "title", "userType", "preferredLanguage",
            "locale", "timezone", "active", "password", "emails", "phoneNumbers", "ims", "photos", "addresses",
            "groups", "entitlements", "roles", "x509Certificates", METADATA));
    private static final Map<String, String> GROUP_TOP = index(List.of("id", "externalId", "meta", "schemas",
            "displayName", MEMBERS));
    private static final Map<String, String> ENTERPRISE = index(List.of("employeeNumber", "costCenter",
            "organization", "division", "department", MANAGER));
    private static final Map<String, String> MANAGER_SUB = index(List.of("value", "$ref", "displayName"));

    private ScimSchemas() {
    }

    private static Map<String, String> index(List<String> names) {
        Map<String, String> map = new HashMap<>();
        names.forEach(n -> map.put(n.toLowerCase(Locale.ROOT), n));
        return Map.copyOf(map);
    }

    /** The canonical name of a top-level attribute of {@code type}, or {@code name} unchanged. */
    public static String canonicalTop(ResourceType type, String name) {
        Map<String, String> table = type == ResourceType.USER ? USER_TOP : GROUP_TOP;
        return table.getOrDefault(name.toLowerCase(Locale.ROOT), name);
    }

    /** The canonical name of an enterprise-extension attribute, or {@code name} unchanged. */
    public static String canonicalEnterprise(String name) {
        return ENTERPRISE.getOrDefault(name.toLowerCase(Locale.ROOT), name);
    }

    /**
     * The canonical name of sub-attribute {@code sub} of {@code parent} (canonical), or {@code sub}
     * unchanged. {@code metadata} keys are free-form and keep their case.
     */
    public static String canonicalSub(String parent, String sub) {
        List<String> known;
        if (parent.equals("name")) {
            known = NAME_SUB;
        } else if (parent.equals("addresses")) {
            known = ADDRESS_SUB;
        } else if (parent.equals(MANAGER)) {
            return MANAGER_SUB.getOrDefault(sub.toLowerCase(Locale.ROOT), sub);
        } else if (parent.equals(METADATA)) {
            return sub;
        } else {
            known = MULTI_SUB;
        }
        return known.stream().filter(k -> k.equalsIgnoreCase(sub)).findFirst().orElse(sub);
    }

    /** Whether {@code name} (canonical) is a multi-valued core attribute of a user. */
    public static boolean isMultiValuedUserAttribute(String name) {
        return MULTI_VALUED_USER.contains(name);
    }

    /** The canonical spelling of a schema URN we know ({@code urn} in any case), or empty. */
    public static Optional<String> knownSchema(String urn) {
        for (String known : List.of(USER, GROUP, ENTERPRISE_USER)) {
            if (known.equalsIgnoreCase(urn)) {
                return Optional.of(known);
            }
        }
        return Optional.empty();
    }

    /** Whether {@code urn} is a core schema URN (User or Group), in any case. */
    public static boolean isCoreSchema(String urn) {
        return USER.equalsIgnoreCase(urn) || GROUP.equalsIgnoreCase(urn);
    }

    /**
     * Whether {@code key} names a whole schema (extension object) rather than one attribute in it:
     * URNs of resource schemas end in the resource name ({@code ...:2.0:User}), so a key whose last
     * segment is {@code User} or {@code Group} is a schema (docs/entra-id.md §4.2: split at the last ':').
     */
    public static boolean isSchemaUrn(String key) {
        if (!key.regionMatches(true, 0, "urn:", 0, 4)) {
            return false;
        }
        String last = key.substring(key.lastIndexOf(':') + 1);
        return last.equalsIgnoreCase("User") || last.equalsIgnoreCase("Group");
    }
}
