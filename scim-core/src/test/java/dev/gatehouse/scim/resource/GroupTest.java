package dev.gatehouse.scim.resource;

import static dev.gatehouse.scim.testing.Json.assertScimError;
import static dev.gatehouse.scim.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.scim.patch.MemberChange;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Group create/replace/patch, including docs/entra-id.md §3 items 2 and 4–7. */
class GroupTest {
    static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    static final Instant T1 = Instant.parse("2024-05-02T10:00:00Z");
    static final ObjectNode SALES = ResourceOps.create(ResourceType.GROUP,
            obj("{'displayName':'Sales','externalId':'8aa1'}"), "g-1", T0).resource();

    static Applied patch(String ops) {
        return ResourceOps.patch(ResourceType.GROUP, SALES,
                obj("{'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp'],'Operations':" + ops + "}"), T1);
    }

    static MemberChange added(String... ids) {
        return new MemberChange(Set.of(ids), Set.of(), Optional.empty());
    }

    static MemberChange removed(String... ids) {
        return new MemberChange(Set.of(), Set.of(ids), Optional.empty());
    }

    @Test
    void createsEntraGroupWithoutMembersAndIgnoresMicrosoftSchema() {
        // §3 item 2: non-standard second schema URI, no members.
        Applied applied = ResourceOps.create(ResourceType.GROUP, obj("""
                {'schemas':['urn:ietf:params:scim:schemas:core:2.0:Group','http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group'],
                 'externalId':'8aa1','displayName':'displayName','meta':{'resourceType':'Group'}}"""), "g-1", T0);

        assertThat(applied.resource()).isEqualTo(obj("""
                {'schemas':['urn:ietf:params:scim:schemas:core:2.0:Group'],'id':'g-1','externalId':'8aa1','displayName':'displayName',
                 'meta':{'resourceType':'Group','created':'2024-05-01T10:00:00Z','lastModified':'2024-05-01T10:00:00Z','version':'W/\\"1\\"'}}"""));
        assertThat(applied.members()).isEqualTo(MemberChange.replaceWith(Set.of()));
    }

