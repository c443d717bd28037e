package dev.gatehouse.scim.limits;

import static dev.gatehouse.scim.testing.Json.assertScimError;
import static dev.gatehouse.scim.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.scim.ScimException;
import dev.gatehouse.scim.filter.ScimFilter;
import dev.gatehouse.scim.resource.Applied;
import dev.gatehouse.scim.resource.ResourceOps;
import java.time.Instant;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** Each limit of the size budget at its edge: the last allowed value passes, the next is refused. */
class LimitsTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private static ObjectNode user(String userName) {
        return JSON.objectNode().put("userName", userName);
    }

    private static Applied createUser(ObjectNode body) {
        return ResourceOps.create(ResourceType.USER, body, "u-1", T0);
    }

    private static ObjectNode patchOp(ArrayNode operations) {
        ObjectNode body = JSON.objectNode();
        body.putArray("schemas").add("urn:ietf:params:scim:api:messages:2.0:PatchOp");
        body.set("Operations", operations);
        return body;
    }

    /** A JSON value nested {@code depth} levels deep (the outermost object counts as 1). */
    private static ObjectNode nested(int depth) {
        ObjectNode root = user("deep");
        ObjectNode current = root;
        for (int level = 2; level <= depth; level++) {
            current = current.putObject("x");
        }
        return root;
    }

    @Test
    void jsonDepthIsLimited() {
        createUser(nested(Limits.JSON_DEPTH));
        assertScimError(() -> createUser(nested(Limits.JSON_DEPTH + 1)), "invalidSyntax", "nested deeper");
    }

    @Test
    void loneSurrogatesAreRefusedInValuesAndKeys() {
        createUser(user("emoji \uD83D\uDE00 is a pair"));
        assertScimError(() -> createUser(user("lone \uD800 high")), "invalidValue", "surrogate");
        assertScimError(() -> createUser(user("lone \uDC00 low")), "invalidValue", "surrogate");
        assertScimError(() -> createUser(user("ends high \uD83D")), "invalidValue", "surrogate");
        ObjectNode key = user("a");
        key.putObject("metadata").put("k\uDC00", "v");
        assertScimError(() -> createUser(key), "invalidValue", "surrogate");
    }

    @Test
    void namesAreLimited() {
        String longest = "n".repeat(Limits.NAME_CHARS);
        createUser(user(longest).put("displayName", longest).put("externalId", longest));
        for (String attribute : new String[] {"userName", "displayName", "externalId"}) {
            ObjectNode body = user("a").put(attribute, longest + "n");
            assertScimError(() -> createUser(body), "invalidValue", attribute);
        }
        ObjectNode group = JSON.objectNode().put("displayName", longest + "n");
        assertScimError(() -> ResourceOps.create(ResourceType.GROUP, group, "g-1", T0), "invalidValue", "displayName");
    }

    @Test
    void multiValuedAttributesAreLimitedAtAnyDepth() {
        IntFunction<ObjectNode> withRoles = n -> {
            ObjectNode body = user("a");
            ArrayNode roles = body.putArray("roles");
            for (int i = 0; i < n; i++) {
                roles.addObject().put("value", "r" + i);
            }
            return body;
        };
        assertThat(createUser(withRoles.apply(Limits.MULTI_VALUED_VALUES)).resource().get("roles"))
                .hasSize(Limits.MULTI_VALUED_VALUES);
        assertScimError(() -> createUser(withRoles.apply(Limits.MULTI_VALUED_VALUES + 1)), "invalidValue", "roles");

        ObjectNode extension = user("a");
        ArrayNode tags = extension.putObject("urn:example:custom:2.0:User").putArray("tags");
        for (int i = 0; i <= Limits.MULTI_VALUED_VALUES; i++) {
            tags.add("t" + i);
        }
        assertScimError(() -> createUser(extension), "invalidValue", "tags");
    }

    @Test
    void aPatchAddsValuesInLinearTimeAndStopsAtTheLimit() {
        ObjectNode current = createUser(user("a")).resource();
        ArrayNode values = JSON.arrayNode();
        for (int i = 0; i < Limits.MULTI_VALUED_VALUES; i++) {
            values.addObject().put("value", "e" + i + "@example.com");
        }
        ArrayNode ops = JSON.arrayNode();
        ops.addObject().put("op", "add").put("path", "emails").set("value", values);
        ObjectNode full = ResourceOps.patch(ResourceType.USER, current, patchOp(ops), T0).resource();
        assertThat(full.get("emails")).hasSize(Limits.MULTI_VALUED_VALUES);

        // The same values again are no change; one more is past the limit.
        assertThat(ResourceOps.patch(ResourceType.USER, full, patchOp(ops), T0).changed()).isFalse();
        ArrayNode oneMore = JSON.arrayNode();
        oneMore.addObject().put("op", "add").put("path", "emails").putArray("value").addObject().put("value", "x@y");
        assertScimError(() -> ResourceOps.patch(ResourceType.USER, full, patchOp(oneMore), T0), "invalidValue", "emails");
    }

    @Test
    void theStoredResourceIsLimitedAfterTheWriteAnd413() {
        // metadata is itself limited, so the bytes come from many attributes a PATCH adds one by one.
        ObjectNode current = createUser(user("a")).resource();
        String value = "v".repeat(1_000);
        int perPatch = Limits.STORED_RESOURCE_BYTES / value.length() * 3 / 4;
        ArrayNode ops = JSON.arrayNode();
        for (int i = 0; i < perPatch; i++) {
            ops.addObject().put("op", "add").put("path", "urn:example:big:2.0:User:a" + i).put("value", value);
        }
        ObjectNode grown = ResourceOps.patch(ResourceType.USER, current, patchOp(ops), T0).resource();
        assertThat(JsonLimits.serializedBytes(grown)).isLessThan(Limits.STORED_RESOURCE_BYTES);

        ArrayNode more = JSON.arrayNode();
        for (int i = 0; i < perPatch; i++) {
            more.addObject().put("op", "add").put("path", "urn:example:big:2.0:User:b" + i).put("value", value);
        }
        assertThatThrownBy(() -> ResourceOps.patch(ResourceType.USER, grown, patchOp(more), T0))
                .isInstanceOfSatisfying(ScimException.class, e -> {
                    assertThat(e.status()).isEqualTo(413);
                    assertThat(e.detail()).contains(Integer.toString(Limits.STORED_RESOURCE_BYTES));
                });
    }

    @Test
    void patchOperationsAreLimitedAfterNoPathValuesAreExpanded() {
        ObjectNode current = createUser(user("a")).resource();
        ArrayNode ops = JSON.arrayNode();
        for (int i = 0; i < Limits.PATCH_OPERATIONS; i++) {
            ops.addObject().put("op", "replace").put("path", "title").put("value", "t" + i);
        }
        ResourceOps.patch(ResourceType.USER, current, patchOp(ops), T0);
        ops.addObject().put("op", "replace").put("path", "title").put("value", "one too many");
        assertScimError(() -> ResourceOps.patch(ResourceType.USER, current, patchOp(ops), T0), "invalidValue",
                "operations");

        ObjectNode keys = JSON.objectNode();
        for (int i = 0; i <= Limits.PATCH_OPERATIONS; i++) {
            keys.put("metadata.k" + i, "v");
        }
        ArrayNode noPath = JSON.arrayNode();
        noPath.addObject().put("op", "add").set("value", keys);
        assertScimError(() -> ResourceOps.patch(ResourceType.USER, current, patchOp(noPath), T0), "invalidValue",
                "operations");
    }

    @Test
    void membersPerRequestAreLimitedAcrossOperations() {
        ObjectNode group = ResourceOps.create(ResourceType.GROUP, obj("{'displayName':'g'}"), "g-1", T0).resource();
        IntFunction<ArrayNode> members = n -> {
            ArrayNode array = JSON.arrayNode();
            for (int i = 0; i < n; i++) {
                array.addObject().put("value", "u" + i);
            }
            return array;
        };
        ArrayNode ops = JSON.arrayNode();
        ops.addObject().put("op", "add").put("path", "members").set("value", members.apply(Limits.MEMBERS_PER_REQUEST / 2));
        ops.addObject().put("op", "remove").put("path", "members").set("value", members.apply(Limits.MEMBERS_PER_REQUEST / 2));
        assertThat(ResourceOps.patch(ResourceType.GROUP, group, patchOp(ops), T0).members().isEmpty()).isFalse();
        ops.addObject().put("op", "remove").put("path", "members[value eq \"u1\"]");
        assertScimError(() -> ResourceOps.patch(ResourceType.GROUP, group, patchOp(ops), T0), "invalidValue", "members");

        ObjectNode post = JSON.objectNode().put("displayName", "big");
        post.set("members", members.apply(Limits.MEMBERS_PER_REQUEST + 1));
        assertScimError(() -> ResourceOps.create(ResourceType.GROUP, post, "g-2", T0), "invalidValue", "members");
    }

    @Test
    void aMembersDisplayIsAName() {
        ObjectNode post = JSON.objectNode().put("displayName", "g");
        post.putArray("members").addObject().put("value", "u1").put("display", "d".repeat(Limits.NAME_CHARS + 1));
        assertScimError(() -> ResourceOps.create(ResourceType.GROUP, post, "g-1", T0), "invalidValue", "display");
    }

    @Test
    void filtersAreLimitedInLengthAndDepthBeforeTheyAreParsed() {
        String value = "v".repeat(Limits.FILTER_CHARS - "userName eq \"\"".length());
        ScimFilter.parse("userName eq \"" + value + "\"");
        assertScimError(() -> ScimFilter.parse("userName eq \"" + value + "v\""), "invalidFilter", "characters");

        String deepest = "(".repeat(Limits.FILTER_DEPTH) + "userName eq \"a\"" + ")".repeat(Limits.FILTER_DEPTH);
        ScimFilter.parse(deepest);
        assertScimError(() -> ScimFilter.parse("(" + deepest + ")"), "invalidFilter", "nested");
        assertScimError(() -> ScimFilter.parse("(".repeat(3_000) + "userName eq \"a\"" + ")".repeat(3_000)),
                "invalidFilter", "characters");
        // Parentheses inside a string literal are text, not depth.
        ScimFilter.parse("userName eq \"" + "((((((((((((" + "\"");
    }

    @Test
    void everyLimitIsListedOnce() {
        assertThat(Limits.all()).extracting(Limits.Limit::name).doesNotHaveDuplicates();
        assertThat(Limits.all()).allSatisfy(limit -> assertThat(limit.value()).isPositive());
    }

    @Test
    void serializedBytesCountsWhatTheMapperWrites() throws Exception {
        JsonNode node = obj("{'a':'Zürich','b':[1,2]}");
        assertThat(JsonLimits.serializedBytes(node))
                .isEqualTo(dev.gatehouse.scim.ScimJson.mapper().writeValueAsBytes(node).length);
    }
}
