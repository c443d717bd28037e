package dev.gatehouse.processor.entra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.contract.CommandResult;
import dev.gatehouse.contract.ResourceType;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/entra-id.md §4: custom attributes as Entra sends them — a user's {@code metadata.<name>} in every
 * shape of §4.2, its limits, and extension URNs that {@code schemas} never lists — through the real
 * topology, with what door systems receive.
 */
class EntraMetadataExamplesTest extends EntraTestSupport {
    static final String CONTOSO = "urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User";

    CommandResult create(String id, String extra) {
        return post(ResourceType.USER, id, "{\"schemas\":[\"" + USER_SCHEMA + "\"],\"userName\":\"" + id
                + "@contoso.com\",\"active\":true" + extra + "}");
    }

    /** A user whose metadata is {city: Berlin, floor: 3}; outputs drained. */
    void berliner() {
        assertThat(create("u1", ",\"metadata\":{\"city\":\"Berlin\",\"floor\":3}").status()).isEqualTo(201);
        fx.drain();
    }

    ObjectNode metadata(String id) {
        return (ObjectNode) get(ResourceType.USER, id).get("metadata");
    }

    void assertRejectedNaming(CommandResult result, String limit) {
        assertThat(result.status()).isEqualTo(400);
        assertThat(result.body().path("scimType").asText()).isEqualTo("invalidValue");
        assertThat(result.body().path("detail").asText()).contains(limit);
        assertThat(fx.changes()).as("no event for a refused write").isEmpty();
    }

    @Test
    void s41_customExtensionUrnNotInSchemasIsStoredUnderItsUrnAndPatchedByUrnPath() {
        // §4.1 item 2: the expected POST fragment, schemas listing only the core and enterprise URNs.
        CommandResult created = post(ResourceType.USER, "u1", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
                 "userName":"u1@contoso.com",
                 "urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User":{"tag":"701984"}}""");
        assertThat(created.status()).isEqualTo(201);
        // Flag mode folds the custom URN key into a no-path value [S21 #207]; default mode uses the path.
        assertThat(patch(ResourceType.USER, "u1", "[{\"op\":\"replace\",\"value\":{\"" + CONTOSO + ":costCenter\":\"C-1\"}}]")
                .status()).isEqualTo(200);
        assertThat(patch(ResourceType.USER, "u1", "[{\"op\":\"Add\",\"path\":\"" + CONTOSO + ":tag\",\"value\":\"701985\"}]")
                .status()).isEqualTo(200);

        ObjectNode stored = get(ResourceType.USER, "u1");
        assertThat(stored.get(CONTOSO)).isEqualTo(json("{\"tag\":\"701985\",\"costCenter\":\"C-1\"}"));
        assertThat(texts(stored.get("schemas"))).containsExactly(USER_SCHEMA, CONTOSO);
        assertThat(fx.changes()).last().satisfies(c -> assertThat(c.state().get(CONTOSO)).isEqualTo(stored.get(CONTOSO)));
        // An unknown extension is storable, not a 400; a URN is split at its LAST ':' [S12].
        assertThat(patch(ResourceType.USER, "u1", """
                [{"op":"Add","path":"urn:ietf:params:scim:schemas:extension:contoso:2.0:User:building","value":"B7"}]""")
                .status()).isEqualTo(200);
        assertThat(get(ResourceType.USER, "u1").at("/urn:ietf:params:scim:schemas:extension:contoso:2.0:User/building")
                .asText()).isEqualTo("B7");
    }

    @Test
    void s42_postAcceptsNestedMetadataATopLevelDottedKeyOrNoneAtAll() {
        assertThat(create("nested", ",\"metadata\":{\"city\":\"Berlin\"}").status()).isEqualTo(201);
        assertThat(create("dotted", ",\"metadata.city\":\"Berlin\"").status()).isEqualTo(201);
        assertThat(create("absent", "").status()).isEqualTo(201);

        assertThat(metadata("nested")).isEqualTo(json("{\"city\":\"Berlin\"}"));
        assertThat(metadata("dotted")).isEqualTo(json("{\"city\":\"Berlin\"}"));
        assertThat(get(ResourceType.USER, "dotted").has("metadata.city")).isFalse();
        assertThat(get(ResourceType.USER, "absent").has("metadata")).isFalse();
        assertThat(fx.changes()).extracting(c -> c.state().path("metadata").path("city").asText(""))
                .containsExactly("Berlin", "Berlin", "");
    }

    @Test
    void s42_patchPathMetadataDotNameWithAddReplaceRemoveInAnyCase() {
        berliner();

        patch(ResourceType.USER, "u1", "[{\"op\":\"Add\",\"path\":\"metadata.badge\",\"value\":\"B-17\"}]");
        patch(ResourceType.USER, "u1", "[{\"op\":\"REPLACE\",\"path\":\"Metadata.city\",\"value\":\"Hamburg\"}]");
        patch(ResourceType.USER, "u1", "[{\"op\":\"remove\",\"path\":\"metadata.floor\"}]");

        assertThat(metadata("u1")).isEqualTo(json("{\"city\":\"Hamburg\",\"badge\":\"B-17\"}"));
        assertThat(fx.changes()).hasSize(3).last()
                .satisfies(c -> assertThat(c.state().get("metadata")).isEqualTo(json("{\"city\":\"Hamburg\",\"badge\":\"B-17\"}")));
    }

    @Test
    void s42_noPathValueWithADottedKeyOrANestedObjectMergesWithoutWipingSiblings() {
        berliner();

        patch(ResourceType.USER, "u1", "[{\"op\":\"replace\",\"value\":{\"metadata.city\":\"Paris\",\"displayName\":\"U\"}}]");
        patch(ResourceType.USER, "u1", "[{\"op\":\"add\",\"value\":{\"metadata\":{\"badge\":\"B-17\"}}}]");

        ObjectNode stored = get(ResourceType.USER, "u1");
        assertThat(stored.get("metadata")).isEqualTo(json("{\"city\":\"Paris\",\"floor\":3,\"badge\":\"B-17\"}"));
        assertThat(stored.path("displayName").asText()).isEqualTo("U");
        assertThat(fieldNames(stored)).doesNotContain("metadata.city");
    }

    @Test
    void s42_emptyOrNullRemovesOneKeyAndTheLastKeyTheObject() {
        berliner();

        patch(ResourceType.USER, "u1", "[{\"op\":\"Replace\",\"path\":\"metadata.city\",\"value\":\"\"}]");
        assertThat(metadata("u1")).isEqualTo(json("{\"floor\":3}"));
        patch(ResourceType.USER, "u1", "[{\"op\":\"replace\",\"value\":{\"metadata.floor\":null}}]");

        assertThat(get(ResourceType.USER, "u1").has("metadata")).isFalse();
        assertThat(fx.changes()).hasSize(2).last().satisfies(c -> assertThat(c.state().has("metadata")).isFalse());
    }

    @Test
    void s41_dottedNamesOnKnownComplexAttributesAreNestedAsTheValidationSuiteBuildsThem() {
        // §4.1 item 6: urn names split at the last ':', names with '[' become a typed element, other
        // dotted names become {"first":{"last":v}}; the suite verifies body[first][last].
        CommandResult created = post(ResourceType.USER, "u1", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"suite@contoso.com",
                 "name":{"givenName":"Suite","firstName":"Suite"},
                 "emails":[{"type":"work","value":"suite@contoso.com"}],
                 "metadata":{"city":"Redmond"},
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"QA"}}""");
        // §4.1 item 4: the target name.firstName (not a standard sub-attribute) sent as a dotted key.
        CommandResult dotted = post(ResourceType.USER, "u2", """
                {"userName":"dotted@contoso.com","name.firstName":"Dot","name.familyName":"Ted"}""");

