package dev.gatehouse.scim.entra;

import static dev.gatehouse.scim.testing.Json.assertScimError;
import static dev.gatehouse.scim.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.scim.resource.ResourceOps;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every metadata shape of docs/entra-id.md §4.2 and docs/architecture.md "Metadata", always stored nested. */
class MetadataTest {
    static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    static final ObjectNode BERLIN = obj("{'city':'Berlin','floor':3}");

    static ObjectNode create(String body) {
        return ResourceOps.create(ResourceType.USER, obj(body), "u-1", T0).resource();
    }

    static ObjectNode patch(ObjectNode user, String ops) {
        return ResourceOps.patch(ResourceType.USER, user, obj("{'Operations':" + ops + "}"), T0).resource();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{'userName':'a','metadata':{'city':'Berlin','floor':3}}",
        "{'userName':'a','metadata.city':'Berlin','metadata.floor':3}",
        "{'userName':'a','Metadata':{'city':'Berlin'},'metadata.floor':3}",
        "{'userName':'a','metadata':{'city':'Berlin','floor':3,'gone':null}}"})
    void createStoresEveryShapeNested(String body) {
        ObjectNode user = create(body);
        assertThat(user.get("metadata")).isEqualTo(BERLIN);
        assertThat(user.has("metadata.city")).isFalse();
    }

    /** Each PATCH shape that sets one key (city to Rome, floor kept) or removes it (floor left alone). */
    static Stream<Arguments> patchesOfOneKey() {
        String rome = "{'city':'Rome','floor':3}";
        String removed = "{'floor':3}";
        return Stream.of(
                Arguments.of("[{'op':'Add','path':'metadata.city','value':'Rome'}]", rome),
                Arguments.of("[{'op':'replace','path':'metadata.city','value':'Rome'}]", rome),
                Arguments.of("[{'op':'replace','value':{'metadata.city':'Rome'}}]", rome),
                Arguments.of("[{'op':'add','value':{'metadata':{'city':'Rome'}}}]", rome),
                Arguments.of("[{'op':'replace','path':'metadata','value':{'city':'Rome'}}]", rome),
                Arguments.of("[{'op':'Remove','path':'metadata.city'}]", removed),
                Arguments.of("[{'op':'replace','path':'metadata.city','value':null}]", removed),
                Arguments.of("[{'op':'replace','path':'metadata.city','value':''}]", removed),
                Arguments.of("[{'op':'replace','value':{'metadata':{'city':null}}}]", removed),
                Arguments.of("[{'op':'replace','value':{'metadata.city':null}}]", removed));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("patchesOfOneKey")
    void patchSetsOrRemovesOneKeyKeepingSiblings(String ops, String metadata) {
        ObjectNode user = patch(create("{'userName':'a','metadata':{'city':'Berlin','floor':3}}"), ops);
        assertThat(user.get("metadata")).isEqualTo(obj(metadata));
    }

    @Test
    void patchAddsMetadataToUserWithoutAny() {
        ObjectNode user = patch(create("{'userName':'a'}"), "[{'op':'add','path':'metadata.badge','value':true}]");
        assertThat(user.get("metadata")).isEqualTo(obj("{'badge':true}"));
    }

    @Test
    void removingLastKeyRemovesTheObject() {
        ObjectNode user = patch(create("{'userName':'a','metadata':{'city':'x'}}"), "[{'op':'remove','path':'metadata.city'}]");
        assertThat(user.has("metadata")).isFalse();
    }

    @Test
    void acceptsExactlyTheLimits() {
        StringBuilder body = new StringBuilder("{'userName':'a','metadata':{");
        for (int i = 0; i < MetadataRules.MAX_KEYS; i++) {
            body.append(i == 0 ? "" : ",").append("'k").append(i).append("':'v'");
        }
        body.append("}}");
        assertThat(create(body.toString()).get("metadata")).hasSize(50);
        String key = "k".repeat(50);
        String value = "v".repeat(500);
        assertThat(create("{'userName':'a','metadata':{'" + key + "':'" + value + "'}}").get("metadata").get(key).asText())
                .hasSize(500);
    }

    @Test
    void rejectsMoreThanFiftyKeys() {
        ObjectNode user = create("{'userName':'a'}");
        StringBuilder value = new StringBuilder("{");
        for (int i = 0; i <= MetadataRules.MAX_KEYS; i++) {
            value.append(i == 0 ? "" : ",").append("'metadata.k").append(i).append("':'v'");
        }
        value.append('}');
        assertScimError(() -> patch(user, "[{'op':'add','value':" + value + "}]"), "invalidValue", "at most 50");
    }

    @Test
    void rejectsLongKeysAndValuesAndNestedValues() {
        assertScimError(() -> create("{'userName':'a','metadata':{'" + "k".repeat(51) + "':'v'}}"),
                "invalidValue", "longer than 50");
        assertScimError(() -> create("{'userName':'a','metadata.city':'" + "v".repeat(501) + "'}"),
                "invalidValue", "longer than 500");
        assertScimError(() -> create("{'userName':'a','metadata':{'city':{'a':1}}}"), "invalidValue", "metadata.city");
        assertScimError(() -> create("{'userName':'a','metadata':'flat'}"), "invalidValue", "metadata must be an object");
    }
}
