package dev.gatehouse.processor.entra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.contract.AccessChange;
import dev.gatehouse.contract.CommandResult;
import dev.gatehouse.contract.ResourceType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/entra-id.md §2.2–§2.7: the user requests Entra sends, exactly as the doc shows them. */
class EntraUserExamplesTest extends EntraTestSupport {
    /** §2.2, the tutorial's Create User example. */
    static final String TUTORIAL_POST = """
            {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                         "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
             "externalId": "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
             "userName": "Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee",
             "active": true,
             "emails": [{"primary": true, "type": "work", "value": "Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com"}],
             "meta": {"resourceType": "User"},
             "name": {"formatted": "givenName familyName", "familyName": "familyName", "givenName": "givenName"},
             "roles": []}
            """;

    /** §2.2 "Example 2": nulls, department/manager at the top level, and a typo'd enterprise URN. */
    static final String EXAMPLE_2 = """
            {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                         "urn:ietf:params:scim:schemas:extension:enterprise:2.0User"],
             "externalId": "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
             "userName": "Test_User_22cc22cc@testuser.com",
             "active": true,
             "addresses": null,
             "displayName": "Test User",
             "emails": [{"primary": true, "type": "work", "value": "Test_User_22cc22cc@testuser.com"}],
             "meta": {"resourceType": "User"},
             "name": {"familyName": "familyName", "givenName": "givenName"},
             "phoneNumbers": null,
             "preferredLanguage": null,
             "title": null,
             "department": null,
             "manager": null}
            """;

    /** §2.2 full-mapping shape. */
    static final String FULL_MAPPING = """
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
             "externalId":"alice","userName":"alice@contoso.com","active":true,"displayName":"Alice Smith","title":"Engineer","preferredLanguage":"en-US",
             "name":{"formatted":"Alice Smith","givenName":"Alice","familyName":"Smith"},
             "emails":[{"type":"work","value":"alice@contoso.com","primary":true}],
             "phoneNumbers":[{"type":"work","value":"+1 555 0100","primary":true},{"type":"mobile","value":"+1 555 0101"},{"type":"fax","value":"+1 555 0102"}],
             "addresses":[{"type":"work","formatted":"1 Main St","streetAddress":"1 Main St","locality":"Redmond","region":"WA","postalCode":"98052","country":"US","primary":true}],
             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"701984","department":"Sales"},
             "meta":{"resourceType":"User"},"roles":[]}
            """;

    @Test
    void tutorialCreateUserIsCreatedWith201AndTheServerAssignedIdAndMeta() {
        CommandResult result = post(ResourceType.USER, "48af03ac28ad4fb88478", TUTORIAL_POST);

        assertThat(result.status()).isEqualTo(201);
        JsonNode body = result.body();
        // §2.3: a non-empty id and the very userName sent (Microsoft's validation suite checks both).
        assertThat(body.path("id").asText()).isEqualTo("48af03ac28ad4fb88478");
        assertThat(body.path("userName").asText()).isEqualTo("Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee");
        assertThat(body.path("externalId").asText()).isEqualTo("0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef");
        assertThat(body.path("active").isBoolean()).isTrue();
        assertThat(body.at("/emails/0/value").asText())
                .isEqualTo("Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com");
        assertThat(body.at("/emails/0/primary").booleanValue()).isTrue();
        assertThat(body.at("/name/formatted").asText()).isEqualTo("givenName familyName");
        // meta is the server's: resourceType, created = lastModified = the time the API received the POST.
        assertThat(body.at("/meta/resourceType").asText()).isEqualTo("User");
        assertThat(body.at("/meta/created").asText()).isEqualTo(body.at("/meta/lastModified").asText())
                .startsWith("2026-03-01T09:00:");
        assertThat(body.at("/meta/version").asText()).isEqualTo("W/\"1\"");
        // roles: [] is "no roles" (RFC 7643 §2.5), not stored as an empty array.
        assertThat(body.has("roles")).isFalse();
        assertThat(get(ResourceType.USER, "48af03ac28ad4fb88478").path("userName").asText())
                .isEqualTo("Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee");
        AccessChange change = fx.changes().get(0);
        assertThat(change.userActive()).isTrue();
        assertThat(change.version()).isEqualTo(1);
    }

    @Test
    void example2WithNullsTopLevelDepartmentAndTypoSchemaIsCreatedTreatingNullsAsAbsent() {
        CommandResult result = post(ResourceType.USER, "u2", EXAMPLE_2);

        assertThat(result.status()).isEqualTo(201);
        ObjectNode stored = get(ResourceType.USER, "u2");
        assertThat(stored.path("displayName").asText()).isEqualTo("Test User");
        for (String absent : List.of("addresses", "phoneNumbers", "preferredLanguage", "title", "department",
                "manager", ENTERPRISE)) {
            assertThat(stored.has(absent)).as(absent).isFalse();
        }
        // The typo'd URN is ignored, not echoed: schemas lists what the resource holds.
        assertThat(texts(stored.get("schemas"))).containsExactly(USER_SCHEMA);
        assertThat(stored.at("/emails/0/value").asText()).isEqualTo("Test_User_22cc22cc@testuser.com");
    }