        assertThat(created.status()).isEqualTo(201);
        assertThat(dotted.status()).isEqualTo(201);
        ObjectNode suite = get(ResourceType.USER, "u1");
        assertThat(suite.at("/name/firstName").asText()).isEqualTo("Suite");
        assertThat(suite.at("/metadata/city").asText()).isEqualTo("Redmond");
        assertThat(suite.path(ENTERPRISE).path("department").asText()).isEqualTo("QA");
        assertThat(ids(list(ResourceType.USER, "emails[type eq \"work\"].value eq \"suite@contoso.com\""))).containsExactly("u1");
        assertThat(get(ResourceType.USER, "u2").get("name")).isEqualTo(json("{\"firstName\":\"Dot\",\"familyName\":\"Ted\"}"));
    }

    @Test
    void s42_limitsAreFiftyKeysOfFiftyCharactersWithValuesOfFiveHundred() {
        StringBuilder fifty = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            fifty.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
        }
        String key50 = "k".repeat(50);
        String value500 = "v".repeat(500);
        // Exactly at every limit: accepted.
        assertThat(create("u1", ",\"metadata\":{" + fifty + "}").status()).isEqualTo(201);
        assertThat(create("u2", ",\"metadata\":{\"" + key50 + "\":\"" + value500 + "\"}").status()).isEqualTo(201);
        assertThat(metadata("u1").size()).isEqualTo(50);
        assertThat(metadata("u2").get(key50).asText()).hasSize(500);
        fx.drain();

        // One past each: 400 invalidValue naming the limit, nothing stored, no event.
        assertRejectedNaming(patch(ResourceType.USER, "u1", "[{\"op\":\"Add\",\"path\":\"metadata.k50\",\"value\":\"v\"}]"),
                "at most 50");
        assertRejectedNaming(create("u3", ",\"metadata\":{\"" + key50 + "k\":\"v\"}"), "longer than 50");
        assertRejectedNaming(patch(ResourceType.USER, "u2", "[{\"op\":\"replace\",\"value\":{\"metadata." + key50
                + "\":\"" + value500 + "v\"}}]"), "longer than 500");
        assertRejectedNaming(patch(ResourceType.USER, "u2", "[{\"op\":\"Add\",\"path\":\"metadata.nested\",\"value\":{\"a\":1}}]"),
                "string, number or boolean");
        assertThat(metadata("u1").size()).isEqualTo(50);
        assertThat(metadata("u2").get(key50).asText()).hasSize(500);
        assertThat(exists(ResourceType.USER, "u3")).isFalse();
        assertThat(get(ResourceType.USER, "u1").at("/meta/version").asText()).isEqualTo("W/\"1\"");
        for (String id : List.of("u1", "u2")) {
            assertThat(metadata(id).has("nested")).isFalse();
        }
    }
}
