package dev.gatehouse.processor.entra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.contract.AccessChange;
import dev.gatehouse.contract.CommandResult;
import dev.gatehouse.contract.ResourceType;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/entra-id.md §6, the quirks of what Entra puts in a create and how it ends access, through the
 * real topology.
 */
class EntraProvisioningQuirksTest extends EntraTestSupport {
    static final String CUSTOM = "urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User";

    @Test
    void quirk09_customExtensionUrnMissingFromSchemasIsStoredUnderItsUrn() {
        // §4.1 item 2: schemas lists only the core and enterprise URNs.
        CommandResult created = post(ResourceType.USER, "u1", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
                 "userName":"tag@contoso.com","active":true,
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"7"},
                 "urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User":{"tag":"701984"}}""");

        assertThat(created.status()).isEqualTo(201);
        ObjectNode stored = get(ResourceType.USER, "u1");
        assertThat(stored.get(CUSTOM)).isEqualTo(json("{\"tag\":\"701984\"}"));
        assertThat(texts(stored.get("schemas"))).containsExactly(USER_SCHEMA, ENTERPRISE, CUSTOM);
        assertThat(fx.changes()).singleElement()
                .satisfies(c -> assertThat(c.state().path(CUSTOM).path("tag").asText()).isEqualTo("701984"));

        // The later update (ServiceNow accepts only this one, [S27]) by URN path, schemas never listing it.
        assertThat(patch(ResourceType.USER, "u1", "[{\"op\":\"Replace\",\"path\":\"" + CUSTOM
                + ":tag\",\"value\":\"701985\"}]").status()).isEqualTo(200);
        assertThat(get(ResourceType.USER, "u1").get(CUSTOM)).isEqualTo(json("{\"tag\":\"701985\"}"));
        assertThat(ids(list(ResourceType.USER, CUSTOM + ":tag eq \"701985\""))).containsExactly("u1");
    }

    @Test
    void quirk11_clientSuppliedMetaRolesPrimaryAndNullsInPost() {
        CommandResult created = post(ResourceType.USER, "server-id", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],
                 "id":"client-id","userName":"meta@contoso.com","active":true,
                 "meta":{"resourceType":"User","created":"1999-01-01T00:00:00Z","lastModified":"1999-01-01T00:00:00Z",
                         "version":"W/\\"77\\"","location":"https://evil.example/Users/x"},
                 "roles":[],"title":null,"nickName":null,
                 "emails":[{"primary":true,"type":"work","value":"meta@contoso.com"}],
                 "phoneNumbers":[{"primary":"False","type":"mobile","value":"+1 555 0101"}],
                 "addresses":null,"name":{"givenName":"M","middleName":null}}""");

        assertThat(created.status()).isEqualTo(201);
        ObjectNode stored = get(ResourceType.USER, "server-id");
        assertThat(stored.path("id").asText()).isEqualTo("server-id");
        assertThat(stored.at("/meta/created").asText()).startsWith("2026-03-01T09:00:");
        assertThat(stored.at("/meta/version").asText()).isEqualTo("W/\"1\"");
        assertThat(stored.at("/meta").has("location")).isFalse();
        for (String absent : List.of("roles", "title", "nickName", "addresses")) {
            assertThat(stored.has(absent)).as(absent).isFalse();
        }
        assertThat(stored.get("name")).isEqualTo(json("{\"givenName\":\"M\"}"));
        assertThat(stored.at("/emails/0/primary").booleanValue()).isTrue();
        assertThat(stored.at("/phoneNumbers/0/primary").isBoolean()).isTrue();
        assertThat(stored.at("/phoneNumbers/0/primary").booleanValue()).isFalse();
        assertThat(ids(list(ResourceType.USER, "id eq \"client-id\""))).isEmpty();
        assertThat(fx.changes()).singleElement().satisfies(c -> {
            assertThat(c.resourceId()).isEqualTo("server-id");
            assertThat(c.version()).isEqualTo(1);
        });
    }

    @Test
    void quirk21_unassignDisablesAndNeverDeletes() {
        user("u1", "leaver@contoso.com");
        assertThat(fx.createGroup("g1", "Lobby", "u1").status()).isEqualTo(201);
        fx.drain();

        // Unassignment, scoping-out, soft delete and accountEnabled=false all arrive as this PATCH (§2.6).
        CommandResult disabled = patch(ResourceType.USER, "u1", "[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}]");

        assertThat(disabled.status()).isEqualTo(200);
        ObjectNode stored = get(ResourceType.USER, "u1");
        assertThat(stored.get("active").booleanValue()).isFalse();
        assertThat(values(stored.get("groups"))).containsExactly("g1");
        assertThat(values(get(ResourceType.GROUP, "g1").get("members"))).containsExactly("u1");
        assertThat(ids(list(ResourceType.USER, "userName eq \"leaver@contoso.com\""))).containsExactly("u1");
        // Door systems hear that the person may no longer open any door; the group itself is unchanged.
        List<AccessChange> changes = fx.changes();
        assertThat(changes).hasSize(1);
        AccessChange change = changes.get(0);
        assertThat(change.resourceId()).isEqualTo("u1");
        assertThat(change.deleted()).isFalse();
        assertThat(change.userActive()).isFalse();
        assertThat(texts(change.state().get("groups"))).containsExactly("g1");

        // Re-assignment brings access back with the same groups.
        patch(ResourceType.USER, "u1", "[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"True\"}]");
        assertThat(fx.changes()).singleElement().satisfies(c -> {
            assertThat(c.userActive()).isTrue();
            assertThat(texts(c.state().get("groups"))).containsExactly("g1");
        });
    }

    @Test
    void quirk22_nonUrnCustomAttributeSkippedOnCreateArrivesOnTheNextUpdate() {
        // The create has no metadata at all: nothing makes it required.
        CommandResult created = post(ResourceType.USER, "u1", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"late@contoso.com","active":true}""");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().has("metadata")).isFalse();
        fx.drain();

        // The next cycle's update, in the default dialect, then in the flag dialect.
        CommandResult defaultMode = patch(ResourceType.USER, "u1",
                "[{\"op\":\"Add\",\"path\":\"metadata.city\",\"value\":\"Berlin\"}]");
        CommandResult flagMode = patch(ResourceType.USER, "u1",
                "[{\"op\":\"add\",\"value\":{\"metadata.badge\":\"B-17\"}}]");

        assertThat(defaultMode.status()).isEqualTo(200);
        assertThat(flagMode.status()).isEqualTo(200);
        ObjectNode stored = get(ResourceType.USER, "u1");
        assertThat(stored.get("metadata")).isEqualTo(json("{\"city\":\"Berlin\",\"badge\":\"B-17\"}"));
        assertThat(fieldNames(stored)).noneMatch(k -> k.startsWith("metadata."));
        List<AccessChange> changes = fx.changes();
        assertThat(changes).hasSize(2);
        assertThat(changes.get(1).state().get("metadata")).isEqualTo(json("{\"city\":\"Berlin\",\"badge\":\"B-17\"}"));
    }
}