    @Test
    void createReturnsMembersAsReplacementNotInResourceWithTheDisplaysSent() {
        Applied applied = ResourceOps.create(ResourceType.GROUP,
                obj("{'displayName':'G','Members':[{'value':'u-1','$ref':null,'display':'A','type':'User'},{'Value':'u-2'}]}"),
                "g-2", T0);
        assertThat(applied.resource().has("members")).isFalse();
        assertThat(applied.members()).isEqualTo(new MemberChange(Set.of(), Set.of(),
                Optional.of(Set.of("u-1", "u-2")), Map.of("u-1", "A")));
        assertThat(applied.members().display("u-2")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{'displayName':''}", "{'displayName':null}", "{'DisplayName':'  '}"})
    void requiresDisplayName(String body) {
        assertScimError(() -> ResourceOps.create(ResourceType.GROUP, obj(body), "g", T0), "invalidValue", "displayName");
    }

    @Test
    void rejectsMemberWithoutValue() {
        assertScimError(() -> ResourceOps.create(ResourceType.GROUP, obj("{'displayName':'G','members':[{'display':'x'}]}"),
                "g", T0), "invalidValue", "value");
    }

    @Test
    void replaceWithoutMembersEmptiesTheGroup() {
        Applied applied = ResourceOps.replace(ResourceType.GROUP, SALES, obj("{'displayName':'Sales','externalId':'8aa1'}"), T1);
        assertThat(applied.changed()).isFalse();
        assertThat(applied.members()).isEqualTo(MemberChange.replaceWith(Set.of()));

        Applied renamed = ResourceOps.replace(ResourceType.GROUP, SALES,
                obj("{'displayName':'Renamed','members':[{'value':'u-3'}]}"), T1);
        assertThat(renamed.changed()).isTrue();
        assertThat(renamed.resource().get("displayName").asText()).isEqualTo("Renamed");
        assertThat(renamed.resource().has("externalId")).isFalse();
        assertThat(renamed.resource().get("meta").get("created").asText()).isEqualTo("2024-05-01T10:00:00Z");
        assertThat(renamed.members()).isEqualTo(MemberChange.replaceWith(Set.of("u-3")));
    }

    @Test
    void addsManyMembersInOneOperationWithoutChangingTheGroup() {
        // §3 item 4
        Applied applied = patch("[{'op':'Add','path':'members','value':[{'$ref':null,'value':'f648'},{'value':'u-2'}]}]");
        assertThat(applied.members()).isEqualTo(added("f648", "u-2"));
        assertThat(applied.changed()).isFalse();
        assertThat(applied.resource()).isEqualTo(SALES);
    }

    @Test
    void removesOnlyListedMembersInDefaultDialect() {
        // §3 item 5: value array and no filter must not wipe the group.
        assertThat(patch("[{'op':'Remove','path':'members','value':[{'$ref':null,'value':'f648'}]}]").members())
                .isEqualTo(removed("f648"));
    }

    @Test
    void removesMemberByValueFilterInFlagMode() {
        // §3 item 6
        assertThat(patch("[{'op':'remove','path':'members[value eq \\\"7f4b\\\"]'}]").members()).isEqualTo(removed("7f4b"));
        assertThat(patch("[{'op':'remove','path':'members[value eq \\\"a\\\" or value eq \\\"b\\\"]'}]").members())
                .isEqualTo(removed("a", "b"));
    }

    @Test
    void removeWithoutValueAndReplaceAreReplacements() {
        assertThat(patch("[{'op':'remove','path':'members'}]").members()).isEqualTo(MemberChange.replaceWith(Set.of()));
        assertThat(patch("[{'op':'replace','path':'members','value':[{'value':'u-7'}]}]").members())
                .isEqualTo(MemberChange.replaceWith(Set.of("u-7")));
        assertThat(patch("[{'op':'replace','value':{'members':[{'value':'u-8'}]}}]").members())
                .isEqualTo(MemberChange.replaceWith(Set.of("u-8")));
        assertThat(patch("[{'op':'add','value':{'members':[{'value':'u-9'}]}}]").members()).isEqualTo(added("u-9"));
    }

    @Test
    void foldsSeveralMemberOperationsInOrder() {
        assertThat(patch("""
                [{'op':'add','path':'members','value':[{'value':'a'},{'value':'b'}]},
                 {'op':'remove','path':'members[value eq \\"a\\"]'},
                 {'op':'remove','path':'members','value':[{'value':'c'}]}]""").members()).isEqualTo(
                new MemberChange(Set.of("b"), Set.of("a", "c"), Optional.empty()));
        assertThat(patch("""
                [{'op':'replace','path':'members','value':[{'value':'a'}]},
                 {'op':'add','path':'members','value':[{'value':'b'}]},
                 {'op':'remove','path':'members[value eq \\"a\\"]'}]""").members()).isEqualTo(
                MemberChange.replaceWith(Set.of("b")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "[{'op':'Replace','path':'displayName','value':'Renamed'}]",
        "[{'op':'replace','value':{'displayName':'Renamed'}}]",
        "[{'op':'replace','value':{'DisplayName':'Renamed'}}]"})
    void renamesInEveryShape(String ops) {
        // §3 item 7
        Applied applied = patch(ops);
        assertThat(applied.changed()).isTrue();
        assertThat(applied.members().isEmpty()).isTrue();
        assertThat(applied.resource().get("displayName").asText()).isEqualTo("Renamed");
        assertThat(applied.resource().get("meta").get("lastModified").asText()).isEqualTo("2024-05-02T10:00:00Z");
    }

    @Test
    void addOnExistingExternalIdReplacesIt() {
        assertThat(patch("[{'op':'Add','path':'externalId','value':'new'}]").resource().get("externalId").asText())
                .isEqualTo("new");
        assertThat(patch("[{'op':'replace','value':{'externalId':'c3b9'}}]").resource().get("externalId").asText())
                .isEqualTo("c3b9");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "[{'op':'replace','path':'displayName','value':''}]",
        "[{'op':'add','path':'members[value eq \\\"a\\\"]','value':'x'}]",
        "[{'op':'remove','path':'members[display eq \\\"a\\\"]'}]",
        "[{'op':'add','path':'members','value':[{'display':'no id'}]}]"})
    void rejectsInvalidGroupPatches(String ops) {
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(
                dev.gatehouse.scim.ScimException.class, () -> patch(ops)).status()).isEqualTo(400);
    }
}
