package dev.gatehouse.launcher;

import dev.gatehouse.api.IngestApiService;
import dev.gatehouse.api.tenant.Actor;
import dev.gatehouse.api.tenant.SsoSettings;
import dev.gatehouse.contract.SsoConfig;
import dev.gatehouse.pipeline.config.ConfigKeys;
import dev.gatehouse.pipeline.config.ConfigSource;
import dev.gatehouse.testkit.FreePorts;
import dev.gatehouse.testkit.Gatehouse;
import dev.gatehouse.testkit.TestKafka;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The whole stack in this JVM on the test broker, as {@code up} runs it ({@link Stack}), on free ports,
 * with one organization set up for SCIM: SSO on its own directory, SCIM on, a token.
 */
final class StackFixture implements AutoCloseable {
    static final String ADMIN_KEY = "test-admin-key";

    private final Running running = new Running();
    private final int simulatorPort = FreePorts.next();
    private final IngestApiService api;
    private final String tenant;
    private final String token;

    /** Starts the stack and sets up the organization {@code name}, its domain {@code <name>.example}. */
    StackFixture(String name) {
        int processorPort = FreePorts.next();
        ConfigSource config = TestKafka.settings(Map.of(
                ConfigKeys.PROCESSOR_PORT, Integer.toString(processorPort),
                ConfigKeys.PROCESSOR_URL, "http://127.0.0.1:" + processorPort,
                ConfigKeys.SIMULATOR_PORT, Integer.toString(simulatorPort),
                ConfigKeys.WEBHOOK_URL, "http://127.0.0.1:" + simulatorPort + "/webhook",
                ConfigKeys.WEBHOOK_SECRET, "test-webhook-secret",
                ConfigKeys.ADMIN_KEY, ADMIN_KEY));
        try {
            api = Stack.start(StackConfig.from(config), running);
            tenant = api.tenantAdmin().create(name).id();
            api.tenantAdmin().setSso(Actor.system("test"), tenant, SsoSettings.validate(SsoConfig.ENTRA_ID,
                    UUID.randomUUID().toString(), List.of(name.toLowerCase(Locale.ROOT) + ".example"), Instant.now()));
            api.tenantAdmin().setScimEnabled(tenant, true);
            token = api.tenantAdmin().generateToken(tenant).orElseThrow();
        } catch (RuntimeException e) {
            running.close();
            throw e;
        }
    }

    /** The API, with the operator's key. */
    Gatehouse gatehouse() {
        return new Gatehouse("http://127.0.0.1:" + api.port(), ADMIN_KEY);
    }

    /** The organization's id. */
    String tenant() {
        return tenant;
    }

    /** The organization's SCIM token. */
    String token() {
        return token;
    }

    /** The door simulator's view of the organization, e.g. {@code doors() + "/persons"}. */
    String doors() {
        return "http://127.0.0.1:" + simulatorPort + "/v1/tenants/" + tenant;
    }

    @Override
    public void close() {
        running.close();
    }
}
