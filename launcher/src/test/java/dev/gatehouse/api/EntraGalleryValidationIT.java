package dev.gatehouse.api;

import static dev.gatehouse.testkit.Gatehouse.encode;
import static dev.gatehouse.testkit.Gatehouse.patchBody;
import static dev.gatehouse.testkit.TestHttp.assertScimError;
import static dev.gatehouse.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.launcher.TestStack;
import dev.gatehouse.testkit.EntraDefaultMapping;
import dev.gatehouse.testkit.Gatehouse;
import dev.gatehouse.testkit.TestHttp;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Microsoft Entra ID's app-gallery validation (the Logic App of AzureAD/SCIMReferenceCode that a gallery
 * listing must pass, docs/entra-id.md), test for test, against the real stack: the ingest API and the
 * stream processor on the test broker, one organization, requests shaped as Entra sends them:
 * <ul>
 *   <li>create user: {@link #createdUserIsReadBackByIdAndByUserNameFilter}</li>
 *   <li>update user: {@link #userUpdatedWithEntrasReplaceOperationsIsReadBackChanged}</li>
 *   <li>disable user: {@link #userDisabledWithTheStringOrBooleanFalseStaysReadableAndIsRestored}</li>
 *   <li>provision on demand, user and group: {@link #userProvisionedOnDemandIsLookedUpCreatedAndReadBack},
 *       {@link #groupProvisionedOnDemandWithFiveMembersIsCreatedThenGivenItsMembers}</li>
 *   <li>group membership: {@link #groupMemberAddedThenRemovedByValueFilterIsReadBack}</li>
 *   <li>schema discoverability: {@link #schemasDeclareEveryDefaultMappingTargetAndResourceTypesNameUsersAndGroups}</li>
 *   <li>null update: {@link #attributesReplacedWithEmptyStringThenNullAreReadBackAbsent}</li>
 *   <li>pagination: {@link #usersArePagedByStartIndexAndCountWithoutGapsOrOverlap}</li>
 *   <li>manager: {@link #managerIsSetChangedAsABareIdAndRemoved}</li>
 *   <li>authentication: {@link #aWrongOrRevokedTokenGets401WithAScimError}</li>
 * </ul>
 *
 * <p>Every SCIM call of this class authenticates with {@link #credential()}, the one place that says
 * which bearer credential Entra would present. Throttling (429 with {@code Retry-After}) needs a stack
 * with a low rate limit and is in {@link EntraGalleryRateLimitIT}. The validation's credential tests (a token
 * lifetime of 60-360 minutes, 401 on an expired token) are in
 * {@link dev.gatehouse.api.oauth.ClientCredentialsIT}.
 */
class EntraGalleryValidationIT {
    private static final String ENTERPRISE = EntraDefaultMapping.ENTERPRISE;

    @RegisterExtension
    static final TestStack stack = TestStack.perClass().withOrganization("Gallery");

    /**
     * The bearer credential a gallery app presents: an OAuth access token its client got with client
     * credentials (the organization's SCIM secret token works the same way, see ClientCredentialsIT).
     */
    private static String credential() {
        return stack.accessToken();
    }

    @Test
    void createdUserIsReadBackByIdAndByUserNameFilter() {
        HttpResponse<String> created = scim("POST", "/Users", entraUser("alice.create@gallery.test"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = json(created).get("id").asText();
        assertThat(created.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/Users/" + id));

        JsonNode byId = read("/Users/" + id);
        assertThat(byId.path("userName").asText()).isEqualTo("alice.create@gallery.test");
        assertThat(byId.path("externalId").asText()).isEqualTo("alice.create");
        assertThat(byId.path("active").asBoolean(false)).isTrue();
        assertThat(byId.path("displayName").asText()).isEqualTo("alice.create Gallery");
        assertThat(byId.at("/name/givenName").asText()).isEqualTo("alice.create");
        assertThat(byId.at("/name/familyName").asText()).isEqualTo("Gallery");
        assertThat(byId.at("/name/formatted").asText()).isEqualTo("alice.create Gallery");
        assertThat(workEmail(byId)).isEqualTo("alice.create@gallery.test");
        assertThat(byId.path(ENTERPRISE).path("employeeNumber").asText()).isEqualTo("E-alice.create");
        assertThat(byId.path(ENTERPRISE).path("department").asText()).isEqualTo("Facilities");
        assertThat(texts(byId.path("schemas"))).contains(EntraDefaultMapping.USER, ENTERPRISE);

        assertThat(findUsers("userName", "alice.create@gallery.test").path("Resources")).containsExactly(byId);
    }

    @Test
    void userUpdatedWithEntrasReplaceOperationsIsReadBackChanged() {
        String id = createUser("bob.update@gallery.test");

        patch("/Users/" + id, """
                [{"op":"Replace","value":{"displayName":"Robert Update","title":"Locksmith",
                  "name.givenName":"Robert","name.familyName":"Update","preferredLanguage":"de-DE"}},
                 {"op":"Replace","path":"emails[type eq \\"work\\"].value","value":"robert.update@gallery.test"},
                 {"op":"Replace","path":"phoneNumbers[type eq \\"mobile\\"].value","value":"+49 170 0000001"},
                 {"op":"Replace","path":"externalId","value":"robert.update"},
                 {"op":"Replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
                  "value":"Security"}]""");

        JsonNode user = read("/Users/" + id);
        assertThat(user.path("displayName").asText()).isEqualTo("Robert Update");
        assertThat(user.path("title").asText()).isEqualTo("Locksmith");
        assertThat(user.path("preferredLanguage").asText()).isEqualTo("de-DE");
        assertThat(user.at("/name/givenName").asText()).isEqualTo("Robert");
        assertThat(user.at("/name/familyName").asText()).isEqualTo("Update");
        assertThat(workEmail(user)).isEqualTo("robert.update@gallery.test");
        assertThat(user.path("emails")).as("the work email is replaced, not added").hasSize(1);
        assertThat(typed(user.path("phoneNumbers"), "mobile").path("value").asText()).isEqualTo("+49 170 0000001");
        assertThat(user.path("externalId").asText()).isEqualTo("robert.update");
        assertThat(user.path(ENTERPRISE).path("department").asText()).isEqualTo("Security");
        assertThat(user.path(ENTERPRISE).path("employeeNumber").asText()).as("untouched").isEqualTo("E-bob.update");
        assertThat(user.path("userName").asText()).as("untouched").isEqualTo("bob.update@gallery.test");
    }

    @Test
    void userDisabledWithTheStringOrBooleanFalseStaysReadableAndIsRestored() {
        String id = createUser("carol.disable@gallery.test");

        patch("/Users/" + id, "[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}]");
        assertThat(read("/Users/" + id).path("active").isBoolean()).isTrue();
        assertThat(read("/Users/" + id).path("active").asBoolean(true)).as("disabled by \"False\"").isFalse();
        assertThat(findUsers("userName", "carol.disable@gallery.test").at("/Resources/0/active").asBoolean(true))
                .as("a disabled user is still found by Entra's filter").isFalse();
        patch("/Users/" + id, "[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"True\"}]");
        assertThat(read("/Users/" + id).path("active").asBoolean(false)).as("restored by \"True\"").isTrue();

        patch("/Users/" + id, "[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]");
        assertThat(read("/Users/" + id).path("active").asBoolean(true)).as("disabled by false").isFalse();
        patch("/Users/" + id, "[{\"op\":\"replace\",\"path\":\"active\",\"value\":true}]");
        assertThat(read("/Users/" + id).path("active").asBoolean(false)).as("restored by true").isTrue();
    }

    @Test
    void userProvisionedOnDemandIsLookedUpCreatedAndReadBack() {
        String id = provisionOnDemand("dave.ondemand@gallery.test");

        assertThat(read("/Users/" + id).path("userName").asText()).isEqualTo("dave.ondemand@gallery.test");
        assertThat(ids(findUsers("userName", "dave.ondemand@gallery.test"))).containsExactly(id);
    }

    @Test
    void groupProvisionedOnDemandWithFiveMembersIsCreatedThenGivenItsMembers() {
        List<String> members = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            members.add(provisionOnDemand("member" + i + ".ondemand@gallery.test"));
        }
        JsonNode none = list("/Groups?excludedAttributes=members&filter=" + encode("displayName eq \"On demand doors\""));
        assertThat(none.path("totalResults").asInt(-1)).isZero();
        assertThat(none.path("Resources")).isEmpty();
        String group = createGroup("On demand doors");

        StringBuilder values = new StringBuilder();
        for (String member : members) {
            values.append(values.isEmpty() ? "" : ",").append("{\"value\":\"").append(member).append("\"}");
        }
        patch("/Groups/" + group, "[{\"op\":\"Add\",\"path\":\"members\",\"value\":[" + values + "]}]");

        assertThat(memberIds(group)).containsExactlyInAnyOrderElementsOf(members);
        for (String member : members) {
            assertThat(read("/Users/" + member).path("groups").findValuesAsText("value")).containsExactly(group);
        }
        assertThat(ids(list("/Groups?excludedAttributes=members&filter=" + encode("displayName eq \"On demand doors\""))))
                .containsExactly(group);
    }

    @Test
    void groupMemberAddedThenRemovedByValueFilterIsReadBack() {
        String stays = createUser("erin.stays@gallery.test");
        String leaves = createUser("frank.leaves@gallery.test");
        String group = createGroup("Lobby doors");

        patch("/Groups/" + group, "[{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"value\":\"" + stays + "\"}]}]");
        patch("/Groups/" + group, "[{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"value\":\"" + leaves + "\"}]}]");
        assertThat(memberIds(group)).containsExactlyInAnyOrder(stays, leaves);

        patch("/Groups/" + group, "[{\"op\":\"Remove\",\"path\":\"members[value eq \\\"" + leaves + "\\\"]\"}]");
        assertThat(memberIds(group)).containsExactly(stays);
        assertThat(read("/Users/" + leaves).path("groups")).isEmpty();
        assertThat(read("/Users/" + stays).path("groups").findValuesAsText("value")).containsExactly(group);
    }

    @Test
    void schemasDeclareEveryDefaultMappingTargetAndResourceTypesNameUsersAndGroups() {
        JsonNode schemas = list("/Schemas");
        assertThat(schemas.path("Resources").findValuesAsText("id"))
                .contains(EntraDefaultMapping.USER, EntraDefaultMapping.GROUP, ENTERPRISE);
        EntraDefaultMapping.assertDiscoverable(schemas.path("Resources"));

        JsonNode types = list("/ResourceTypes").path("Resources");
        JsonNode user = resourceType(types, "User");
        assertThat(user.path("endpoint").asText()).isEqualTo("/Users");
        assertThat(user.path("schema").asText()).isEqualTo(EntraDefaultMapping.USER);
        assertThat(user.path("schemaExtensions").findValuesAsText("schema")).containsExactly(ENTERPRISE);
        JsonNode group = resourceType(types, "Group");
        assertThat(group.path("endpoint").asText()).isEqualTo("/Groups");
        assertThat(group.path("schema").asText()).isEqualTo(EntraDefaultMapping.GROUP);
    }

    @Test
    void attributesReplacedWithEmptyStringThenNullAreReadBackAbsent() {
        String id = createUser("grace.null@gallery.test");
        setClearableAttributes(id);

        // The gallery's sequence: "" then null, then the read.
        replaceClearable(id, "\"\"");
        assertCleared(read("/Users/" + id));
        replaceClearable(id, "null");
        assertCleared(read("/Users/" + id));

        // null alone clears a value too.
        setClearableAttributes(id);
        replaceClearable(id, "null");
        JsonNode after = read("/Users/" + id);
        assertCleared(after);
        assertThat(after.path("userName").asText()).as("the rest is untouched").isEqualTo("grace.null@gallery.test");
        assertThat(after.path(ENTERPRISE).path("employeeNumber").asText()).isEqualTo("E-grace.null");
    }

    @Test
    void usersArePagedByStartIndexAndCountWithoutGapsOrOverlap() {
        Set<String> created = new HashSet<>();
        for (int i = 1; i <= 12; i++) {
            created.add(createUser(String.format("pager%02d@gallery.test", i)));
        }
        String filter = "&filter=" + encode("userName sw \"pager\"");
        Set<String> seen = new HashSet<>();
        int[][] pages = {{1, 5}, {6, 5}, {11, 2}};
        for (int[] page : pages) {
            JsonNode list = list("/Users?startIndex=" + page[0] + "&count=5" + filter);
            assertThat(list.path("startIndex").asInt()).isEqualTo(page[0]);
            assertThat(list.path("itemsPerPage").asInt()).isEqualTo(page[1]);
            assertThat(list.path("totalResults").asInt()).isEqualTo(12);
            assertThat(list.path("Resources")).hasSize(page[1]);
            for (String id : ids(list)) {
                assertThat(seen.add(id)).as("user " + id + " on two pages").isTrue();
            }
        }
        assertThat(seen).isEqualTo(created);

        // The gallery's own walk: every user, startIndex + len(Resources) at a time, with no filter.
        Set<String> walked = new HashSet<>();
        int total = list("/Users?count=0").path("totalResults").asInt();
        int pageCount = 0;
        for (int start = 1; start <= total; pageCount++) {
            JsonNode list = list("/Users?startIndex=" + start + "&count=5");
            assertThat(list.path("startIndex").asInt()).isEqualTo(start);
            assertThat(list.path("totalResults").asInt()).isEqualTo(total);
            assertThat(list.path("Resources")).hasSize(Math.min(5, total - start + 1));
            ids(list).forEach(id -> assertThat(walked.add(id)).as("user " + id + " on two pages").isTrue());
            start += list.path("Resources").size();
        }
        assertThat(pageCount).isGreaterThanOrEqualTo(3);
        assertThat(walked).hasSize(total).containsAll(created);
    }

    @Test
    void managerIsSetChangedAsABareIdAndRemoved() {
        String first = createUser("heidi.boss@gallery.test");
        String second = createUser("ivan.boss@gallery.test");
        String staff = createUser("judy.staff@gallery.test");
        String manager = ENTERPRISE + ":manager";

        patch("/Users/" + staff, "[{\"op\":\"Replace\",\"path\":\"" + manager + "\",\"value\":{\"value\":\"" + first + "\"}}]");
        assertThat(read("/Users/" + staff).path(ENTERPRISE).path("manager").path("value").asText()).isEqualTo(first);

        patch("/Users/" + staff, "[{\"op\":\"Add\",\"path\":\"" + manager + "\",\"value\":\"" + second + "\"}]");
        JsonNode changed = read("/Users/" + staff).path(ENTERPRISE).path("manager");
        assertThat(changed.isObject()).as("returned as a complex object, never a string: " + changed).isTrue();
        assertThat(changed.path("value").asText()).isEqualTo(second);

        patch("/Users/" + staff, "[{\"op\":\"Remove\",\"path\":\"" + manager + "\"}]");
        JsonNode removed = read("/Users/" + staff);
        assertThat(removed.path(ENTERPRISE).path("manager").isMissingNode()).as(removed.toString()).isTrue();
        assertThat(removed.path(ENTERPRISE).path("department").asText()).as("the rest is untouched").isEqualTo("Facilities");
    }

    @Test
    void aWrongOrRevokedTokenGets401WithAScimError() {
        // The one test that presents other credentials than credential(): wrong, missing and revoked ones.
        HttpResponse<String> wrong = stack.scim("GET", "/Users", "gh_scim_not-a-token", null);
        assertScimError(wrong, 401, null);
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).isPresent();
        assertScimError(TestHttp.send("GET", stack.base() + "/scim/v2/Users", null, null), 401, null);

        Gatehouse.Organization other = stack.newTenant("Gallery rotated");
        assertThat(stack.scim("GET", "/Users", other.token(), null).statusCode()).isEqualTo(200);
        HttpResponse<String> rotated = stack.admin("POST", "/admin/v1/tenants/" + other.id() + "/scim/token", null);
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(201);
        assertScimError(stack.scim("GET", "/Users", other.token(), null), 401, null);

        assertThat(scim("GET", "/Users?count=1", null).statusCode()).as("the organization's own credential").isEqualTo(200);
    }

    // --- steps, as Entra takes them ---

    /** A SCIM call with {@link #credential()}. */
    private static HttpResponse<String> scim(String method, String path, String body) {
        return stack.scim(method, path, credential(), body);
    }

    /** Entra's typical POST /Users body for {@code userName} (docs/entra-id.md §2.2): the default mappings with values. */
    private static String entraUser(String userName) {
        String nickname = userName.substring(0, userName.indexOf('@'));
        return """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User",
                            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
                 "externalId":"%1$s","userName":"%2$s","active":true,"displayName":"%1$s Gallery",
                 "emails":[{"primary":true,"type":"work","value":"%2$s"}],
                 "meta":{"resourceType":"User"},
                 "name":{"formatted":"%1$s Gallery","familyName":"Gallery","givenName":"%1$s"},
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"E-%1$s",
                   "department":"Facilities"},
                 "roles":[]}""".formatted(nickname, userName);
    }

    private static String createUser(String userName) {
        HttpResponse<String> created = scim("POST", "/Users", entraUser(userName));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created).get("id").asText();
    }

    /** Provision on demand: a userName filter that finds nothing, the POST, then the read of what was created. */
    private static String provisionOnDemand(String userName) {
        JsonNode none = findUsers("userName", userName);
        assertThat(none.path("totalResults").asInt(-1)).as(userName).isZero();
        assertThat(none.path("Resources")).isEmpty();
        String id = createUser(userName);
        assertThat(read("/Users/" + id).path("userName").asText()).isEqualTo(userName);
        return id;
    }

    /** Entra's POST /Groups body: externalId (the object id) and displayName, members added later. */
    private static String createGroup(String displayName) {
        HttpResponse<String> created = scim("POST", "/Groups", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"externalId":"%s","displayName":"%s",
                 "meta":{"resourceType":"Group"}}""".formatted(displayName.replace(' ', '-'), displayName));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode group = json(created);
        assertThat(group.path("externalId").asText()).isEqualTo(displayName.replace(' ', '-'));
        return group.get("id").asText();
    }

    /** A PATCH of {@code operations} (a JSON array); Entra accepts 200 or 204. */
    private static void patch(String path, String operations) {
        HttpResponse<String> patched = scim("PATCH", path, patchBody(operations));
        assertThat(patched.statusCode()).as(operations + " -> " + patched.body()).isIn(200, 204);
    }

    private static JsonNode read(String path) {
        HttpResponse<String> response = scim("GET", path, null);
        assertThat(response.statusCode()).as(path + " -> " + response.body()).isEqualTo(200);
        return json(response);
    }

    /** A ListResponse, checked as such. */
    private static JsonNode list(String path) {
        JsonNode list = read(path);
        assertThat(texts(list.path("schemas"))).containsExactly("urn:ietf:params:scim:api:messages:2.0:ListResponse");
        return list;
    }

    private static JsonNode findUsers(String attribute, String value) {
        return list("/Users?filter=" + encode(attribute + " eq \"" + value + "\""));
    }

    private static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.path("Resources").forEach(resource -> ids.add(resource.path("id").asText()));
        return ids;
    }

    private static List<String> memberIds(String group) {
        List<String> ids = new ArrayList<>();
        read("/Groups/" + group).path("members").forEach(member -> ids.add(member.path("value").asText()));
        return ids;
    }

    private static String workEmail(JsonNode user) {
        return typed(user.path("emails"), "work").path("value").asText();
    }

    /** The element of a multi-valued attribute whose type is {@code type}; missing when none is. */
    private static JsonNode typed(JsonNode elements, String type) {
        for (JsonNode element : elements) {
            if (element.path("type").asText().equals(type)) {
                return element;
            }
        }
        return elements.path(type); // a MissingNode
    }

    /** Gives each attribute of the null-update test a value, and checks it reads back. */
    private static void setClearableAttributes(String id) {
        patch("/Users/" + id, """
                [{"op":"replace","path":"title","value":"Guard"},
                 {"op":"replace","path":"preferredLanguage","value":"fr-FR"},
                 {"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
                  "value":"Facilities"},
                 {"op":"replace","path":"phoneNumbers[type eq \\"mobile\\"].value","value":"+33 6 00 00 00 01"}]""");
        JsonNode user = read("/Users/" + id);
        assertThat(user.path("title").asText()).isEqualTo("Guard");
        assertThat(user.path("preferredLanguage").asText()).isEqualTo("fr-FR");
        assertThat(user.path(ENTERPRISE).path("department").asText()).isEqualTo("Facilities");
        assertThat(typed(user.path("phoneNumbers"), "mobile").path("value").asText()).isEqualTo("+33 6 00 00 00 01");
    }

    /** One lowercase replace per attribute of the null-update test, as the gallery sends it, with {@code value} (JSON). */
    private static void replaceClearable(String id, String value) {
        for (String path : List.of("title", "preferredLanguage", ENTERPRISE + ":department",
                "phoneNumbers[type eq \\\"mobile\\\"].value")) {
            patch("/Users/" + id, "[{\"op\":\"replace\",\"path\":\"" + path + "\",\"value\":" + value + "}]");
        }
    }

    /** The gallery's "null or empty": each attribute of the null-update test absent, null or "". */
    private static void assertCleared(JsonNode user) {
        assertThat(List.of(user.path("title"), user.path("preferredLanguage"), user.path(ENTERPRISE).path("department"),
                typed(user.path("phoneNumbers"), "mobile").path("value")))
                .as(user.toString())
                .allSatisfy(value -> assertThat(value.isMissingNode() || value.isNull() || value.asText().isEmpty()).isTrue());
    }

    private static JsonNode resourceType(JsonNode types, String name) {
        for (JsonNode type : types) {
            if (type.path("name").asText().equals(name)) {
                return type;
            }
        }
        throw new AssertionError("/ResourceTypes has no " + name + ": " + types);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }
}
