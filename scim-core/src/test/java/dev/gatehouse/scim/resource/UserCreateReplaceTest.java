package dev.gatehouse.scim.resource;

import static dev.gatehouse.scim.testing.Json.assertScimError;
import static dev.gatehouse.scim.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.scim.patch.MemberChange;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UserCreateReplaceTest {
    static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    static final Instant T1 = Instant.parse("2024-05-02T11:30:00.123Z");
    static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    private static final String ENTRA_POST = """
            {'schemas':['urn:ietf:params:scim:schemas:core:2.0:User','urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
             'externalId':'0a21f0f2','userName':'Test_User_00aa','active':true,
             'emails':[{'primary':true,'type':'work','value':'Test_User@testuser.com'}],
             'meta':{'resourceType':'User'},
             'name':{'formatted':'givenName familyName','familyName':'familyName','givenName':'givenName'},
             'roles':[]}""";

    static ObjectNode create(String body) {
        return ResourceOps.create(ResourceType.USER, obj(body), "u-1", T0).resource();
    }

    @Test
    void createsEntraTutorialUserWithIdSchemasAndMeta() {
        Applied applied = ResourceOps.create(ResourceType.USER, obj(ENTRA_POST), "u-1", T0);

        assertThat(applied.changed()).isTrue();
        assertThat(applied.members()).isEqualTo(MemberChange.none());
        assertThat(applied.resource()).isEqualTo(obj("""
                {'schemas':['urn:ietf:params:scim:schemas:core:2.0:User'],'id':'u-1',
                 'externalId':'0a21f0f2','userName':'Test_User_00aa','active':true,
                 'emails':[{'primary':true,'type':'work','value':'Test_User@testuser.com'}],
                 'name':{'formatted':'givenName familyName','familyName':'familyName','givenName':'givenName'},
                 'meta':{'resourceType':'User','created':'2024-05-01T10:00:00Z','lastModified':'2024-05-01T10:00:00Z',
                         'version':'W/\\"1\\"'}}"""));
    }

    @Test
    void acceptsExample2NullsTopLevelManagerAndTypoSchema() {
        // docs/entra-id.md §2.2 Example 2: nulls, top-level department/manager, typo'd enterprise URN.
        ObjectNode user = create("""
                {'schemas':['urn:ietf:params:scim:schemas:core:2.0:User','urn:ietf:params:scim:schemas:extension:enterprise:2.0User'],
                 'userName':'bob','addresses':null,'phoneNumbers':null,'preferredLanguage':null,'title':null,
                 'department':null,'manager':null,'name':{'givenName':'Bob','middleName':null},'unknownThing':{'a':1}}""");

        assertThat(user.has("addresses")).isFalse();
        assertThat(user.has("title")).isFalse();
        assertThat(user.has("department")).isFalse();
        assertThat(user.has(ENTERPRISE)).isFalse();
        assertThat(user.get("name")).isEqualTo(obj("{'givenName':'Bob'}"));
        assertThat(user.get("unknownThing")).isEqualTo(obj("{'a':1}"));
        assertThat(user.get("active").booleanValue()).isTrue(); // active defaults to true
    }

    @Test
    void normalizesAttributeNameCaseAsPostmanSendsIt() {
        ObjectNode user = create("""
                {'UserName':'UserName123','Active':'True','DisplayName':'Ryan',
                 'Emails':[{'Primary':'true','Type':'work','Value':'r@x.com'}],
                 'Name':{'FamilyName':'Leenay','GivenName':'Ryan'},'ExternalId':'Ext'}""");

        assertThat(user.get("userName").asText()).isEqualTo("UserName123");
        assertThat(user.get("active").isBoolean()).isTrue();
        assertThat(user.get("displayName").asText()).isEqualTo("Ryan");
        assertThat(user.get("externalId").asText()).isEqualTo("Ext");
        assertThat(user.get("emails")).isEqualTo(obj("{'a':[{'primary':true,'type':'work','value':'r@x.com'}]}").get("a"));
        assertThat(user.get("name")).isEqualTo(obj("{'familyName':'Leenay','givenName':'Ryan'}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"True", "true", "TRUE", "False", "false"})
    void turnsBooleanStringsIntoBooleans(String value) {
        ObjectNode user = create("{'userName':'a','active':'" + value + "','roles':[{'primary':'" + value
                + "','value':'Admin'}]}");
        boolean expected = Boolean.parseBoolean(value);
        assertThat(user.get("active").booleanValue()).isEqualTo(expected);
        assertThat(user.get("roles").get(0).get("primary").booleanValue()).isEqualTo(expected);
    }

    @Test
    void rejectsDottedKeyUnderNonComplexAttribute() {
        assertScimError(() -> create("{'userName':'a','title':'t','title.x':'y'}"), "invalidValue", "title.x");
    }

    @Test
    void rejectsNonBooleanActive() {
        assertScimError(() -> create("{'userName':'a','active':'maybe'}"), "invalidValue", "active");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{'userName':''}", "{'userName':'  '}", "{'userName':null}", "{'userName':5}",
            "{'displayName':'x'}"})
    void requiresUserName(String body) {
        assertScimError(() -> create(body), "invalidValue", "userName is required");
    }

    @Test
    void rejectsNonObjectBody() {
        assertScimError(() -> ResourceOps.create(ResourceType.USER, obj("{'a':[1]}").get("a"), "u", T0),
                "invalidSyntax", "JSON object");
        assertScimError(() -> ResourceOps.create(ResourceType.USER, null, "u", T0), "invalidSyntax", "JSON object");
    }

    @Test
    void ignoresClientIdMetaGroupsAndPassword() {
        ObjectNode user = create("""
                {'id':'evil','userName':'a','meta':{'created':'1999-01-01T00:00:00Z','version':'W/\\"9\\"'},
                 'groups':[{'value':'g-1'}],'password':'s3cret','schemas':['bogus']}""");

        assertThat(user.get("id").asText()).isEqualTo("u-1");
        assertThat(user.get("meta").get("created").asText()).isEqualTo("2024-05-01T10:00:00Z");
        assertThat(user.has("groups")).isFalse();
        assertThat(user.has("password")).isFalse();
        assertThat(user.get("schemas")).hasSize(1);
    }

    @Test
    void listsEnterpriseAndCustomExtensionSchemasWhenPresent() {
        ObjectNode user = create("""
                {'userName':'a','urn:ietf:params:scim:schemas:extension:enterprise:2.0:User':{'EmployeeNumber':'7'},
                 'urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User':{'tag':'701984'}}""");

        assertThat(user.get("schemas")).isEqualTo(obj("""
                {'s':['urn:ietf:params:scim:schemas:core:2.0:User','urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
                      'urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User']}""").get("s"));
        assertThat(user.get(ENTERPRISE).get("employeeNumber").asText()).isEqualTo("7");
    }

    @Test
    void nestsUrnQualifiedAndDottedTopLevelKeys() {
        ObjectNode user = create("""
                {'userName':'a','urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department':'Sales',
                 'urn:ietf:params:scim:schemas:core:2.0:User:title':'Boss','name.givenName':'Al',
                 'urn:ietf:params:scim:schemas:extension:Custom:2.0:User:tag':'t1'}""");

        assertThat(user.get(ENTERPRISE)).isEqualTo(obj("{'department':'Sales'}"));
        assertThat(user.get("title").asText()).isEqualTo("Boss");
        assertThat(user.get("name")).isEqualTo(obj("{'givenName':'Al'}"));
        assertThat(user.get("urn:ietf:params:scim:schemas:extension:Custom:2.0:User")).isEqualTo(obj("{'tag':'t1'}"));
    }

    @Test
    void storesRoleValuesThatAreJsonEncodedStringsAsGiven() {
        String encoded = "{\\\"id\\\":\\\"06b07648\\\",\\\"value\\\":\\\"Admin\\\"}";
        ObjectNode user = create("{'userName':'a','roles':[{'value':'" + encoded + "'}]}");
        assertThat(user.get("roles").get(0).get("value").isTextual()).isTrue();
        assertThat(user.get("roles").get(0).get("value").asText()).isEqualTo("{\"id\":\"06b07648\",\"value\":\"Admin\"}");
    }

    @Test
    void replaceKeepsIdAndCreatedAndDropsOmittedAttributes() {
        ObjectNode current = create("{'userName':'a','title':'t','displayName':'A'}");
        Applied applied = ResourceOps.replace(ResourceType.USER, current,
                obj("{'id':'other','userName':'a','displayName':'B','meta':{'created':'1999-01-01T00:00:00Z'}}"), T1);

        assertThat(applied.changed()).isTrue();
        ObjectNode user = applied.resource();
        assertThat(user.get("id").asText()).isEqualTo("u-1");
        assertThat(user.get("meta").get("created").asText()).isEqualTo("2024-05-01T10:00:00Z");
        assertThat(user.get("meta").get("lastModified").asText()).isEqualTo("2024-05-02T11:30:00.123Z");
        assertThat(user.has("title")).isFalse();
        assertThat(user.get("displayName").asText()).isEqualTo("B");
    }

    @Test
    void replaceWithSameAttributesIsUnchanged() {
        ObjectNode current = create("{'userName':'a','active':true}");
        Applied applied = ResourceOps.replace(ResourceType.USER, current, obj("{'UserName':'a','active':'True'}"), T1);

        assertThat(applied.changed()).isFalse();
        assertThat(applied.resource()).isEqualTo(current);
    }

    @Test
    void replaceRequiresUserName() {
        ObjectNode current = create("{'userName':'a'}");
        assertScimError(() -> ResourceOps.replace(ResourceType.USER, current, obj("{'displayName':'x'}"), T1),
                "invalidValue", "userName");
    }

    @Test
    void neverMutatesInputsAndIsDeterministic() {
        ObjectNode body = obj(ENTRA_POST);
        ObjectNode bodyCopy = body.deepCopy();
        Applied first = ResourceOps.create(ResourceType.USER, body, "u-1", T0);
        Applied second = ResourceOps.create(ResourceType.USER, body, "u-1", T0);
        assertThat(body).isEqualTo(bodyCopy);
        assertThat(first).isEqualTo(second);
        assertThat(first.resource().toString()).isEqualTo(second.resource().toString());

        ObjectNode current = first.resource();
        ObjectNode currentCopy = current.deepCopy();
        ObjectNode put = obj("{'userName':'b','active':'False'}");
        ResourceOps.replace(ResourceType.USER, current, put, T1);
        assertThat(current).isEqualTo(currentCopy);
        assertThat(put).isEqualTo(obj("{'userName':'b','active':'False'}"));
    }

    @Test
    void withVersionSetsWeakEtagOnACopy() {
        ObjectNode current = create("{'userName':'a'}");
        ObjectNode versioned = ResourceOps.withVersion(current, 42);

        assertThat(versioned.get("meta").get("version").asText()).isEqualTo("W/\"42\"");
        assertThat(current.get("meta").get("version").asText()).isEqualTo("W/\"1\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{'userName':'a'}", "{'userName':'a','active':null}"})
    void aPutThatLeavesActiveOutKeepsTheCurrentValueSoADisabledUserStaysDisabled(String put) {
        // Fail closed: only an explicit true/false changes who may open doors (docs/entra-id.md §2.6).
        ObjectNode disabled = create("{'userName':'a','active':false}");
        ObjectNode enabled = create("{'userName':'a','active':true}");

        assertThat(ResourceOps.replace(ResourceType.USER, disabled, obj(put), T1).resource().get("active").booleanValue())
                .isFalse();
        assertThat(ResourceOps.replace(ResourceType.USER, enabled, obj(put), T1).resource().get("active").booleanValue())
                .isTrue();
        assertThat(ResourceOps.replace(ResourceType.USER, disabled, obj("{'userName':'a','active':true}"), T1)
                .resource().get("active").booleanValue()).isTrue();
    }
}
