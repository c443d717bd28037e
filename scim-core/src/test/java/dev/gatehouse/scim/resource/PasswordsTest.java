package dev.gatehouse.scim.resource;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.contract.Operation;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.scim.ScimJson;
import org.junit.jupiter.api.Test;

class PasswordsTest {
    private static final String SECRET = "Hunter2!";

    @Test
    void aUserWriteKeepsEverythingButThePassword() throws Exception {
        ObjectNode body = json("{\"userName\":\"ada@acme.test\",\"PassWord\":\"" + SECRET + "\",\"active\":true,"
                + "\"urn:ietf:params:scim:schemas:core:2.0:User:password\":\"" + SECRET + "\","
                + "\"urn:ietf:params:scim:schemas:core:2.0:User\":{\"password\":\"" + SECRET + "\",\"nickName\":\"A\"},"
                + "\"metadata\":{\"city\":\"Berlin\"}}");
        Passwords.redact(ResourceType.USER, Operation.CREATE, body);
        assertThat(body.toString()).doesNotContain(SECRET);
        assertThat(body.get("PassWord").asText()).isEqualTo(Passwords.REDACTED);
        assertThat(body.at("/urn:ietf:params:scim:schemas:core:2.0:User/nickName").asText()).isEqualTo("A");
        assertThat(body.get("userName").asText()).isEqualTo("ada@acme.test");
        assertThat(body.get("metadata")).isEqualTo(json("{\"city\":\"Berlin\"}"));
    }

    @Test
    void aPatchKeepsItsOperationsButNotThePassword() throws Exception {
        ObjectNode body = json("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":["
                + "{\"op\":\"replace\",\"path\":\"password\",\"value\":\"" + SECRET + "\"},"
                + "{\"op\":\"Replace\",\"Path\":\"urn:ietf:params:scim:schemas:core:2.0:User:password\",\"Value\":\"" + SECRET + "\"},"
                + "{\"op\":\"replace\",\"value\":{\"password\":\"" + SECRET + "\",\"displayName\":\"Ada\"}},"
                + "{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"" + SECRET + "\"}]}");
        Passwords.redact(ResourceType.USER, Operation.PATCH, body);
        JsonNode ops = body.get("Operations");
        assertThat(ops).hasSize(4);
        assertThat(ops.get(0).get("value").asText()).isEqualTo(Passwords.REDACTED);
        assertThat(ops.get(1).get("Value").asText()).isEqualTo(Passwords.REDACTED);
        assertThat(ops.get(2).at("/value/password").asText()).isEqualTo(Passwords.REDACTED);
        assertThat(ops.get(2).at("/value/displayName").asText()).isEqualTo("Ada");
        assertThat(ops.get(3).get("value").asText()).as("a display name is not a password").isEqualTo(SECRET);
    }

    @Test
    void aPasswordOfAnyTypeIsBlankedButNotAGroupsAttribute() throws Exception {
        ObjectNode group = json("{\"displayName\":\"password\",\"password\":\"kept\"}");
        Passwords.redact(ResourceType.GROUP, Operation.CREATE, group);
        assertThat(group.get("password").asText()).as("groups have no password attribute").isEqualTo("kept");
        ObjectNode odd = json("{\"userName\":\"a@b.test\",\"password\":[\"" + SECRET + "\"],\"urn:ietf:params:scim:schemas:core:2.0:User\":"
                + "{\"password\":{\"value\":\"" + SECRET + "\"}},\"nickName\":null}");
        Passwords.redact(ResourceType.USER, Operation.REPLACE, odd);
        assertThat(odd.toString()).doesNotContain(SECRET);
        assertThat(odd.get("password").asText()).isEqualTo(Passwords.REDACTED);
        ObjectNode patch = json("{\"Operations\":[{\"op\":\"add\",\"path\":\"password\",\"value\":{\"x\":\"" + SECRET + "\"}},"
                + "{\"op\":\"replace\",\"path\":\"password\",\"value\":null}]}");
        Passwords.redact(ResourceType.USER, Operation.PATCH, patch);
        assertThat(patch.toString()).doesNotContain(SECRET);
        assertThat(patch.at("/Operations/1/value").isNull()).as("null means absent: left as sent").isTrue();
        assertThat(Passwords.redact(ResourceType.USER, Operation.DELETE, null)).isNull();
    }

    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) ScimJson.mapper().readTree(text);
    }
}
