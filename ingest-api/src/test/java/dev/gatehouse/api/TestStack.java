package dev.gatehouse.api;

import static dev.gatehouse.api.ApiFixture.ADMIN_KEY;
import static dev.gatehouse.api.ApiFixture.json;
import static dev.gatehouse.api.ApiFixture.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.api.config.ApiConfig;
import dev.gatehouse.pipeline.config.ConfigKeys;
import dev.gatehouse.pipeline.config.ConfigSource;
import dev.gatehouse.processor.ProcessorConfig;
import dev.gatehouse.processor.StreamProcessorService;
import dev.gatehouse.testkit.FreePorts;
import dev.gatehouse.testkit.TestKafka;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The real stream processor and the ingest API on the shared test broker, with HTTP helpers. The
 * processor's query port must be known before it starts (the API forwards reads to it), so a free
 * one is picked here. Public for the suites in sub-packages (the hostile suite).
 */
public final class TestStack implements AutoCloseable {
    private final StreamProcessorService processor;
    private final IngestApiService api;
    public final String base;
    public final ConfigSource config;

    private TestStack(StreamProcessorService processor, IngestApiService api, ConfigSource config) {
        this.processor = processor;
        this.api = api;
        this.config = config;
        this.base = "http://127.0.0.1:" + api.port();
    }

    public static TestStack start() {
        return start(Map.of());
    }

    /** With configuration {@code overrides} on top of the test defaults. */
    public static TestStack start(Map<String, String> overrides) {
        int processorPort = FreePorts.next();
        Map<String, String> settings = new HashMap<>(Map.of(
                ConfigKeys.PROCESSOR_PORT, Integer.toString(processorPort),
                ConfigKeys.PROCESSOR_URL, "http://127.0.0.1:" + processorPort,
                ConfigKeys.ADMIN_KEY, ADMIN_KEY));
        settings.putAll(overrides);
        ConfigSource config = TestKafka.settings(settings);
        StreamProcessorService processor = StreamProcessorService.start(ProcessorConfig.from(config)).awaitRunning(Duration.ofSeconds(60));
        return new TestStack(processor, IngestApiService.start(ApiConfig.from(config)), config);
    }

    /** An organization's id and SCIM token. */
    public record Tenant(String id, String token) {
    }

    /** A new organization with SCIM enabled; its token. */
    String newTenantToken(String name) {
        return newTenant(name).token();
    }

    /** A new organization with SCIM enabled. */
    public Tenant newTenant(String name) {
        String id = json(admin("POST", "/admin/v1/tenants", "{\"name\":\"" + name + "\"}")).get("id").asText();
        assertThat(admin("PUT", "/admin/v1/tenants/" + id + "/sso", ApiFixture.ssoBody()).statusCode()).isEqualTo(200);
        assertThat(admin("PUT", "/admin/v1/tenants/" + id + "/scim", "{\"enabled\":true}").statusCode()).isEqualTo(200);
        return new Tenant(id, json(admin("POST", "/admin/v1/tenants/" + id + "/scim/token", null)).get("token").asText());
    }

    public HttpResponse<String> admin(String method, String path, String body) {
        return send(method, base + path, "Bearer " + ADMIN_KEY, body);
    }

    public HttpResponse<String> scim(String method, String path, String token, String body) {
        return send(method, base + "/scim/v2" + path, "Bearer " + token, body);
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        api.close();
        processor.close();
    }
}
