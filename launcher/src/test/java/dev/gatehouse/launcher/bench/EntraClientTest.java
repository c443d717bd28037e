package dev.gatehouse.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.scim.ScimJson;
import org.junit.jupiter.api.Test;

class EntraClientTest {
    @Test
    void aUserIsCreatedWithEntrasDefaultMappingsTheEnterpriseExtensionAndADottedMetadataAttribute() throws Exception {
        JsonNode user = ScimJson.mapper().readTree(EntraClient.user("ada@contoso.test", 42));

        assertThat(user.path("schemas")).extracting(JsonNode::asText).containsExactly(ScimClient.USER_SCHEMA,
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
        assertThat(user.path("userName").asText()).isEqualTo("ada@contoso.test");
        assertThat(user.path("externalId").asText()).isEqualTo("ext-ada@contoso.test");
        assertThat(user.path("active").asBoolean()).isTrue();
        assertThat(user.path("displayName").asText()).isEqualTo("Bench User 42");
        assertThat(user.path("emails").get(0).path("value").asText()).isEqualTo("ada@contoso.test");
        JsonNode enterprise = user.path("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
        assertThat(enterprise.path("department").asText()).isEqualTo("Dept 2");
        assertThat(enterprise.path("employeeNumber").asText()).isEqualTo("100042");
        assertThat(user.path("metadata.city").asText()).isEqualTo("City 42");
    }
}
