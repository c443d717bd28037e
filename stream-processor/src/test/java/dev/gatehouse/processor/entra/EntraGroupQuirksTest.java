package dev.gatehouse.processor.entra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.contract.AccessChange;
import dev.gatehouse.contract.CommandResult;
import dev.gatehouse.contract.ResourceType;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * docs/entra-id.md §6, the quirks of Entra's group provisioning, through the real topology: what each
 * request does to the membership, and which users' door access changes because of it.
 */
class EntraGroupQuirksTest extends EntraTestSupport {

    @BeforeEach
    void users() {
        for (String id : new String[] {"u1", "u2", "u3", "u4"}) {
            user(id, id + "@contoso.com");
        }
    }

    /** §3 item 2 (no members), then members added as Entra's first PATCH does. */
    void group(String id, String displayName, String... members) {
        assertThat(post(ResourceType.GROUP, id, """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group","http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
                 "externalId":"ext-%s","displayName":"%s","meta":{"resourceType":"Group"}}""".formatted(id, displayName))
                .status()).isEqualTo(201);
        if (members.length > 0) {
            StringBuilder value = new StringBuilder();
            for (String m : members) {
                value.append(value.length() == 0 ? "" : ",").append("{\"$ref\":null,\"value\":\"").append(m).append("\"}");
            }
            assertThat(patch(ResourceType.GROUP, id, "[{\"op\":\"Add\",\"path\":\"members\",\"value\":[" + value + "]}]")
                    .status()).isEqualTo(200);
        }
        fx.drain();
    }

    @Test
    void quirk05_removeMembersWithAValueArrayAndNoFilterRemovesOnlyThose() {
        group("g1", "Engineering", "u1", "u2", "u3");

        // §3 item 5, default mode: a literal RFC 7644 §3.5.2.2 server would empty the group.
        CommandResult result = patch(ResourceType.GROUP, "g1", """
                [{"op":"Remove","path":"members","value":[{"$ref":null,"value":"u2"}]}]""");

        assertThat(result.status()).isEqualTo(200);
        assertThat(values(get(ResourceType.GROUP, "g1").get("members"))).containsExactly("u1", "u3");
        Map<String, AccessChange> changes = byResource(fx.changes());
        assertThat(changes).containsOnlyKeys("g1", "u2");
        assertThat(changes.get("g1").state().has("members")).isFalse();
        assertThat(texts(changes.get("u2").state().get("groups"))).isEmpty();
        assertThat(values(get(ResourceType.USER, "u1").get("groups"))).containsExactly("g1");
    }

    @Test
    void quirk10_nonStandardMicrosoftGroupSchemaUriIsAcceptedAndNotStored() {
        fx.drain();
        CommandResult created = post(ResourceType.GROUP, "g1", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group","http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
                 "externalId":"8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159","displayName":"displayName","meta":{"resourceType":"Group"}}""");

        assertThat(created.status()).isEqualTo(201);
        ObjectNode stored = get(ResourceType.GROUP, "g1");
        assertThat(texts(stored.get("schemas"))).containsExactly(GROUP_SCHEMA);
        assertThat(stored.toString()).doesNotContain("schemas.microsoft.com");
        assertThat(stored.path("externalId").asText()).isEqualTo("8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159");
        assertThat(stored.get("members")).isEmpty();
        assertThat(fx.changes()).singleElement().satisfies(c -> {
            assertThat(c.resourceType()).isEqualTo(ResourceType.GROUP);
            assertThat(c.state().has("members")).isFalse();
        });
        // The same URI on a later PUT is just as harmless.
        assertThat(put(ResourceType.GROUP, "g1", """
                {"schemas":["http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],"displayName":"renamed"}""")
                .status()).isEqualTo(200);
        assertThat(texts(get(ResourceType.GROUP, "g1").get("schemas"))).containsExactly(GROUP_SCHEMA);
    }

    @Test
    void quirk15_manyMembersInOneOperationAndSeveralOperationsInOneRequest() {
        group("g1", "Engineering", "u1");

        CommandResult result = patch(ResourceType.GROUP, "g1", """
                [{"op":"Add","path":"members","value":[{"$ref":null,"value":"u2"},{"$ref":null,"value":"u3"},{"$ref":null,"value":"u4"}]},
                 {"op":"Remove","path":"members","value":[{"$ref":null,"value":"u1"},{"$ref":null,"value":"u3"}]},
                 {"op":"Replace","path":"displayName","value":"Engineering EU"}]""");

        assertThat(result.status()).isEqualTo(200);
        ObjectNode stored = get(ResourceType.GROUP, "g1");
        assertThat(values(stored.get("members"))).containsExactly("u2", "u4");
        assertThat(stored.path("displayName").asText()).isEqualTo("Engineering EU");
        // One new version of the group for the whole request; u3 was added and removed: untouched.
        assertThat(stored.at("/meta/version").asText()).isEqualTo("W/\"3\"");
        Map<String, AccessChange> changes = byResource(fx.changes());
        assertThat(changes).containsOnlyKeys("g1", "u1", "u2", "u4");
        assertThat(changes.get("g1").version()).isEqualTo(3);
        assertThat(texts(changes.get("u1").state().get("groups"))).isEmpty();
        assertThat(texts(changes.get("u2").state().get("groups"))).containsExactly("g1");
        assertThat(texts(changes.get("u4").state().get("groups"))).containsExactly("g1");
    }

    @Test
    void quirk16_reAddingAnExistingMemberIsA2xxNoOp() {
        group("g1", "Engineering", "u1");
        String version = get(ResourceType.GROUP, "g1").at("/meta/version").asText();

        CommandResult again = patch(ResourceType.GROUP, "g1", """
                [{"op":"Add","path":"members","value":[{"$ref":null,"value":"u1"}]}]""");

        assertThat(again.status()).isEqualTo(200);
        assertThat(fx.changes()).isEmpty();
        ObjectNode stored = get(ResourceType.GROUP, "g1");
        assertThat(values(stored.get("members"))).containsExactly("u1");
        assertThat(stored.at("/meta/version").asText()).isEqualTo(version);

        // With a new member alongside: no duplicate, and only the new member's access changes.
        assertThat(patch(ResourceType.GROUP, "g1", """
                [{"op":"Add","path":"members","value":[{"$ref":null,"value":"u1"},{"$ref":null,"value":"u2"}]}]""")
                .status()).isEqualTo(200);
        assertThat(values(get(ResourceType.GROUP, "g1").get("members"))).containsExactly("u1", "u2");
        assertThat(byResource(fx.changes())).containsOnlyKeys("g1", "u2");
    }
}
