package dev.gatehouse.api;

import static dev.gatehouse.testkit.Gatehouse.ADMIN_KEY;
import static dev.gatehouse.testkit.TestHttp.assertScimError;
import static dev.gatehouse.testkit.TestHttp.json;
import static dev.gatehouse.testkit.TestHttp.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.api.config.ApiConfig;
import dev.gatehouse.api.tenant.Actor;
import dev.gatehouse.api.tenant.SsoSettings;
import dev.gatehouse.api.tenant.TenantAdmin;
import dev.gatehouse.contract.SsoConfig;
import dev.gatehouse.kafka.FreePorts;
import dev.gatehouse.pipeline.config.ConfigKeys;
import dev.gatehouse.testkit.TestKafka;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The API's defences, on an API instance of its own (discovery endpoints need no processor): repeated
 * authentication failures from one address, and the per-organization SCIM rate limit.
 */
class AbuseLimitsIT {
    private IngestApiService api;
    private String base;

    @BeforeEach
    void start() {
        api = IngestApiService.start(ApiConfig.from(TestKafka.settings(Map.of(
                ConfigKeys.ADMIN_KEY, ADMIN_KEY,
                ConfigKeys.SCIM_RATE_LIMIT, "2",
                ConfigKeys.PROCESSOR_URL, "http://127.0.0.1:" + FreePorts.next()))));
        base = "http://127.0.0.1:" + api.port();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private String token(String name) {
        TenantAdmin admin = api.tenantAdmin();
        String id = admin.create(name).id();
        admin.setSso(Actor.system("test"), id, SsoSettings.validate(SsoConfig.ENTRA_ID, UUID.randomUUID().toString(),
                List.of(UUID.randomUUID().toString().substring(0, 8) + ".example"), Instant.now()));
        admin.setScimEnabled(id, true);
        return admin.generateToken(id).orElseThrow();
    }

    private HttpResponse<String> discovery(String token) {
        return send("GET", base + "/scim/v2/ServiceProviderConfig", "Bearer " + token, null);
    }

    @Test
    void anOrganizationOverItsRateGets429WithRetryAfterAndAScimErrorWhileOthersAreServed() {
        String busy = token("Busy");
        String quiet = token("Quiet");
        HttpResponse<String> limited = null;
        int served = 0;
        for (int i = 0; i < 40 && limited == null; i++) {
            HttpResponse<String> response = discovery(busy);
            if (response.statusCode() == 429) {
                limited = response;
            } else {
                assertThat(response.statusCode()).isEqualTo(200);
                served++;
            }
        }
        assertThat(limited).as("40 requests at once exceed 2 per second").isNotNull();
        assertThat(served).isGreaterThanOrEqualTo(2);
        assertScimError(limited, 429, null);
        assertThat(json(limited).get("detail").asText()).contains("2 SCIM requests per second");
        assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow())).isPositive();
        assertThat(discovery(quiet).statusCode()).as("another organization has its own budget").isEqualTo(200);
    }

    @Test
    void repeatedAuthenticationFailuresFromOneAddressAreRefusedWith429() {
        String valid = token("Guessed");
        int failures = 0;
        HttpResponse<String> response = discovery("gh_scim_guess-0");
        while (response.statusCode() == 401 && failures < 100) {
            failures++;
            response = discovery("gh_scim_guess-" + failures);
        }
        assertThat(failures).as("failures allowed before slowing down").isBetween(5, 50);
        assertScimError(response, 429, null);
        assertThat(response.body()).doesNotContain("gh_scim_guess");
        assertThat(Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
        assertThat(discovery(valid).statusCode()).as("not even a valid token is looked at while blocked").isEqualTo(429);
        HttpResponse<String> admin = send("GET", base + "/admin/v1/tenants", "Bearer " + ADMIN_KEY, null);
        assertThat(admin.statusCode()).as("guessing the admin key is blocked too").isEqualTo(429);
        assertThat(admin.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void wrongAdminKeysCountTowardsTheSameLimit() {
        int failures = 0;
        HttpResponse<String> response = send("GET", base + "/admin/v1/tenants", "Bearer wrong-0", null);
        while (response.statusCode() == 401 && failures < 100) {
            failures++;
            response = send("GET", base + "/admin/v1/tenants", "Bearer wrong-" + failures, null);
        }
        assertThat(failures).isBetween(5, 50);
        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(json(response).get("error").asText()).contains("too many failed");
    }
}
