package dev.gatehouse.processor.entra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.contract.AccessChange;
import dev.gatehouse.contract.CommandResult;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.processor.TopologyFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docs/entra-id.md §3: the group requests Entra sends, exactly as the doc shows them, in its order. */
class EntraGroupExamplesTest extends EntraTestSupport {
    /** §3 item 2, with the non-standard second schema URI. */
    static final String CREATE = """
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group","http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
             "externalId":"8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159","displayName":"displayName","meta":{"resourceType":"Group"}}""";
    static final String MEMBER = "f648f8d5ea4e4cd38e9c";
    static final String FLAG_MEMBER = "7f4bc1a3-285e-48ae-8202-5accb43efb0e";

    /** The group of §3 with the doc's two member ids as users; outputs drained. */
    void provisioned() {
        user(MEMBER, "member@contoso.com", "Member One");
        user(FLAG_MEMBER, "flag@contoso.com");
        assertThat(post(ResourceType.GROUP, "8c601452cc934a9ebef9", CREATE).status()).isEqualTo(201);
        fx.drain();
    }

    /** {@link #provisioned()}, then both users added as members by one PATCH with this {@code op}; outputs drained. */
    void provisionedWithBothMembers(String op) {
        provisioned();
        patch(ResourceType.GROUP, "8c601452cc934a9ebef9", "[{\"op\":\"" + op + "\",\"path\":\"members\",\"value\":[{\"value\":\""
                + MEMBER + "\"},{\"value\":\"" + FLAG_MEMBER + "\"}]}]");
        fx.drain();
    }

    ObjectNode withoutMembers(String id) {
        return fx.queries().get(ResourceType.GROUP, TopologyFixture.TENANT, id, false).orElseThrow();
    }

    @Test
    void item1_matchByDisplayNameExcludingMembersFindsTheGroupAsAListResponse() {
        provisioned();
        patch(ResourceType.GROUP, "8c601452cc934a9ebef9",
                "[{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"$ref\":null,\"value\":\"" + MEMBER + "\"}]}]");

        // GET /Groups?excludedAttributes=members&filter=displayName eq "displayName": the API asks the
        // processor with members=false.
        ObjectNode response = fx.queries().list(ResourceType.GROUP, TopologyFixture.TENANT,
                "displayName eq \"displayName\"", 1, 100, null, null, false);

        assertThat(response.at("/schemas/0").asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:ListResponse");
        assertThat(response.path("totalResults").asInt()).isEqualTo(1);
        JsonNode group = response.at("/Resources/0");
        assertThat(group.path("id").asText()).isEqualTo("8c601452cc934a9ebef9");
        assertThat(group.path("externalId").asText()).isEqualTo("8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159");
        assertThat(group.at("/meta/resourceType").asText()).isEqualTo("Group");
        assertThat(group.has("members")).isFalse();
        // displayName is caseExact false (the Validator's "Filter group with different case").
        assertThat(ids(list(ResourceType.GROUP, "displayName eq \"DISPLAYNAME\""))).containsExactly("8c601452cc934a9ebef9");
        assertThat(list(ResourceType.GROUP, "displayName eq \"other\"").path("totalResults").asInt()).isZero();
    }

    @Test
    void item2_createWithTheMicrosoftSchemaAnswers201WithEmptyMembersAndADuplicateIs409() {
        CommandResult created = post(ResourceType.GROUP, "8c601452cc934a9ebef9", CREATE);

        assertThat(created.status()).isEqualTo(201);
        JsonNode body = created.body();
        assertThat(body.path("id").asText()).isEqualTo("8c601452cc934a9ebef9");
        assertThat(body.path("displayName").asText()).isEqualTo("displayName");
        assertThat(body.path("externalId").asText()).isEqualTo("8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159");
        assertThat(body.at("/meta/created").isTextual()).isTrue();
        assertThat(body.get("members").isArray()).isTrue();
        assertThat(body.get("members")).isEmpty();
        assertThat(fx.changes()).singleElement().satisfies(c -> assertThat(c.resourceType()).isEqualTo(ResourceType.GROUP));

        // The Validator's "Create duplicate Group".
        CommandResult duplicate = post(ResourceType.GROUP, "other-id", CREATE);
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.body().path("scimType").asText()).isEqualTo("uniqueness");
        assertThat(duplicate.body().path("status").asText()).isEqualTo("409");
        assertThat(exists(ResourceType.GROUP, "other-id")).isFalse();
        assertThat(fx.changes()).isEmpty();
    }

