package dev.gatehouse.processor.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.scim.ScimException;
import dev.gatehouse.scim.ScimJson;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SortKeyTest {
    private final List<JsonNode> users = List.of(
            json("{\"id\":\"1\",\"userName\":\"bob\",\"name\":{\"familyName\":\"Young\"},"
                    + "\"emails\":[{\"value\":\"z@x\"},{\"value\":\"b@x\",\"primary\":true}],"
                    + "\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\":{\"department\":\"Sales\"}}"),
            json("{\"id\":\"2\",\"userName\":\"Alice\",\"emails\":[{\"value\":\"a@x\"}]}"),
            json("{\"id\":\"3\",\"userName\":\"carol\",\"name\":{\"familyName\":\"adams\"},"
                    + "\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\":{\"department\":\"Engineering\"}}"));

    @Test
    void sortsCaseInsensitivelyAscendingByDefault() {
        assertThat(ids("userName", null)).containsExactly("2", "1", "3");
        assertThat(ids("USERNAME", "Descending")).containsExactly("3", "1", "2");
    }

    @Test
    void missingValuesSortLastInEitherOrder() {
        assertThat(ids("name.familyName", "ascending")).containsExactly("3", "1", "2");
        assertThat(ids("name.familyName", "descending")).containsExactly("1", "3", "2");
    }

    @Test
    void multiValuedAttributesSortByTheirPrimaryValue() {
        assertThat(ids("emails.value", null)).containsExactly("2", "1", "3");
        assertThat(ids("emails", null)).containsExactly("2", "1", "3");
    }

    @Test
    void urnQualifiedPathsWork() {
        assertThat(ids("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", null))
                .containsExactly("3", "1", "2");
        assertThat(ids("urn:ietf:params:scim:schemas:core:2.0:User:userName", null)).containsExactly("2", "1", "3");
    }

    @Test
    void anUnknownOrderIsA400AndNoSortByIsNoSort() {
        assertThatThrownBy(() -> SortKey.parse("userName", "up"))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.scimType()).isEqualTo("invalidValue"));
        assertThat(SortKey.parse(" ", "descending")).isEmpty();
    }

    private List<String> ids(String sortBy, String sortOrder) {
        List<JsonNode> sorted = new ArrayList<>(users);
        sorted.sort(SortKey.parse(sortBy, sortOrder).orElseThrow().comparator());
        return sorted.stream().map(u -> u.get("id").asText()).toList();
    }

    private static JsonNode json(String text) {
        try {
            return ScimJson.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
