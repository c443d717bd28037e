package dev.gatehouse.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SCIM targets of Microsoft Entra ID's default attribute mappings (docs/entra-id.md §2.2, users and
 * groups), and the check that {@code /Schemas} declares each of them. Microsoft's gallery validation
 * derives its schema-discoverability test from {@code /Schemas}: a mapped target that is not declared
 * there, or declared with the wrong shape, fails the app's listing.
 */
public final class EntraDefaultMapping {
    /** The core User schema. */
    public static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    /** The core Group schema. */
    public static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
    /** The enterprise User extension. */
    public static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    /**
     * One mapped target: the schema declaring it, the path as Entra's mapping names it (a value filter
     * {@code [type eq "work"]} selects an element of a multi-valued attribute) and the SCIM type of the
     * value written there.
     */
    public record Target(String schema, String path, String type) {
    }

    /** Every default target, users then groups. */
    public static final List<Target> TARGETS = List.of(
            new Target(USER, "userName", "string"),
            new Target(USER, "active", "boolean"),
            new Target(USER, "displayName", "string"),
            new Target(USER, "title", "string"),
            new Target(USER, "emails[type eq \"work\"].value", "string"),
            new Target(USER, "emails[type eq \"other\"].value", "string"),
            new Target(USER, "preferredLanguage", "string"),
            new Target(USER, "name.givenName", "string"),
            new Target(USER, "name.familyName", "string"),
            new Target(USER, "name.formatted", "string"),
            new Target(USER, "addresses[type eq \"work\"].formatted", "string"),
            new Target(USER, "addresses[type eq \"work\"].streetAddress", "string"),
            new Target(USER, "addresses[type eq \"work\"].locality", "string"),
            new Target(USER, "addresses[type eq \"work\"].region", "string"),
            new Target(USER, "addresses[type eq \"work\"].postalCode", "string"),
            new Target(USER, "addresses[type eq \"work\"].country", "string"),
            new Target(USER, "addresses[type eq \"other\"].formatted", "string"),
            new Target(USER, "phoneNumbers[type eq \"work\"].value", "string"),
            new Target(USER, "phoneNumbers[type eq \"mobile\"].value", "string"),
            new Target(USER, "phoneNumbers[type eq \"fax\"].value", "string"),
            new Target(USER, "externalId", "string"),
            new Target(ENTERPRISE, "employeeNumber", "string"),
            new Target(ENTERPRISE, "department", "string"),
            new Target(ENTERPRISE, "manager.value", "string"),
            new Target(GROUP, "displayName", "string"),
            new Target(GROUP, "externalId", "string"),
            new Target(GROUP, "members.value", "string"));

    private static final Pattern PATH = Pattern.compile(
            "(?<attr>[A-Za-z]+)(?:\\[type eq \"(?<type>[a-z]+)\"])?(?:\\.(?<sub>[A-Za-z]+))?");

    private EntraDefaultMapping() {
    }

    /**
     * Asserts that {@code schemas} (the {@code Resources} of a {@code /Schemas} answer) declares every
     * {@link #TARGETS target}: the attribute, and its sub-attribute, with the target's type, writable
     * ({@code readWrite}, or {@code immutable} for a member's value) and returned by default; an
     * attribute selected by {@code [type eq "x"]} multi-valued with {@code x} among its type's canonical
     * values; and {@code externalId} with RFC 7643 §3.1's characteristics in User and Group.
     */
    public static void assertDiscoverable(JsonNode schemas) {
        for (Target target : TARGETS) {
            JsonNode schema = schema(schemas, target.schema());
            Matcher path = PATH.matcher(target.path());
            assertThat(path.matches()).as("a target path this check reads: " + target.path()).isTrue();
            JsonNode attribute = attribute(schema.path("attributes"), target.schema(), path.group("attr"));
            String what = target.schema() + ":" + target.path();
            assertWritableAndReturned(what, attribute, path.group("sub") == null ? target.type() : "complex");
            if (path.group("type") != null) {
                assertThat(attribute.path("multiValued").asBoolean()).as(what + " is multi-valued").isTrue();
                JsonNode type = attribute(attribute.path("subAttributes"), what, "type");
                assertThat(texts(type.path("canonicalValues"))).as(what + ": type's canonical values")
                        .contains(path.group("type"));
            }
            if (path.group("sub") != null) {
                JsonNode sub = attribute(attribute.path("subAttributes"), what, path.group("sub"));
                assertWritableAndReturned(what, sub, target.type());
            }
        }
        for (String schemaId : List.of(USER, GROUP)) {
            JsonNode externalId = attribute(schema(schemas, schemaId).path("attributes"), schemaId, "externalId");
            assertThat(externalId.path("multiValued").asBoolean(true)).as(schemaId + ":externalId multiValued").isFalse();
            assertThat(externalId.path("required").asBoolean(true)).as(schemaId + ":externalId required").isFalse();
            assertThat(externalId.path("caseExact").asBoolean(false)).as(schemaId + ":externalId caseExact").isTrue();
            assertThat(externalId.path("mutability").asText()).as(schemaId + ":externalId").isEqualTo("readWrite");
            assertThat(externalId.path("returned").asText()).as(schemaId + ":externalId").isEqualTo("default");
            assertThat(externalId.path("uniqueness").asText()).as(schemaId + ":externalId").isEqualTo("none");
        }
    }

    private static void assertWritableAndReturned(String what, JsonNode attribute, String type) {
        assertThat(attribute.path("type").asText()).as(what + " (" + attribute.path("name").asText() + ") type")
                .isEqualTo(type);
        assertThat(attribute.path("mutability").asText()).as(what + " (" + attribute.path("name").asText()
                + ") mutability").isIn("readWrite", "immutable");
        assertThat(attribute.path("returned").asText()).as(what + " (" + attribute.path("name").asText()
                + ") returned").isIn("default", "always");
    }

    private static JsonNode schema(JsonNode schemas, String id) {
        for (JsonNode schema : schemas) {
            if (schema.path("id").asText().equals(id)) {
                return schema;
            }
        }
        throw new AssertionError("/Schemas has no " + id);
    }

    private static JsonNode attribute(JsonNode attributes, String where, String name) {
        for (JsonNode attribute : attributes) {
            if (attribute.path("name").asText().equals(name)) {
                return attribute;
            }
        }
        throw new AssertionError(where + " declares no attribute " + name);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }
}