    @Test
    void item3_readByIdExcludingMembersShowsEverythingElse() {
        provisioned();
        patch(ResourceType.GROUP, "8c601452cc934a9ebef9",
                "[{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"$ref\":null,\"value\":\"" + MEMBER + "\"}]}]");

        ObjectNode full = get(ResourceType.GROUP, "8c601452cc934a9ebef9");
        ObjectNode read = withoutMembers("8c601452cc934a9ebef9");

        assertThat(values(full.get("members"))).containsExactly(MEMBER);
        ObjectNode expected = full.deepCopy();
        expected.remove("members");
        assertThat(read).isEqualTo(expected);
    }

    @Test
    void item4_addMembersManyInOneOperationIdempotently() {
        provisioned();
        List<String> many = new ArrayList<>();
        StringBuilder value = new StringBuilder("{\"$ref\":null,\"value\":\"" + MEMBER + "\"}");
        for (int i = 0; i < 120; i++) {
            String id = "bulk-%03d".formatted(i);
            user(id, id + "@contoso.com");
            many.add(id);
            value.append(",{\"$ref\":null,\"value\":\"").append(id).append("\"}");
        }
        fx.drain();

        // Exactly the doc's request first, then one operation carrying many members [S1, S14].
        CommandResult one = patchBody(ResourceType.GROUP, "8c601452cc934a9ebef9", """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"Add","path":"members","value":[{"$ref":null,"value":"f648f8d5ea4e4cd38e9c"}]}]}""");
        CommandResult bulk = patch(ResourceType.GROUP, "8c601452cc934a9ebef9",
                "[{\"op\":\"Add\",\"path\":\"members\",\"value\":[" + value + "]}]");

        assertThat(one.status()).isEqualTo(200);
        assertThat(bulk.status()).isEqualTo(200);
        List<String> expected = new ArrayList<>(many);
        expected.add(MEMBER);
        assertThat(values(get(ResourceType.GROUP, "8c601452cc934a9ebef9").get("members")))
                .containsExactlyInAnyOrderElementsOf(expected);
        List<AccessChange> changes = fx.changes();
        // The first request: the group and the member; the second: the group (once more when its
        // members are applied in several steps, Limits.STEP_WORK_BYTES) and the 120 new members only.
        assertThat(changes).filteredOn(c -> c.resourceType() == ResourceType.USER).hasSize(1 + many.size())
                .extracting(AccessChange::resourceId).doesNotHaveDuplicates();
        assertThat(changes).filteredOn(c -> c.resourceType() == ResourceType.GROUP).hasSizeBetween(2, 3);
        assertThat(changes.stream().filter(c -> c.resourceId().equals(MEMBER))).hasSize(1);
        AccessChange last = changes.stream().filter(c -> c.resourceType() == ResourceType.GROUP).reduce((a, b) -> b)
                .orElseThrow();
        // The group's event carries its own attributes; membership rides on the 120 user events.
        assertThat(last.state().has("members")).isFalse();
        assertThat(get(ResourceType.USER, "bulk-007").at("/groups/0/value").asText()).isEqualTo("8c601452cc934a9ebef9");
    }

    @Test
    void item5_removeMembersInTheDefaultModeRemovesOnlyTheListedValues() {
        provisionedWithBothMembers("Add");

        CommandResult result = patch(ResourceType.GROUP, "8c601452cc934a9ebef9", """
                [{"op":"Remove","path":"members","value":[{"$ref":null,"value":"f648f8d5ea4e4cd38e9c"}]}]""");

        assertThat(result.status()).isEqualTo(200);
        assertThat(values(get(ResourceType.GROUP, "8c601452cc934a9ebef9").get("members"))).containsExactly(FLAG_MEMBER);
        Map<String, AccessChange> changes = byResource(fx.changes());
        assertThat(changes).containsOnlyKeys("8c601452cc934a9ebef9", MEMBER);
        assertThat(texts(changes.get(MEMBER).state().get("groups"))).isEmpty();
    }

