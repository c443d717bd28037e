package dev.gatehouse.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gatehouse.scim.ScimException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The strict body reader without HTTP: what is read, what is refused and as which scimType. */
class StrictJsonTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"a\":\"\\\\ud800\"}",               // an escaped backslash, then the text "ud800"
        "{\"a\":\"\\\"\\ud83d\\ude00\\\"\"}",  // a pair between escaped quotes
        "{\"\\ud83d\\ude00\":\"😀\"}",         // a pair in a name, a raw pair in a value
        "{\"a\":\"\\ud83d\\uDE00\"}",           // hex digits in either case
        "{\"a\":\"\\uFFFF\\u0000\"}",           // noncharacters and NUL are characters, not surrogates
        " {\"a\":[1,{\"b\":null}]} \n",
    })
    void wellFormedBodiesAreRead(String body) {
        assertThat(StrictJson.object(body.getBytes(StandardCharsets.UTF_8)).isObject()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"a\":\"\\ud800\"}                 | invalidValue",
        "{\"a\":\"\\ud800\\ud800\\udc00\"}   | invalidValue",
        "{\"a\":\"\\ud800\\\\udc00\"}        | invalidValue",
        "{\"a\":\"x\\udc00\"}                | invalidValue",
        "{\"a\\udbff\":1}                    | invalidValue",
        "{\"a\":1}{}                         | invalidSyntax",
        "{\"a\":1},                          | invalidSyntax",
        "[{\"a\":1}]                         | invalidSyntax",
        "{\"a\":\"\\u12\"}                   | invalidSyntax",
        "{\"a\":\"\\ud80\"}                  | invalidSyntax",
    })
    void malformedBodiesAreRefusedWithTheirScimType(String body, String scimType) {
        ScimException e = catchThrowableOfType(ScimException.class,
                () -> StrictJson.object(body.strip().getBytes(StandardCharsets.UTF_8)));
        assertThat(e).as(body).isNotNull();
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.toBody().get("scimType").asText()).as(e.getMessage()).isEqualTo(scimType);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 31, 32})
    void upTo32LevelsAreRead(int depth) {
        String body = "{\"a\":" + "[".repeat(depth - 1) + "]".repeat(depth - 1) + "}";
        assertThat(StrictJson.object(body.getBytes(StandardCharsets.UTF_8)).has("a")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {33, 1_000, 100_000})
    void deeperBodiesAreInvalidSyntax(int depth) {
        String body = "{\"a\":" + "[".repeat(depth - 1) + "]".repeat(depth - 1) + "}";
        ScimException e = catchThrowableOfType(ScimException.class, () -> StrictJson.object(body.getBytes(StandardCharsets.UTF_8)));
        assertThat(e.toBody().get("scimType").asText()).isEqualTo("invalidSyntax");
        assertThat(e.getMessage()).contains("32 levels");
    }
}
