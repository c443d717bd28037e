package dev.gatehouse.processor.entra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.contract.AccessChange;
import dev.gatehouse.contract.CommandResult;
import dev.gatehouse.contract.ResourceType;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/entra-id.md §6, the quirks of Entra's PATCH and attribute shapes, each sent exactly as the doc
 * shows it through the real topology. Numbers are the doc's.
 */
class EntraPatchQuirksTest extends EntraTestSupport {
    static final String CUSTOM = "urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User";

    /** A user as Entra's full mapping creates it (§2.2), without a manager. */
    void alice() {
        CommandResult created = post(ResourceType.USER, "alice", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
                 "externalId":"alice","userName":"alice@contoso.com","active":true,"displayName":"Alice Smith","title":"Engineer",
                 "name":{"formatted":"Alice Smith","givenName":"Alice","familyName":"Smith"},
                 "emails":[{"type":"work","value":"alice@contoso.com","primary":true}],
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"701984","department":"Sales"}}""");
        assertThat(created.status()).isEqualTo(201);
        fx.drain();
    }

    /** Alice after a PATCH with these operations, which is answered 200. */
    ObjectNode patchedAlice(String operations) {
        assertThat(patch(ResourceType.USER, "alice", operations).status()).isEqualTo(200);
        return get(ResourceType.USER, "alice");
    }

    /**
     * What one Add of {@code added}, one Replace of displayName and one Remove of {@code removed} left
     * in {@code user}: each of the three took effect.
     */
    static void assertAddedReplacedRemoved(ObjectNode user, String added, String addedValue, String displayName,
                                           String removed) {
        assertThat(user.path(added).asText()).as("added " + added).isEqualTo(addedValue);
        assertThat(user.path("displayName").asText()).as("replaced displayName").isEqualTo(displayName);
        assertThat(user.has(removed)).as("removed " + removed).isFalse();
    }

    /** A user with nothing but a userName, as a filter-path add finds it. */
    void bare(String id) {
        user(id, id + "@contoso.com");
        fx.drain();
    }

    AccessChange onlyChange() {
        List<AccessChange> changes = fx.changes();
        assertThat(changes).hasSize(1);
        return changes.get(0);
    }

    @Test
    void quirk01_booleansSentAsStringsTrueFalse() {
        // Historically in POST, and roles[].primary:"True" from the SCIM Validator.
        CommandResult created = post(ResourceType.USER, "u1", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"bool@contoso.com","active":"True",
                 "roles":[{"primary":"True","type":"WindowsAzureActiveDirectoryRole","value":"Admin"}]}""");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().get("active").isBoolean()).isTrue();
        assertThat(created.body().at("/roles/0/primary").isBoolean()).isTrue();
        fx.drain();

        // §2.5 C: disable without the flag.
        CommandResult disabled = patchBody(ResourceType.USER, "u1", """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"active","value":"False"}]}""");

        assertThat(disabled.status()).isEqualTo(200);
        ObjectNode stored = get(ResourceType.USER, "u1");
        assertThat(stored.get("active").isBoolean()).isTrue();
        assertThat(stored.get("active").booleanValue()).isFalse();
        AccessChange change = onlyChange();
        assertThat(change.userActive()).isFalse();
        assertThat(change.state().get("active").isBoolean()).isTrue();

        // Re-assignment: "True" in default mode, any case accepted.
        assertThat(patch(ResourceType.USER, "u1", "[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"TRUE\"}]").status())
                .isEqualTo(200);
        assertThat(get(ResourceType.USER, "u1").get("active").booleanValue()).isTrue();
        assertThat(onlyChange().userActive()).isTrue();

        // The next cycle Adds the same role with "True" again (docs/entra-id.md quirk 3): it is the stored one, not a second.
        CommandResult again = patch(ResourceType.USER, "u1", """
                [{"op":"Add","path":"roles","value":[{"primary":"True","type":"WindowsAzureActiveDirectoryRole","value":"Admin"}]},
                 {"op":"Add","path":"emails","value":[{"primary":"True","type":"work","value":"bool@contoso.com"}]}]""");
        assertThat(again.status()).isEqualTo(200);
        assertThat(get(ResourceType.USER, "u1").get("roles")).isEqualTo(json("""
                [{"primary":true,"type":"WindowsAzureActiveDirectoryRole","value":"Admin"}]"""));
        fx.drain();
        patch(ResourceType.USER, "u1", """
                [{"op":"Add","path":"emails","value":[{"primary":"True","type":"work","value":"bool@contoso.com"}]}]""");
        assertThat(get(ResourceType.USER, "u1").get("emails")).hasSize(1);
        assertThat(fx.changes()).as("a repeated Add changes nothing").isEmpty();
    }

    @Test
    void quirk02_capitalisedOpsWithoutTheFlagLowercaseWithIt() {
        alice();

        ObjectNode afterDefault = patchedAlice("""
                [{"op":"Add","path":"nickName","value":"Babs"},
                 {"op":"Replace","path":"displayName","value":"Pvlo"},
                 {"op":"Remove","path":"title"}]""");
        assertAddedReplacedRemoved(afterDefault, "nickName", "Babs", "Pvlo", "title");

        ObjectNode afterFlag = patchedAlice("""
                [{"op":"add","path":"title","value":"Lead"},
                 {"op":"replace","path":"displayName","value":"Bjfe"},
                 {"op":"remove","path":"nickName"}]""");
        assertAddedReplacedRemoved(afterFlag, "title", "Lead", "Bjfe", "nickName");
        assertThat(afterFlag.at("/meta/version").asText()).isEqualTo("W/\"3\"");
        assertThat(fx.changes()).hasSize(2);
    }

    @Test
    void quirk03_addForAttributesThatAlreadyExist() {
        alice();
        // [S24]: Add of department in the same request as Replace ops; Add replaces a single value.
        CommandResult user = patch(ResourceType.USER, "alice", """
                [{"op":"Replace","path":"displayName","value":"Alice S."},
                 {"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department","value":"Retail"},
                 {"op":"Add","path":"externalId","value":"alice-2"},
                 {"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":"m-1"}]""");
        assertThat(user.status()).isEqualTo(200);
        ObjectNode stored = patchedAlice("""
                [{"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":"m-2"}]""");

        assertThat(stored.get(ENTERPRISE)).isEqualTo(json("""
                {"employeeNumber":"701984","department":"Retail","manager":{"value":"m-2"}}"""));
        assertThat(stored.path("externalId").asText()).isEqualTo("alice-2");
        assertThat(ids(list(ResourceType.USER, "externalId eq \"alice-2\""))).containsExactly("alice");
        assertThat(list(ResourceType.USER, "externalId eq \"alice\"").path("totalResults").asInt()).isZero();
        List<AccessChange> changes = fx.changes();
        assertThat(changes).hasSize(2);
        assertThat(changes.get(1).state().get(ENTERPRISE)).isEqualTo(stored.get(ENTERPRISE));
        assertThat(changes.get(1).version()).isEqualTo(3);

        // [S23]: Add on externalId of an existing group.
        assertThat(post(ResourceType.GROUP, "g1", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"externalId":"old","displayName":"Lobby"}""")
                .status()).isEqualTo(201);
        assertThat(patch(ResourceType.GROUP, "g1", "[{\"op\":\"Add\",\"path\":\"externalId\",\"value\":\"new\"}]")
                .status()).isEqualTo(200);
        assertThat(get(ResourceType.GROUP, "g1").path("externalId").asText()).isEqualTo("new");
    }

    @Test
    void quirk04_filterPathAddOrReplaceOnAMissingElementCreatesIt() {
        bare("u1");

        CommandResult result = patch(ResourceType.USER, "u1", """
                [{"op":"Add","path":"emails[type eq \\"work\\"].value","value":"x@y"},
                 {"op":"Add","path":"addresses[type eq \\"work\\"].formatted","value":"Columbus"},
                 {"op":"Replace","path":"phoneNumbers[type eq \\"mobile\\"].value","value":"+1 555 0101"}]""");

        assertThat(result.status()).isEqualTo(200);
        ObjectNode stored = get(ResourceType.USER, "u1");
        assertThat(stored.get("emails")).isEqualTo(json("[{\"type\":\"work\",\"value\":\"x@y\",\"primary\":true}]"));
        assertThat(stored.get("addresses")).isEqualTo(json("[{\"type\":\"work\",\"formatted\":\"Columbus\",\"primary\":true}]"));
        assertThat(stored.get("phoneNumbers"))
                .isEqualTo(json("[{\"type\":\"mobile\",\"value\":\"+1 555 0101\",\"primary\":true}]"));
        assertThat(onlyChange().state().get("emails")).isEqualTo(stored.get("emails"));

        // A second type is added next to the first, not primary; the existing one is replaced in place.
        patch(ResourceType.USER, "u1", """
                [{"op":"Replace","path":"emails[type eq \\"other\\"].value","value":"alias@y"},
                 {"op":"Replace","path":"emails[type eq \\"work\\"].value","value":"x2@y"}]""");
        assertThat(get(ResourceType.USER, "u1").get("emails")).isEqualTo(json("""
                [{"type":"work","value":"x2@y","primary":true},{"type":"other","value":"alias@y"}]"""));
        assertThat(ids(list(ResourceType.USER, "emails[type eq \"work\"].value eq \"x2@y\""))).containsExactly("u1");

        // The default mapping's own spellings (§2.2 table): proxy-Addresses to emails[type eq "other"].Value,
        // physicalDeliveryOfficeName to addresses[type eq "other"].Formatted.
        patch(ResourceType.USER, "u1", """
                [{"op":"Add","path":"emails[type eq \\"other\\"].Value","value":"alias2@y"},
                 {"op":"Add","path":"addresses[type eq \\"other\\"].Formatted","value":"Building 7"}]""");
        ObjectNode mapped = get(ResourceType.USER, "u1");
        assertThat(mapped.get("emails").get(1)).isEqualTo(json("{\"type\":\"other\",\"value\":\"alias2@y\"}"));
        assertThat(mapped.get("addresses").get(1)).isEqualTo(json("{\"type\":\"other\",\"formatted\":\"Building 7\"}"));
    }

    @Test
    void quirk06_noPathValueObjectsWithDottedAndUrnKeys() {
        alice();

        // §2.5 B, exactly as the doc shows it.
        CommandResult flag = patchBody(ResourceType.USER, "alice", """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
                 {"op":"replace","path":"emails[type eq \\"work\\"].value","value":"TestMhvaes@test.microsoft.com"},
                 {"op":"replace","value":{"displayName":"Bjfe","name.givenName":"Kkom","name.familyName":"Unua",
                   "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber":"Aklq"}}]}""");
        // scimitar #123 / scim-patch #132: an add with name.formatted and a custom URN key [S21 #207].
        CommandResult validator = patch(ResourceType.USER, "alice", """
                [{"op":"add","value":{"displayName":"Kkom Unua","title":"Boss","name.formatted":"Kkom Unua",
                  "urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User:tag":"701984"}}]""");

        assertThat(flag.status()).isEqualTo(200);
        assertThat(validator.status()).isEqualTo(200);
        ObjectNode stored = get(ResourceType.USER, "alice");
        assertThat(stored.get("name")).isEqualTo(json("""
                {"formatted":"Kkom Unua","givenName":"Kkom","familyName":"Unua"}"""));
        assertThat(stored.path("displayName").asText()).isEqualTo("Kkom Unua");
        assertThat(stored.path("title").asText()).isEqualTo("Boss");
        assertThat(stored.at("/emails/0/value").asText()).isEqualTo("TestMhvaes@test.microsoft.com");
        assertThat(stored.get(ENTERPRISE)).isEqualTo(json("{\"employeeNumber\":\"Aklq\",\"department\":\"Sales\"}"));
        assertThat(stored.get(CUSTOM)).isEqualTo(json("{\"tag\":\"701984\"}"));
        // Nothing was merged literally: no top-level key is a path.
        assertThat(fieldNames(stored)).doesNotContain("name.givenName", "name.familyName", "name.formatted",
                ENTERPRISE + ":employeeNumber", CUSTOM + ":tag");
        assertThat(fx.changes()).hasSize(2).last()
                .satisfies(c -> assertThat(c.state().at("/name/givenName").asText()).isEqualTo("Kkom"));
    }

    @Test
    void quirk07_managerInEveryShapeIsReturnedAsAComplexValue() {
        alice();
        user("m1", "boss1@contoso.com");
        user("m2", "boss2@contoso.com");
        user("m3", "boss3@contoso.com");
        fx.drain();
        List<String> sets = List.of(
                // Legacy doc form (S1 Example 5).
                "[{\"op\":\"Add\",\"path\":\"manager\",\"value\":[{\"$ref\":\"http://h/Users/m1\",\"value\":\"m1\"}]}]",
                // Microsoft's 2026 validation suite: plain string with the URN path.
                "[{\"op\":\"Add\",\"path\":\"" + ENTERPRISE + ":manager\",\"value\":\"m2\"}]",
                // SCIM Validator: object form.
                "[{\"op\":\"add\",\"path\":\"" + ENTERPRISE + ":manager\",\"value\":{\"value\":\"m3\"}}]",
                // Flag mode folding the URN key into a no-path value object.
                "[{\"op\":\"replace\",\"value\":{\"" + ENTERPRISE + ":manager\":\"m1\"}}]");
        List<String> expected = List.of("m1", "m2", "m3", "m1");
        for (int i = 0; i < sets.size(); i++) {
            assertThat(patch(ResourceType.USER, "alice", sets.get(i)).status()).as(sets.get(i)).isEqualTo(200);
            JsonNode manager = get(ResourceType.USER, "alice").path(ENTERPRISE).path("manager");
            assertThat(manager).as(sets.get(i)).isEqualTo(json("{\"value\":\"" + expected.get(i) + "\"}"));
            assertThat(onlyChange().state().path(ENTERPRISE).path("manager").path("value").asText())
                    .isEqualTo(expected.get(i));
        }
        // The legacy reference check: id eq <id> and manager eq <mgrId>.
        assertThat(ids(list(ResourceType.USER, "id eq \"alice\" and manager eq \"m1\""))).containsExactly("alice");
        // Re-PATCHed every cycle: the same manager again is a no-op (no version, no event).
        patch(ResourceType.USER, "alice", sets.get(0));
        assertThat(fx.changes()).isEmpty();

        // Removal: observed manager[value eq "<id>"] (a different id removes nothing), then "" and remove.
        patch(ResourceType.USER, "alice", "[{\"op\":\"remove\",\"path\":\"manager[value eq \\\"m2\\\"]\"}]");
        assertThat(get(ResourceType.USER, "alice").at("/" + ENTERPRISE + "/manager/value").asText()).isEqualTo("m1");
        patch(ResourceType.USER, "alice", "[{\"op\":\"remove\",\"path\":\"manager[value eq \\\"m1\\\"]\"}]");
        assertThat(get(ResourceType.USER, "alice").path(ENTERPRISE).has("manager")).isFalse();
        patch(ResourceType.USER, "alice", sets.get(1));
        patch(ResourceType.USER, "alice", "[{\"op\":\"Add\",\"path\":\"" + ENTERPRISE + ":manager\",\"value\":\"\"}]");
        assertThat(get(ResourceType.USER, "alice").path(ENTERPRISE).has("manager")).isFalse();
        patch(ResourceType.USER, "alice", sets.get(2));
        patch(ResourceType.USER, "alice", "[{\"op\":\"remove\",\"path\":\"" + ENTERPRISE + ":manager\"}]");
        ObjectNode stored = get(ResourceType.USER, "alice");
        assertThat(stored.get(ENTERPRISE)).isEqualTo(json("{\"employeeNumber\":\"701984\",\"department\":\"Sales\"}"));
    }

    @Test
    void quirk08_roleValuesAsJsonEncodedStrings() {
        alice();

        // AppRoleAssignmentsComplex: the inner value is a JSON-encoded string, stored as sent.
        CommandResult added = patch(ResourceType.USER, "alice", """
                [{"op":"Add","path":"roles","value":[{"value":"{\\"id\\":\\"06b07648-ecfe-589f-9d2f-6325724a46ee\\",\\"value\\":\\"Admin\\",\\"displayName\\":\\"Admin\\"}"}]}]""");

        assertThat(added.status()).isEqualTo(200);
        JsonNode role = get(ResourceType.USER, "alice").at("/roles/0/value");
        assertThat(role.isTextual()).isTrue();
        assertThat(json(role.textValue())).isEqualTo(json("""
                {"id":"06b07648-ecfe-589f-9d2f-6325724a46ee","value":"Admin","displayName":"Admin"}"""));
        assertThat(onlyChange().state().at("/roles/0/value").asText()).isEqualTo(role.textValue());

        // AssertiveAppRoleAssignmentsComplex replaces the set with objects.
        patch(ResourceType.USER, "alice", """
                [{"op":"replace","path":"roles","value":[{"primary":"True","type":"WindowsAzureActiveDirectoryRole","value":"Reader"}]}]""");
        assertThat(get(ResourceType.USER, "alice").get("roles")).isEqualTo(json("""
                [{"primary":true,"type":"WindowsAzureActiveDirectoryRole","value":"Reader"}]"""));
    }

    @Test
    void quirk17_multiValuedCustomAttributeAddCarriesTheWholeNewSet() {
        bare("u1");
        patch(ResourceType.USER, "u1", "[{\"op\":\"Add\",\"path\":\"" + CUSTOM
                + ":department_ids\",\"value\":[{\"value\":\"1\"},{\"value\":\"2\"}]}]");
        fx.drain();

        // [S32]: the sender means "replace": 2 is gone, 3 is new.
        CommandResult result = patch(ResourceType.USER, "u1", "[{\"op\":\"Add\",\"path\":\"" + CUSTOM
                + ":department_ids\",\"value\":[{\"value\":\"1\"},{\"value\":\"3\"}]}]");

        assertThat(result.status()).isEqualTo(200);
        assertThat(get(ResourceType.USER, "u1").path(CUSTOM).get("department_ids"))
                .isEqualTo(json("[{\"value\":\"1\"},{\"value\":\"3\"}]"));
        assertThat(values(onlyChange().state().path(CUSTOM).get("department_ids"))).containsExactly("1", "3");
    }

    @Test
    void quirk23_urnPrefixedCorePaths() {
        alice();

        ObjectNode stored = patchedAlice("""
                [{"op":"Replace","path":"urn:ietf:params:scim:schemas:core:2.0:User:userName","value":"alice2@contoso.com"},
                 {"op":"Replace","path":"urn:ietf:params:scim:schemas:core:2.0:User:name.givenName","value":"Ally"},
                 {"op":"Replace","path":"urn:ietf:params:scim:schemas:core:2.0:User:emails[type eq \\"work\\"].value","value":"alice2@contoso.com"},
                 {"op":"replace","value":{"urn:ietf:params:scim:schemas:core:2.0:User:title":"CTO"}}]""");

        assertThat(stored.path("userName").asText()).isEqualTo("alice2@contoso.com");
        assertThat(stored.at("/name/givenName").asText()).isEqualTo("Ally");
        assertThat(stored.at("/emails/0/value").asText()).isEqualTo("alice2@contoso.com");
        assertThat(stored.path("title").asText()).isEqualTo("CTO");
        assertThat(fieldNames(stored)).noneMatch(k -> k.startsWith("urn:ietf:params:scim:schemas:core"));
        // The renamed userName is what the matching query finds, also URN-qualified.
        assertThat(ids(list(ResourceType.USER, "urn:ietf:params:scim:schemas:core:2.0:User:userName eq \"alice2@contoso.com\"")))
                .containsExactly("alice");
        assertThat(list(ResourceType.USER, "userName eq \"alice@contoso.com\"").path("totalResults").asInt()).isZero();
        assertThat(onlyChange().state().path("userName").asText()).isEqualTo("alice2@contoso.com");

        assertThat(post(ResourceType.GROUP, "g1", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Lobby"}""").status()).isEqualTo(201);
        assertThat(patch(ResourceType.GROUP, "g1", """
                [{"op":"Replace","path":"urn:ietf:params:scim:schemas:core:2.0:Group:displayName","value":"Front Lobby"}]""")
                .status()).isEqualTo(200);
        assertThat(get(ResourceType.GROUP, "g1").path("displayName").asText()).isEqualTo("Front Lobby");
    }

    @Test
    void quirk27_validatorFilterPathComparesAStringTrueWithABooleanPrimary() {
        CommandResult created = post(ResourceType.USER, "u1", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"roles@contoso.com",
                 "roles":[{"primary":"True","type":"WindowsAzureActiveDirectoryRole","value":"Admin","display":"Admin"},
                          {"primary":false,"value":"Reader","display":"Reader"}]}""");
        assertThat(created.status()).isEqualTo(201);
        fx.drain();

        // The Validator flattens roles[primary eq "True"].display into a PATCH path and a filter.
        CommandResult result = patch(ResourceType.USER, "u1", """
                [{"op":"replace","path":"roles[primary eq \\"True\\"].display","value":"Administrator"}]""");

        assertThat(result.status()).isEqualTo(200);
        assertThat(get(ResourceType.USER, "u1").get("roles")).isEqualTo(json("""
                [{"primary":true,"type":"WindowsAzureActiveDirectoryRole","value":"Admin","display":"Administrator"},
                 {"primary":false,"value":"Reader","display":"Reader"}]"""));
        assertThat(ids(list(ResourceType.USER, "roles[primary eq \"True\"].display eq \"Administrator\"")))
                .containsExactly("u1");
        assertThat(ids(list(ResourceType.USER, "roles[primary eq \"False\"].display eq \"Reader\"")))
                .containsExactly("u1");
        assertThat(ids(list(ResourceType.USER, "roles[primary eq \"True\"].display eq \"Reader\""))).isEmpty();
        assertThat(onlyChange().state().at("/roles/0/display").asText()).isEqualTo("Administrator");

        // The default mapping's appRoleAssignments target (§2.2): roles[primary eq "True"].value/.display/.type,
        // on a user without roles, builds one primary role.
        bare("u2");
        assertThat(patch(ResourceType.USER, "u2", """
                [{"op":"Add","path":"roles[primary eq \\"True\\"].value","value":"Admin"},
                 {"op":"Add","path":"roles[primary eq \\"True\\"].display","value":"Admin"},
                 {"op":"Add","path":"roles[primary eq \\"True\\"].type","value":"WindowsAzureActiveDirectoryRole"}]""")
                .status()).isEqualTo(200);
        assertThat(get(ResourceType.USER, "u2").get("roles")).isEqualTo(json("""
                [{"primary":true,"value":"Admin","display":"Admin","type":"WindowsAzureActiveDirectoryRole"}]"""));
    }
}