    @Test
    void item6_removeMembersInFlagModeByValueFilterWithoutValue() {
        provisionedWithBothMembers("add");

        CommandResult result = patch(ResourceType.GROUP, "8c601452cc934a9ebef9", """
                [{"op":"remove","path":"members[value eq \\"7f4bc1a3-285e-48ae-8202-5accb43efb0e\\"]"}]""");

        assertThat(result.status()).isEqualTo(200);
        assertThat(values(get(ResourceType.GROUP, "8c601452cc934a9ebef9").get("members"))).containsExactly(MEMBER);
        assertThat(byResource(fx.changes())).containsOnlyKeys("8c601452cc934a9ebef9", FLAG_MEMBER);
    }

    @Test
    void item7_renameWithPathAndTheValidatorsNoPathVariants() {
        provisioned();

        assertThat(patch(ResourceType.GROUP, "8c601452cc934a9ebef9",
                "[{\"op\":\"Replace\",\"path\":\"displayName\",\"value\":\"1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName\"}]")
                .status()).isEqualTo(200);
        assertThat(get(ResourceType.GROUP, "8c601452cc934a9ebef9").path("displayName").asText())
                .isEqualTo("1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName");
        assertThat(patch(ResourceType.GROUP, "8c601452cc934a9ebef9",
                "[{\"op\":\"replace\",\"value\":{\"displayName\":\"MSADPJJZWBUS\"}}]").status()).isEqualTo(200);
        assertThat(patch(ResourceType.GROUP, "8c601452cc934a9ebef9",
                "[{\"op\":\"replace\",\"value\":{\"externalId\":\"c3b9e0a4-0b1f-4b0b-9a39-2f0c1a6a3c11\"}}]").status())
                .isEqualTo(200);

        ObjectNode stored = get(ResourceType.GROUP, "8c601452cc934a9ebef9");
        assertThat(stored.path("displayName").asText()).isEqualTo("MSADPJJZWBUS");
        assertThat(stored.path("externalId").asText()).isEqualTo("c3b9e0a4-0b1f-4b0b-9a39-2f0c1a6a3c11");
        // The old name is free again; the match query finds the new one.
        assertThat(ids(list(ResourceType.GROUP, "displayName eq \"msadpjjzwbus\""))).containsExactly("8c601452cc934a9ebef9");
        assertThat(post(ResourceType.GROUP, "g2", CREATE).status()).isEqualTo(201);
        assertThat(fx.changes()).hasSize(4);
    }

    @Test
    void item8_deleteAnswers204AndEveryMemberLosesTheGroupWhileANestedGroupIsNotExpanded() {
        provisioned();
        assertThat(fx.createGroup("nested", "Nested", FLAG_MEMBER).status()).isEqualTo(201);
        patch(ResourceType.GROUP, "8c601452cc934a9ebef9", "[{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"value\":\""
                + MEMBER + "\"},{\"value\":\"nested\"}]}]");
        fx.drain();

        // [S50]: a group that is a member is one member; its own members are not expanded. Door groups
        // hold people only, so Gatehouse accepts the request and leaves the group out.
        assertThat(values(get(ResourceType.GROUP, "8c601452cc934a9ebef9").get("members"))).containsExactly(MEMBER);
        assertThat(values(get(ResourceType.USER, FLAG_MEMBER).get("groups"))).containsExactly("nested");

        CommandResult deleted = delete(ResourceType.GROUP, "8c601452cc934a9ebef9");

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(exists(ResourceType.GROUP, "8c601452cc934a9ebef9")).isFalse();
        Map<String, AccessChange> changes = byResource(fx.changes());
        assertThat(changes).containsOnlyKeys("8c601452cc934a9ebef9", MEMBER);
        assertThat(changes.get("8c601452cc934a9ebef9").deleted()).isTrue();
        assertThat(texts(changes.get(MEMBER).state().get("groups"))).isEmpty();
        assertThat(delete(ResourceType.GROUP, "8c601452cc934a9ebef9").status()).isEqualTo(404);
    }
}
