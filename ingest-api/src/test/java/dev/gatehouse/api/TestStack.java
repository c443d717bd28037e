package dev.gatehouse.api;

import dev.gatehouse.api.config.ApiConfig;
import dev.gatehouse.pipeline.config.ConfigKeys;
import dev.gatehouse.pipeline.config.ConfigSource;
import dev.gatehouse.processor.ProcessorConfig;
import dev.gatehouse.processor.StreamProcessorService;
import dev.gatehouse.testkit.FreePorts;
import dev.gatehouse.testkit.Gatehouse;
import dev.gatehouse.testkit.TestKafka;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real stream processor and the ingest API on the shared test broker, and the API as a test sees
 * it ({@link Gatehouse}). The processor's query port must be known before it starts (the API forwards
 * reads to it), so a free one is picked here. A test class registers one with
 * {@code @RegisterExtension static final TestStack stack = TestStack.perClass();}: it starts before the
 * class's first test and stops after its last. Public for the suites in sub-packages (the hostile suite).
 */
public final class TestStack implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
    public static final String ADMIN_KEY = "test-admin-key";
    private final Map<String, String> overrides;
    private StreamProcessorService processor;
    private IngestApiService api;
    private ConfigSource config;
    private Gatehouse gatehouse;
    private String organizationName;
    private Gatehouse.Organization organization;

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

    /** With an organization named {@code name} onboarded as soon as the stack is up: {@link #organization()}. */
    public TestStack withOrganization(String name) {
        organizationName = name;
        return this;
    }

    /** A stack started now, which the caller closes. */
    public static TestStack start(Map<String, String> overrides) {
        TestStack stack = new TestStack(overrides);
        try {
            stack.open();
        } catch (RuntimeException | Error e) {
            stack.close(); // what started before the failure
            throw e;
        }
        return stack;
    }

    public static TestStack start() {
        return start(Map.of());
    }

    private void open() {
        int processorPort = FreePorts.next();
        Map<String, String> settings = new HashMap<>(Map.of(
                ConfigKeys.PROCESSOR_PORT, Integer.toString(processorPort),
                ConfigKeys.PROCESSOR_URL, "http://127.0.0.1:" + processorPort,
                ConfigKeys.ADMIN_KEY, ADMIN_KEY));
        settings.putAll(overrides);
        config = TestKafka.settings(settings);
        processor = StreamProcessorService.start(ProcessorConfig.from(config)); // held before the wait, so close() stops it
        processor.awaitRunning(Duration.ofSeconds(60));
        api = IngestApiService.start(ApiConfig.from(config));
        gatehouse = new Gatehouse("http://127.0.0.1:" + api.port(), ADMIN_KEY);
        if (organizationName != null) {
            organization = newTenant(organizationName);
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        open();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** The API's root URL. */
    public String base() {
        return gatehouse.base();
    }

    /** The configuration both services started with. */
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

    @Override
    public void close() {
        if (api != null) {
            api.close();
        }
        if (processor != null) {
            processor.close();
        }
    }
}
