package dev.gatehouse.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.scim.ScimJson;
import dev.gatehouse.testkit.EntraDefaultMapping;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * The schema definitions {@link Discovery} serves at {@code /Schemas} ({@code scim/schemas.json}), read
 * as the gallery validation reads them: every target of Entra ID's default mappings is declared.
 */
class DiscoverySchemasTest {

    @Test
    void everyTargetOfEntrasDefaultMappingsIsDeclaredWithItsCharacteristics() throws IOException {
        EntraDefaultMapping.assertDiscoverable(schemas());
    }

    @Test
    void externalIdIsDeclaredOnUsersAndGroupsButNotOnTheEnterpriseExtension() throws IOException {
        for (JsonNode schema : schemas()) {
            boolean declared = schema.path("attributes").findValuesAsText("name").contains("externalId");
            assertThat(declared).as(schema.path("id").asText())
                    .isEqualTo(!schema.path("id").asText().equals(EntraDefaultMapping.ENTERPRISE));
        }
    }

    @Test
    void theCheckFailsWhenATargetIsMissing() throws IOException {
        ArrayNode schemas = schemas();
        for (JsonNode schema : schemas) {
            if (schema.path("id").asText().equals(EntraDefaultMapping.GROUP)) {
                ((ArrayNode) schema.get("attributes")).removeIf(a -> a.path("name").asText().equals("externalId"));
            }
        }
        assertThatThrownBy(() -> EntraDefaultMapping.assertDiscoverable(schemas))
                .isInstanceOf(AssertionError.class).hasMessageContaining("externalId");
    }

    @Test
    void theCheckFailsWhenExternalIdIsNotCaseExact() throws IOException {
        ArrayNode schemas = schemas();
        for (JsonNode schema : schemas) {
            schema.path("attributes").forEach(a -> {
                if (a.path("name").asText().equals("externalId")) {
                    ((ObjectNode) a).put("caseExact", false);
                }
            });
        }
        assertThatThrownBy(() -> EntraDefaultMapping.assertDiscoverable(schemas))
                .isInstanceOf(AssertionError.class).hasMessageContaining("caseExact");
    }

    private static ArrayNode schemas() throws IOException {
        try (InputStream in = Discovery.class.getResourceAsStream("/scim/schemas.json")) {
            return (ArrayNode) ScimJson.mapper().readTree(in);
        }
    }
}
