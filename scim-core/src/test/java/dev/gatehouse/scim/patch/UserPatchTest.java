package dev.gatehouse.scim.patch;

import static dev.gatehouse.scim.testing.Json.assertScimError;
import static dev.gatehouse.scim.testing.Json.node;
import static dev.gatehouse.scim.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.scim.resource.Applied;
import dev.gatehouse.scim.resource.ResourceOps;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PATCH of users in every shape of docs/entra-id.md §2.5 A–G. Hand-written (not UnboundID's
 * PatchOperation.apply, which is case-sensitive and strict): filtered add/replace creating the missing
 * element (D), ""/null clearing (G), no-path objects keyed by paths (B), Entra's remove-with-value,
 * manager shapes (E) and metadata. UnboundID parses and evaluates the value filters.
 */
class UserPatchTest {
    static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    static final Instant T1 = Instant.parse("2024-05-02T10:00:00Z");
    static final String ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    static final ObjectNode ALICE = ResourceOps.create(ResourceType.USER, obj("""
            {'userName':'alice@contoso.com','active':true,'displayName':'Alice','externalId':'alice',
             'name':{'givenName':'Alice','familyName':'Smith'},
             'emails':[{'type':'work','value':'alice@contoso.com','primary':true}],
             'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User':{'employeeNumber':'1','department':'Sales'}}"""),
            "u-1", T0).resource();

    static Applied patch(ObjectNode user, String ops) {
        return ResourceOps.patch(ResourceType.USER, user,
                obj("{'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp'],'Operations':" + ops + "}"), T1);
    }

    static ObjectNode patched(String ops) {
        return patch(ALICE, ops).resource();
    }

    static JsonNode at(ObjectNode user, String pointer) {
        return user.at(pointer);
    }

    @Test
    void appliesDefaultModeOneOperationPerAttribute() {
        // §2.5 A
        ObjectNode user = patched("""
                [{'op':'Replace','path':'displayName','value':'Pvlo'},
                 {'op':'Replace','path':'emails[type eq \\"work\\"].value','value':'TestBcwqnm@test.microsoft.com'},
                 {'op':'Replace','path':'name.givenName','value':'Gtfd'},
                 {'op':'Replace','path':'name.familyName','value':'Pkqf'},
                 {'op':'Replace','path':'externalId','value':'Eqpj'},
                 {'op':'Replace','path':'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber','value':'Eqpj'},
                 {'op':'Add','path':'nickName','value':'Babs'},
                 {'op':'Add','path':'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department','value':'Retail'}]""");

        assertThat(user.get("displayName").asText()).isEqualTo("Pvlo");
        assertThat(user.get("emails")).isEqualTo(node(
                "[{'type':'work','value':'TestBcwqnm@test.microsoft.com','primary':true}]"));
        assertThat(user.get("name")).isEqualTo(obj("{'givenName':'Gtfd','familyName':'Pkqf'}"));
        assertThat(user.get("externalId").asText()).isEqualTo("Eqpj");
        assertThat(user.get(ENT)).isEqualTo(obj("{'employeeNumber':'Eqpj','department':'Retail'}"));
        assertThat(user.get("nickName").asText()).isEqualTo("Babs");
        assertThat(user.get("meta").get("created").asText()).isEqualTo("2024-05-01T10:00:00Z");
        assertThat(user.get("meta").get("lastModified").asText()).isEqualTo("2024-05-02T10:00:00Z");
    }

    @Test
    void interpretsFlagModeNoPathKeysAsPaths() {
        // §2.5 B: keys are paths, never literal top-level "name.givenName" keys.
        ObjectNode user = patched("""
                [{'op':'replace','path':'emails[type eq \\"work\\"].value','value':'TestMhvaes@test.microsoft.com'},
                 {'op':'replace','value':{'displayName':'Bjfe','name.givenName':'Kkom','name.familyName':'Unua',
                   'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber':'Aklq'}}]""");

        assertThat(user.has("name.givenName")).isFalse();
        assertThat(user.get("name")).isEqualTo(obj("{'givenName':'Kkom','familyName':'Unua'}"));
        assertThat(user.get("displayName").asText()).isEqualTo("Bjfe");
        assertThat(user.get(ENT).get("employeeNumber").asText()).isEqualTo("Aklq");
        assertThat(at(user, "/emails/0/value").asText()).isEqualTo("TestMhvaes@test.microsoft.com");
    }

