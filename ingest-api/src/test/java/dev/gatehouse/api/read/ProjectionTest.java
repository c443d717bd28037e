package dev.gatehouse.api.read;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.scim.ScimJson;
import org.junit.jupiter.api.Test;

class ProjectionTest {
    private final ObjectNode group = json("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"id\":\"g1\","
            + "\"displayName\":\"Doors\",\"members\":[{\"value\":\"u1\"}],\"meta\":{\"resourceType\":\"Group\",\"version\":\"W/\\\"2\\\"\"}}");

    @Test
    void excludedMembersAreDroppedAsEntraRequires() {
        ObjectNode out = Projection.of(null, "members").apply(group);
        assertThat(out.has("members")).isFalse();
        assertThat(out.get("displayName").asText()).isEqualTo("Doors");
        assertThat(group.has("members")).as("input untouched").isTrue();
    }

    @Test
    void attributesKeepIdAndSchemasAlways() {
        ObjectNode out = Projection.of("DisplayName", null).apply(group);
        assertThat(out.fieldNames()).toIterable().containsExactlyInAnyOrder("schemas", "id", "displayName");
    }

    @Test
    void subAttributesAndUrnQualifiedNamesWork() {
        ObjectNode out = Projection.of("meta.version,urn:ietf:params:scim:schemas:core:2.0:Group:displayName", null).apply(group);
        assertThat(out.get("meta").fieldNames()).toIterable().containsExactly("version");
        assertThat(out.has("displayName")).isTrue();
        assertThat(out.has("members")).isFalse();
    }

    @Test
    void aValueFilterInAnAttributeNameSelectsTheWholeAttribute() {
        ObjectNode out = Projection.of("members[value eq \"u1\"]", null).apply(group);
        assertThat(out.get("members").get(0).get("value").asText()).isEqualTo("u1");
        assertThat(out.has("displayName")).isFalse();
    }

    @Test
    void keepsTellsWhetherMembersCanBeShown() {
        assertThat(Projection.of(null, null).keeps("members")).isTrue();
        assertThat(Projection.of(null, "Members").keeps("members")).isFalse();
        assertThat(Projection.of("displayName", null).keeps("members")).isFalse();
        assertThat(Projection.of("displayName,members.value", null).keeps("members")).isTrue();
        assertThat(Projection.of("members[value eq \"u1\"]", null).keeps("members")).isTrue();
        assertThat(Projection.of("urn:ietf:params:scim:schemas:core:2.0:Group:members", null).keeps("members")).isTrue();
        assertThat(Projection.of(null, "members.display").keeps("members")).isTrue();
    }

    @Test
    void noParametersIsTheIdentity() {
        assertThat(Projection.of(" ", null).apply(group)).isSameAs(group);
    }

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) ScimJson.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
