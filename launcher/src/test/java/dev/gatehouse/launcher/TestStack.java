package dev.gatehouse.launcher;

import dev.gatehouse.api.IngestApiService;
import dev.gatehouse.kafka.FreePorts;
import dev.gatehouse.pipeline.config.ConfigKeys;
import dev.gatehouse.pipeline.config.ConfigSource;
import dev.gatehouse.testkit.Gatehouse;
import dev.gatehouse.testkit.TestKafka;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A stack in this JVM on the shared test broker, started as {@code up} starts it ({@link Stack}), on free
 * ports, with the test's own topics; and the API as a test sees it ({@link Gatehouse}). By default the
 * processor and the API; {@link #withDoors()} adds the door simulator and access-sync. A test class
 * registers one with {@code @RegisterExtension static final TestStack stack = TestStack.perClass();}: it
 * starts before the class's first test and stops after its last; {@link #start()} is for a test that
 * starts and closes its own.
 */
public final class TestStack implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
    /** The stack's {@code GATEHOUSE_ENCRYPTION_KEY}: base64 of 32 bytes (a test's, never a deployment's). */
    public static final String ENCRYPTION_KEY = "dGVzdC1lbmNyeXB0aW9uLWtleS0zMi1ieXRlcy0hIT8=";
    private final Map<String, String> overrides;
    private final Running running = new Running();
    private boolean doors;
    private String organizationName;
    private ConfigSource config;
    private Gatehouse gatehouse;
    private Gatehouse.Organization organization;
    private String accessToken;

    private TestStack(Map<String, String> overrides) {
        this.overrides = overrides;
    }

    /** A stack for a test class to register as an extension, with the test defaults. */
    public static TestStack perClass() {
        return perClass(Map.of());
    }

    /** A stack for a test class to register as an extension, with configuration {@code overrides} on top of the test defaults. */
    public static TestStack perClass(Map<String, String> overrides) {
        return new TestStack(overrides);
    }

    /** A stack (processor and API) started now, which the caller closes. */
    public static TestStack start() {
        return start(Map.of());
    }

    /** A stack (processor and API) with configuration {@code overrides}, started now, which the caller closes. */
    public static TestStack start(Map<String, String> overrides) {
        return new TestStack(overrides).started();
    }

    /** With the door simulator and access-sync delivering to it: the whole stack {@code up} runs. */
    public TestStack withDoors() {
        doors = true;
        return this;
    }

    /** With an organization named {@code name} onboarded as soon as the stack is up: {@link #organization()}. */
    public TestStack withOrganization(String name) {
        organizationName = name;
        return this;
    }

    /** Starts this stack now, for a caller that closes it; what started before a failure is closed. */
    public TestStack started() {
        try {
            open();
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
        return this;
    }

    private void open() {
        int processorPort = FreePorts.next();
        Map<String, String> settings = new HashMap<>(Map.of(
                ConfigKeys.PROCESSOR_PORT, Integer.toString(processorPort),
                ConfigKeys.PROCESSOR_URL, "http://127.0.0.1:" + processorPort,
                ConfigKeys.SIMULATOR_PORT, Integer.toString(FreePorts.next()),
                ConfigKeys.WEBHOOK_SECRET, "test-webhook-secret",
                ConfigKeys.ADMIN_KEY, Gatehouse.ADMIN_KEY,
                ConfigKeys.ENCRYPTION_KEY, ENCRYPTION_KEY));
        settings.put(ConfigKeys.WEBHOOK_URL, "http://127.0.0.1:" + settings.get(ConfigKeys.SIMULATOR_PORT) + "/webhook");
        settings.putAll(overrides);
        config = TestKafka.settings(settings);
        StackConfig stack = StackConfig.from(config);
        IngestApiService api = doors ? Stack.start(stack, running) : Stack.startWithoutDoors(stack, running);
        gatehouse = new Gatehouse("http://127.0.0.1:" + api.port(), Gatehouse.ADMIN_KEY);
        if (organizationName != null) {
            organization = gatehouse.onboard(organizationName);
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        started();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** The API's root URL. */
    public String base() {
        return gatehouse.base();
    }

    /** The API, with the operator's key. */
    public Gatehouse gatehouse() {
        return gatehouse;
    }

    /** The configuration the stack started with. */
    public ConfigSource config() {
        return config;
    }

    /** The organization {@link #withOrganization} asked for. */
    public Gatehouse.Organization organization() {
        return organization;
    }

    /** Its SCIM token. */
    public String token() {
        return organization.token();
    }

    /**
     * An OAuth access token of the organization (client credentials, as Entra's gallery app
     * authenticates): got once, from a client made for it, and reused as a client would for its lifetime.
     */
    public synchronized String accessToken() {
        if (accessToken == null) {
            accessToken = gatehouse().accessToken(gatehouse().createClient(organization.id()));
        }
        return accessToken;
    }

    /** The door simulator's view of the organization {@link #withOrganization} asked for, e.g. {@code doors() + "/persons"}. */
    public String doors() {
        return "http://127.0.0.1:" + config.string(ConfigKeys.SIMULATOR_PORT) + "/v1/tenants/" + organization.id();
    }

    /** A new organization with SCIM enabled. */
    public Gatehouse.Organization newTenant(String name) {
        return gatehouse.onboard(name);
    }

    /** A new organization with SCIM enabled; its token. */
    public String newTenantToken(String name) {
        return newTenant(name).token();
    }

    public HttpResponse<String> admin(String method, String path, String body) {
        return gatehouse.admin(method, path, body);
    }

    public HttpResponse<String> scim(String method, String path, String token, String body) {
        return gatehouse.scim(method, path, token, body);
    }

    /** Stops what started, the API first. */
    @Override
    public void close() {
        running.close();
    }
}