    @Test
    void mergesNoPathAddWithTitleAndFormatted() {
        ObjectNode user = patched("[{'op':'add','value':{'displayName':'D','title':'T','name.givenName':'G','name.formatted':'G S'}}]");
        assertThat(user.get("name")).isEqualTo(obj("{'givenName':'G','familyName':'Smith','formatted':'G S'}"));
        assertThat(user.get("title").asText()).isEqualTo("T");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            {'op':'Replace','path':'active','value':'False'}   | false
            {'op':'replace','path':'active','value':false}     | false
            {'op':'Replace','path':'active','value':'True'}    | true
            {'op':'REPLACE','path':'ACTIVE','value':'FALSE'}   | false
            {'op':'replace','value':{'active':'False'}}        | false
            """)
    void acceptsBooleansAsStringsInAnyCase(String op, boolean expected) {
        // §2.5 C
        JsonNode active = patched("[" + op + "]").get("active");
        assertThat(active.isBoolean()).isTrue();
        assertThat(active.booleanValue()).isEqualTo(expected);
    }

    @Test
    void createsElementWhenValueFilterMatchesNothing() {
        // §2.5 D: add or replace through a filter matching nothing creates the element.
        ObjectNode noEmails = patch(ALICE, "[{'op':'remove','path':'emails'}]").resource();
        ObjectNode user = patch(noEmails, """
                [{'op':'Add','path':'emails[type eq \\"work\\"].value','value':'x@y'},
                 {'op':'Add','path':'addresses[type eq \\"work\\"].formatted','value':'Columbus'},
                 {'op':'Replace','path':'phoneNumbers[type eq \\"mobile\\"].value','value':'+1 555'},
                 {'op':'Replace','path':'emails[type eq \\"other\\"].Value','value':'o@y'}]""").resource();

        assertThat(user.get("emails")).isEqualTo(node(
                "[{'type':'work','value':'x@y','primary':true},{'type':'other','value':'o@y'}]"));
        assertThat(user.get("addresses")).isEqualTo(node("[{'type':'work','formatted':'Columbus','primary':true}]"));
        assertThat(user.get("phoneNumbers")).isEqualTo(node("[{'type':'mobile','value':'+1 555','primary':true}]"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "[{'op':'Add','path':'manager','value':[{'$ref':'http://h/Users/m-9','value':'m-9'}]}]",
        "[{'op':'Add','path':'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager','value':'m-9'}]",
        "[{'op':'add','path':'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager','value':{'value':'m-9'}}]",
        "[{'op':'replace','value':{'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager':'m-9'}}]",
        "[{'op':'replace','value':{'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User':{'manager':{'value':'m-9','displayName':'M'}}}}]",
        "[{'op':'Replace','path':'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value','value':'m-9'}]"})
    void storesEveryManagerShapeAsComplexValue(String ops) {
        // §2.5 E
        ObjectNode user = patched(ops);
        assertThat(user.get(ENT)).isEqualTo(obj("{'employeeNumber':'1','department':'Sales','manager':{'value':'m-9'}}"));
        assertThat(user.get("schemas").toString()).contains(ENT);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "[{'op':'Add','path':'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager','value':''}]",
        "[{'op':'replace','path':'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager','value':null}]",
        "[{'op':'remove','path':'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager'}]",
        "[{'op':'remove','path':'manager[value eq \\\"m-9\\\"]'}]",
        "[{'op':'Remove','path':'manager'}]"})
    void clearsManagerInEveryRemovalShape(String ops) {
        ObjectNode withManager = patch(ALICE,
                "[{'op':'Add','path':'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager','value':'m-9'}]")
                .resource();
        ObjectNode user = patch(withManager, ops).resource();
        assertThat(user.get(ENT)).isEqualTo(obj("{'employeeNumber':'1','department':'Sales'}"));
    }

    @Test
    void storesRoleValuesGivenAsJsonEncodedStrings() {
        // §2.5 F
        ObjectNode user = patched("""
                [{'op':'Add','path':'roles','value':[{'value':'{\\"id\\":\\"06b07648\\",\\"value\\":\\"Admin\\"}'}]}]""");
        assertThat(at(user, "/roles/0/value").asText()).isEqualTo("{\"id\":\"06b07648\",\"value\":\"Admin\"}");

        ObjectNode replaced = patch(user, "[{'op':'replace','path':'roles','value':[{'value':'Reader','primary':'True'}]}]")
                .resource();
        assertThat(replaced.get("roles")).isEqualTo(node("[{'value':'Reader','primary':true}]"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"''", "null"})
    void treatsEmptyAndNullAsRemoval(String value) {
        // §2.5 G
        ObjectNode user = patched("""
                [{'op':'replace','path':'displayName','value':%1$s},
                 {'op':'replace','path':'name.givenName','value':%1$s},
                 {'op':'replace','path':'emails[type eq \\"work\\"].value','value':%1$s},
                 {'op':'replace','path':'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department','value':%1$s}]"""
                .formatted(value));
        assertThat(user.has("displayName")).isFalse();
        assertThat(user.get("name")).isEqualTo(obj("{'familyName':'Smith'}"));
        assertThat(user.has("emails")).isFalse();
        assertThat(user.get(ENT)).isEqualTo(obj("{'employeeNumber':'1'}"));
    }

    @Test
    void removesThroughFilterAndSubAttribute() {
        ObjectNode two = patched("[{'op':'add','path':'emails','value':[{'type':'home','value':'h@x'}]}]");
        assertThat(two.get("emails")).hasSize(2);
        ObjectNode one = patch(two, "[{'op':'remove','path':'emails[type eq \\\"home\\\"]'}]").resource();
        assertThat(one.get("emails")).isEqualTo(ALICE.get("emails"));
        ObjectNode none = patch(one, "[{'op':'remove','path':'emails[type eq \\\"work\\\"].value'}]").resource();
        assertThat(none.has("emails")).isFalse();
    }

    @Test
    void addOfExistingMultiValuedElementDoesNotDuplicate() {
        Applied applied = patch(ALICE, "[{'op':'add','path':'emails','value':[{'type':'work','value':'alice@contoso.com','primary':true}]}]");
        assertThat(applied.changed()).isFalse();
        assertThat(applied.resource()).isEqualTo(ALICE);
    }

    @Test
    void reportsUnchangedWhenNothingChanges() {
        Applied applied = patch(ALICE, "[{'op':'Replace','path':'displayName','value':'Alice'},{'op':'replace','path':'active','value':'True'}]");
        assertThat(applied.changed()).isFalse();
        assertThat(applied.resource()).isEqualTo(ALICE);
        assertThat(applied.members()).isEqualTo(MemberChange.none());
    }

    @Test
    void acceptsLowercaseOperationsKeyAndUrnQualifiedCorePath() {
        ObjectNode body = obj("""
                {'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp'],'operations':[
                 {'OP':'replace','PATH':'urn:ietf:params:scim:schemas:core:2.0:User:userName','VALUE':'new@x'}]}""");
        ObjectNode user = ResourceOps.patch(ResourceType.USER, ALICE, body, T1).resource();
        assertThat(user.get("userName").asText()).isEqualTo("new@x");
    }

    @Test
    void keepsUnknownAttributesAndCustomExtensions() {
        ObjectNode user = patched("""
                [{'op':'add','path':'favouriteColour','value':'blue'},
                 {'op':'add','path':'urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User:tag','value':'t'},
                 {'op':'Add','path':'urn:ietf:params:scim:schemas:extension:Custom:2.0:User:ids','value':[{'value':'1'}]},
                 {'op':'Add','path':'urn:ietf:params:scim:schemas:extension:Custom:2.0:User:ids','value':[{'value':'2'}]}]""");
        assertThat(user.get("favouriteColour").asText()).isEqualTo("blue");
        assertThat(at(user, "/urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User/tag").asText()).isEqualTo("t");
        // docs/entra-id.md §4.2: a custom multi-valued Add carries the whole new set.
        assertThat(at(user, "/urn:ietf:params:scim:schemas:extension:Custom:2.0:User/ids")).isEqualTo(node("[{'value':'2'}]"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {'op':'replace','path':'id','value':'x'}                          | mutability    | id
            {'op':'replace','path':'meta','value':{}}                         | mutability    | meta
            {'op':'add','path':'groups','value':[{'value':'g'}]}              | mutability    | groups
            {'op':'remove'}                                                   | noTarget      | path
            {'op':'move','path':'title','value':'x'}                          | invalidSyntax | move
            {'op':'add','value':'scalar'}                                     | invalidSyntax | object value
            {'path':'title','value':'x'}                                      | invalidSyntax | op
            {'op':'add','path':'emails[type eq','value':'x'}                  | invalidPath   | emails
            {'op':'add','path':'a b','value':'x'}                             | invalidPath   | a b
            {'op':'add','path':'emails[type eq \\"w\\"]x','value':'x'}        | invalidPath   | emails
            {'op':'replace','path':'userName','value':''}                     | invalidValue  | userName
            {'op':'replace','path':'active','value':'maybe'}                  | invalidValue  | active
            """)
    void rejectsInvalidOperations(String op, String scimType, String detail) {
        assertScimError(() -> patch(ALICE, "[" + op + "]"), scimType, detail);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{'Operations':[]}", "{'Operations':{}}", "{'schemas':['urn:x'],'Operations':[{'op':'add','path':'a','value':1}]}"})
    void rejectsEmptyOrInvalidBodies(String body) {
        assertScimError(() -> ResourceOps.patch(ResourceType.USER, ALICE, obj(body), T1), "invalidSyntax", "");
        assertScimError(() -> ResourceOps.patch(ResourceType.USER, ALICE, null, T1), "invalidSyntax", "PatchOp");
    }

    @Test
    void neverMutatesInputsAndIsDeterministic() {
        ObjectNode before = ALICE.deepCopy();
        ObjectNode body = obj("{'Operations':[{'op':'replace','value':{'name.givenName':'Z','metadata.city':'Rome'}}]}");
        ObjectNode bodyBefore = body.deepCopy();
        Applied first = ResourceOps.patch(ResourceType.USER, ALICE, body, T1);
        Applied second = ResourceOps.patch(ResourceType.USER, ALICE, body, T1);
        assertThat(ALICE).isEqualTo(before);
        assertThat(body).isEqualTo(bodyBefore);
        assertThat(first).isEqualTo(second);
        assertThat(first.resource().toString()).isEqualTo(second.resource().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "[{'op':'remove','path':'active'}]",
            "[{'op':'Replace','path':'active','value':''}]",
            "[{'op':'replace','path':'active','value':null}]",
            "[{'op':'replace','value':{'active':null}}]"})
    void removingOrClearingActiveKeepsTheCurrentValue(String ops) {
        // A door system fails closed: no PATCH re-enables a disabled person by removing active.
        ObjectNode disabled = patch(ALICE, "[{'op':'replace','path':'active','value':false}]").resource();

        Applied applied = patch(disabled, ops);
        assertThat(applied.resource().get("active").booleanValue()).isFalse();
        assertThat(applied.changed()).isFalse();
        assertThat(patch(ALICE, ops).resource().get("active").booleanValue()).isTrue();
    }
}
