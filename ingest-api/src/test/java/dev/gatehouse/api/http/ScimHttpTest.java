package dev.gatehouse.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.scim.ScimException;
import org.junit.jupiter.api.Test;

class ScimHttpTest {

    @Test
    void statusesWithoutAFactoryStillGetAnRfc7644ErrorBody() {
        ObjectNode body = ScimHttp.failure(500, "internal error").toBody();
        assertThat(body.get("schemas").get(0).asText()).isEqualTo(ScimException.ERROR_SCHEMA);
        assertThat(body.get("status").isTextual()).as("RFC 7644 §3.12: status is a string").isTrue();
        assertThat(body.get("status").asText()).isEqualTo("500");
        assertThat(body.get("detail").asText()).isEqualTo("internal error");
        assertThat(body.has("scimType")).isFalse();
    }

    @Test
    void failuresKeepTheirStatus() {
        assertThat(ScimHttp.failure(405, "method not allowed").status()).isEqualTo(405);
        assertThat(ScimHttp.failure(413, "too large").status()).isEqualTo(413);
    }

    @Test
    void responsesAreLabelledScimJsonWithCharset() {
        assertThat(ScimHttp.SCIM_JSON).isEqualTo("application/scim+json; charset=utf-8");
    }
}
