package dev.gatehouse.pipeline.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.contract.ResourceType;
import org.junit.jupiter.api.Test;

/**
 * The query API's requests as they go on the wire: an API instance of one release asks processors of
 * the next during a rolling upgrade, so these strings do not change.
 */
class QueryApiTest {

    @Test
    void aResourceIsAskedByTenantEndpointAndEncodedId() {
        assertThat(QueryApi.resourcePath("acme", ResourceType.USER, "u 1/ä", true))
                .isEqualTo("/internal/v1/tenants/acme/Users/u%201%2F%C3%A4");
        assertThat(QueryApi.resourcePath("acme", ResourceType.GROUP, "g1", false))
                .isEqualTo("/internal/v1/tenants/acme/Groups/g1?members=false");
    }

    @Test
    void aListCarriesPagingFirstThenWhatIsGiven() {
        assertThat(QueryApi.listPath("acme", ResourceType.USER, new QueryApi.ListQuery(null, 1, 100, null, null)))
                .isEqualTo("/internal/v1/tenants/acme/Users?startIndex=1&count=100");
        assertThat(QueryApi.listPath("acme", ResourceType.GROUP,
                new QueryApi.ListQuery("displayName eq \"A+B\"", 3, 7, "meta.lastModified", "descending", false)))
                .isEqualTo("/internal/v1/tenants/acme/Groups?startIndex=3&count=7"
                        + "&filter=displayName%20eq%20%22A%2BB%22&sortBy=meta.lastModified&sortOrder=descending&members=false");
        assertThat(QueryApi.listPath("acme", ResourceType.USER, new QueryApi.ListQuery(" ", 1, 1, "", null)))
                .isEqualTo("/internal/v1/tenants/acme/Users?startIndex=1&count=1");
    }

    @Test
    void theChecksumAndHealthAnswersKeepTheirFields() {
        assertThat(QueryApi.checksumPath("acme")).isEqualTo("/internal/v1/tenants/acme/checksum");
        QueryApi.Checksum checksum = new QueryApi.Checksum(2, 1, 3, "ab12");
        assertThat(checksum.toJson().toString()).isEqualTo("{\"users\":2,\"groups\":1,\"memberships\":3,\"sha256\":\"ab12\"}");
        assertThat(QueryApi.Checksum.fromJson(checksum.toJson())).isEqualTo(checksum);
        assertThat(QueryApi.health("RUNNING").toString()).isEqualTo("{\"state\":\"RUNNING\"}");
    }

    @Test
    void onlyFalseLeavesMembersOut() {
        assertThat(QueryApi.keepsMembers(null)).isTrue();
        assertThat(QueryApi.keepsMembers("true")).isTrue();
        assertThat(QueryApi.keepsMembers("FALSE")).isFalse();
    }
}
