package dev.gatehouse.scim.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.scim.ScimException;
import dev.gatehouse.scim.ScimJson;
import org.assertj.core.api.ThrowingConsumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Test helpers: JSON from text, and SCIM error assertions. */
public final class Json {
    private Json() {
    }

    /** Parses {@code text}; single quotes stand for double quotes, to keep test JSON readable. */
    public static ObjectNode obj(String text) {
        return (ObjectNode) node(text);
    }

    public static JsonNode node(String text) {
        try {
            return ScimJson.mapper().readTree(text.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** Asserts {@code call} fails with a 400 of {@code scimType} whose detail contains {@code detail}. */
    public static void assertScimError(ThrowingCallable call, String scimType, String detail) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ScimException.class, (ThrowingConsumer<ScimException>) e -> {
            org.assertj.core.api.Assertions.assertThat(e.status()).isEqualTo(400);
            org.assertj.core.api.Assertions.assertThat(e.scimType()).isEqualTo(scimType);
            org.assertj.core.api.Assertions.assertThat(e.detail()).containsIgnoringCase(detail);
        });
    }
}