    @Test
    void fullMappingShapeIsStoredExactlyAsSent() {
        CommandResult result = post(ResourceType.USER, "alice-id", FULL_MAPPING);

        assertThat(result.status()).isEqualTo(201);
        ObjectNode stored = get(ResourceType.USER, "alice-id");
        // §2.2 "Store what you receive": Entra compares GET with its source and PATCHes every difference.
        ObjectNode sent = (ObjectNode) json(FULL_MAPPING);
        for (String attribute : List.of("externalId", "userName", "active", "displayName", "title",
                "preferredLanguage", "name", "emails", "phoneNumbers", "addresses", ENTERPRISE)) {
            assertThat(stored.get(attribute)).as(attribute).isEqualTo(sent.get(attribute));
        }
        assertThat(stored.at("/phoneNumbers/0/value").asText()).isEqualTo("+1 555 0100");
        assertThat(texts(stored.get("schemas"))).containsExactly(USER_SCHEMA, ENTERPRISE);
        assertThat(stored.has("roles")).isFalse();
        assertThat(stored.at("/meta/resourceType").asText()).isEqualTo("User");
        assertThat(stored.at("/meta/created").isTextual()).isTrue();
    }

    @Test
    void matchingQueryFindsTheCreatedUserByUserNameInAnyCaseAsAListResponse() {
        post(ResourceType.USER, "alice-id", FULL_MAPPING);

        // §2.1 step 1 and §2.4: always a ListResponse, even for one hit; userName is caseExact false.
        ObjectNode response = list(ResourceType.USER, "userName eq \"ALICE@contoso.com\"");

        assertThat(response.at("/schemas/0").asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:ListResponse");
        assertThat(response.path("totalResults").asInt()).isEqualTo(1);
        assertThat(ids(response)).containsExactly("alice-id");
        assertThat(ids(list(ResourceType.USER, "emails[type eq \"work\"].value eq \"alice@contoso.com\"")))
                .containsExactly("alice-id");
        assertThat(ids(list(ResourceType.USER, "externalId eq \"alice\""))).containsExactly("alice-id");
    }

    @Test
    void disabledUserIsStillReturnedByGetAndByFiltersAndLosesDoorAccess() {
        post(ResourceType.USER, "alice-id", FULL_MAPPING);
        fx.drain();

        // §2.6: unassignment is PATCH active=false, never DELETE.
        CommandResult disable = patch(ResourceType.USER, "alice-id",
                "[{\"op\":\"Replace\",\"path\":\"active\",\"value\":false}]");

        assertThat(disable.status()).isEqualTo(200);
        assertThat(get(ResourceType.USER, "alice-id").path("active").booleanValue()).isFalse();
        assertThat(ids(list(ResourceType.USER, "userName eq \"alice@contoso.com\""))).containsExactly("alice-id");
        assertThat(fx.changes()).singleElement().satisfies(c -> assertThat(c.userActive()).isFalse());
    }

    @Test
    void deleteAnswers204AndAGetAfterwardsIsNotFound() {
        post(ResourceType.USER, "alice-id", FULL_MAPPING);
        fx.drain();

        CommandResult deleted = delete(ResourceType.USER, "alice-id");

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(exists(ResourceType.USER, "alice-id")).isFalse();
        assertThat(fx.changes()).singleElement().satisfies(c -> assertThat(c.deleted()).isTrue());
        // §2.8: the Validator expects 404 when deleting a missing user (and deleting twice).
        assertThat(delete(ResourceType.USER, "alice-id").status()).isEqualTo(404);
        assertThat(ids(list(ResourceType.USER, "userName eq \"alice@contoso.com\""))).isEmpty();
    }

    @Test
    void putReplacesEveryWritableAttributeAndKeepsIdAndCreated() {
        post(ResourceType.USER, "alice-id", FULL_MAPPING);
        String created = get(ResourceType.USER, "alice-id").at("/meta/created").asText();

        CommandResult result = put(ResourceType.USER, "alice-id", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"alice@contoso.com",
                 "displayName":"Alice S."}""");

        assertThat(result.status()).isEqualTo(200);
        ObjectNode stored = get(ResourceType.USER, "alice-id");
        assertThat(stored.path("displayName").asText()).isEqualTo("Alice S.");
        assertThat(stored.has("emails")).isFalse();
        assertThat(stored.has(ENTERPRISE)).isFalse();
        assertThat(stored.at("/meta/created").asText()).isEqualTo(created);
        assertThat(stored.at("/meta/version").asText()).isEqualTo("W/\"2\"");
    }

    @Test
    void defaultModePatchWithOneOperationPerAttributeIsAppliedInOrder() {
        post(ResourceType.USER, "alice-id", FULL_MAPPING);
        fx.drain();

        // §2.5 A, exactly as the doc shows it.
        CommandResult result = patchBody(ResourceType.USER, "alice-id", """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
                 {"op":"Replace","path":"displayName","value":"Pvlo"},
                 {"op":"Replace","path":"emails[type eq \\"work\\"].value","value":"TestBcwqnm@test.microsoft.com"},
                 {"op":"Replace","path":"name.givenName","value":"Gtfd"},
                 {"op":"Replace","path":"name.familyName","value":"Pkqf"},
                 {"op":"Replace","path":"externalId","value":"Eqpj"},
                 {"op":"Replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber","value":"Eqpj"}]}""");

        assertThat(result.status()).isEqualTo(200);
        ObjectNode stored = get(ResourceType.USER, "alice-id");
        assertThat(stored.path("displayName").asText()).isEqualTo("Pvlo");
        assertThat(stored.get("emails")).isEqualTo(json("[{\"type\":\"work\",\"value\":\"TestBcwqnm@test.microsoft.com\",\"primary\":true}]"));
        assertThat(stored.get("name")).isEqualTo(json("{\"formatted\":\"Alice Smith\",\"givenName\":\"Gtfd\",\"familyName\":\"Pkqf\"}"));
        assertThat(stored.path("externalId").asText()).isEqualTo("Eqpj");
        assertThat(stored.path(ENTERPRISE).path("employeeNumber").asText()).isEqualTo("Eqpj");
        assertThat(stored.path(ENTERPRISE).path("department").asText()).isEqualTo("Sales");
        assertThat(stored.at("/meta/version").asText()).isEqualTo("W/\"2\"");
        assertThat(fx.changes()).singleElement().satisfies(c -> assertThat(c.version()).isEqualTo(2));
    }

    @Test
    void emptyStringThenNullClearTheValueAsTheGallerySuiteChecks() {
        post(ResourceType.USER, "alice-id", FULL_MAPPING);

        // §2.5 G: the gallery suite PATCHes "" then null and requires GET to show the attribute empty.
        for (String value : List.of("\"\"", "null")) {
            CommandResult result = patch(ResourceType.USER, "alice-id", """
                    [{"op":"replace","path":"title","value":%1$s},
                     {"op":"replace","path":"preferredLanguage","value":%1$s},
                     {"op":"replace","path":"name.givenName","value":%1$s},
                     {"op":"replace","path":"phoneNumbers[type eq \\"fax\\"].value","value":%1$s},
                     {"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department","value":%1$s}]"""
                    .formatted(value));
            assertThat(result.status()).as(value).isEqualTo(200);
            ObjectNode stored = get(ResourceType.USER, "alice-id");
            assertThat(stored.has("title")).as(value).isFalse();
            assertThat(stored.has("preferredLanguage")).as(value).isFalse();
            assertThat(stored.at("/name").has("givenName")).as(value).isFalse();
            assertThat(stored.get("phoneNumbers").findValuesAsText("type")).as(value).containsExactly("work", "mobile");
            assertThat(stored.get(ENTERPRISE)).as(value).isEqualTo(json("{\"employeeNumber\":\"701984\"}"));
        }
    }

    @Test
    void readOnlyIdAndMetaCannotBeChanged() {
        post(ResourceType.USER, "alice-id", FULL_MAPPING);
        ObjectNode before = get(ResourceType.USER, "alice-id");
        fx.drain();

        // RFC 7643 §3.1: a PATCH that names them is refused with mutability ...
        for (String path : List.of("id", "meta", "meta.created", "urn:ietf:params:scim:schemas:core:2.0:User:id")) {
            CommandResult refused = patch(ResourceType.USER, "alice-id",
                    "[{\"op\":\"Replace\",\"path\":\"" + path + "\",\"value\":\"x\"}]");
            assertThat(refused.status()).as(path).isEqualTo(400);
            assertThat(refused.body().path("scimType").asText()).as(path).isEqualTo("mutability");
        }
        // ... while an id or meta echoed in a body is ignored, as a client-sent meta is on POST (§2.2).
        assertThat(patch(ResourceType.USER, "alice-id", """
                [{"op":"replace","value":{"meta":{"created":"1999-01-01T00:00:00Z"},"displayName":"Al"}}]""").status())
                .isEqualTo(200);
        assertThat(put(ResourceType.USER, "alice-id", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"forged","userName":"alice@contoso.com",
                 "meta":{"created":"1999-01-01T00:00:00Z","version":"W/\\"99\\""}}""").status()).isEqualTo(200);

        ObjectNode after = get(ResourceType.USER, "alice-id");
        assertThat(after.path("id").asText()).isEqualTo("alice-id");
        assertThat(after.at("/meta/created")).isEqualTo(before.at("/meta/created"));
        assertThat(after.at("/meta/version").asText()).isEqualTo("W/\"3\"");
        assertThat(exists(ResourceType.USER, "forged")).isFalse();
        assertThat(fx.changes()).hasSize(2).allSatisfy(c -> assertThat(c.resourceId()).isEqualTo("alice-id"));
    }
}
