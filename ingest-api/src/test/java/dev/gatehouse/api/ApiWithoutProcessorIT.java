package dev.gatehouse.api;

import static dev.gatehouse.testkit.TestHttp.assertScimError;
import static dev.gatehouse.testkit.TestHttp.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.api.config.ApiConfig;
import dev.gatehouse.api.tenant.Actor;
import dev.gatehouse.api.tenant.SsoSettings;
import dev.gatehouse.api.tenant.TenantAdmin;
import dev.gatehouse.contract.SsoConfig;
import dev.gatehouse.kafka.FreePorts;
import dev.gatehouse.pipeline.config.ConfigKeys;
import dev.gatehouse.pipeline.config.ConfigSource;
import dev.gatehouse.testkit.TestKafka;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The API alone, with no admin key configured and no stream processor: writes and reads are answered
 * 503 + Retry-After at their deadline instead of hanging, and the admin API refuses every call.
 */
class ApiWithoutProcessorIT {
    private static IngestApiService api;
    private static String base;
    private static String token;

    @BeforeAll
    static void start() {
        ConfigSource config = TestKafka.settings(Map.of(
                ConfigKeys.COMMAND_TIMEOUT_MS, "500",
                ConfigKeys.PROCESSOR_URL, "http://127.0.0.1:" + FreePorts.next()));
        assertThat(ApiConfig.from(config).adminKey()).isEmpty();
        api = IngestApiService.start(ApiConfig.from(config));
        base = "http://127.0.0.1:" + api.port();
        // In-process, as the launcher's `up --demo` does.
        TenantAdmin admin = api.tenantAdmin();
        String id = admin.create("Slow").id();
        admin.setSso(Actor.system("test"), id, SsoSettings.validate(SsoConfig.ENTRA_ID,
                UUID.randomUUID().toString(), List.of("slow.example"), Instant.now()));
        admin.setScimEnabled(id, true);
        token = admin.generateToken(id).orElseThrow();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void unansweredWritesGet503WithRetryAfterInsteadOfHanging() {
        HttpResponse<String> write = send("POST", base + "/scim/v2/Users", "Bearer " + token, "{\"userName\":\"late@x.test\"}");
        assertScimError(write, 503, null);
        assertThat(write.headers().firstValue("Retry-After")).contains("5");
    }

    @Test
    void readsGet503WithRetryAfterWhenTheProcessorIsUnreachable() {
        HttpResponse<String> read = send("GET", base + "/scim/v2/Users", "Bearer " + token, null);
        assertScimError(read, 503, null);
        assertThat(read.headers().firstValue("Retry-After")).contains("5");
    }

    @Test
    void everyAdminCallIs401WithoutAConfiguredAdminKey() {
        assertThat(send("GET", base + "/admin/v1/tenants", null, null).statusCode()).isEqualTo(401);
        assertThat(send("GET", base + "/admin/v1/tenants", "Bearer ", null).statusCode()).isEqualTo(401);
        assertThat(send("POST", base + "/admin/v1/tenants", "Bearer anything", "{\"name\":\"X\"}").statusCode()).isEqualTo(401);
    }
}
