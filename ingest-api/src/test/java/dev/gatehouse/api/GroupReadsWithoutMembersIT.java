package dev.gatehouse.api;

import static dev.gatehouse.testkit.TestHttp.json;
import static dev.gatehouse.testkit.TestHttp.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.api.config.ApiConfig;
import dev.gatehouse.api.tenant.Actor;
import dev.gatehouse.api.tenant.SsoSettings;
import dev.gatehouse.api.tenant.TenantAdmin;
import dev.gatehouse.contract.SsoConfig;
import dev.gatehouse.pipeline.config.ConfigKeys;
import dev.gatehouse.pipeline.config.ConfigSource;
import dev.gatehouse.testkit.TestKafka;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the API asks the processor's query endpoint for a group read: {@code members=false} exactly
 * when the projection drops members (Entra's {@code excludedAttributes=members}, docs/entra-id.md §3), so
 * a large group's member list is never built only to be thrown away. The query endpoint here is a
 * recording stand-in; the real one's handling of the parameter is QueryServerTest's and
 * QueryServiceTest's, and the end-to-end result EntraHttpQuirksIT's (quirk 14).
 */
class GroupReadsWithoutMembersIT {
    private static final String GROUP = """
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"g1","displayName":"Doors",
             "members":[{"value":"u1","type":"User"}],"meta":{"resourceType":"Group","version":"W/\\"2\\""}}""";
    private static final List<String> ASKED = new CopyOnWriteArrayList<>();
    private static HttpServer processor;
    private static IngestApiService api;
    private static String base;
    private static String token;

    @BeforeAll
    static void start() throws IOException {
        processor = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        processor.createContext("/internal/v1/tenants/", exchange -> {
            ASKED.add(exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery());
            boolean list = !exchange.getRequestURI().getPath().endsWith("/g1");
            byte[] body = (list ? "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:ListResponse\"],\"totalResults\":1,"
                    + "\"startIndex\":1,\"itemsPerPage\":1,\"Resources\":[" + GROUP + "]}" : GROUP).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/scim+json; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        processor.start();
        ConfigSource config = TestKafka.settings(Map.of(
                ConfigKeys.PROCESSOR_URL, "http://127.0.0.1:" + processor.getAddress().getPort()));
        api = IngestApiService.start(ApiConfig.from(config));
        base = "http://127.0.0.1:" + api.port() + "/scim/v2";
        TenantAdmin admin = api.tenantAdmin();
        Actor actor = Actor.system("test");
        String id = admin.create(actor, "Reads").id();
        admin.setSso(actor, id, SsoSettings.validate(SsoConfig.ENTRA_ID, UUID.randomUUID().toString(),
                List.of("reads.test"), Instant.now()));
        admin.setScimEnabled(actor, id, true);
        token = admin.generateToken(id).orElseThrow();
    }

    @AfterAll
    static void stop() {
        api.close();
        processor.stop(0);
    }

    @BeforeEach
    void forget() {
        ASKED.clear();
    }

    private static String asked(String path) {
        HttpResponse<String> response = send("GET", base + path, "Bearer " + token, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(ASKED).hasSize(1);
        return ASKED.remove(0);
    }

    @Test
    void groupReadsThatDropMembersAskForNone() {
        assertThat(asked("/Groups/g1?excludedAttributes=members")).isEqualTo("members=false");
        assertThat(asked("/Groups/g1?attributes=displayName")).isEqualTo("members=false");
        assertThat(asked("/Groups?excludedAttributes=members&filter=displayName+eq+%22Doors%22"))
                .contains("filter=").endsWith("&members=false");
        assertThat(asked("/Groups?attributes=id,displayName")).endsWith("&members=false");
    }

    @Test
    void readsThatShowMembersOrAreNotOfGroupsAskAsBefore() {
        assertThat(asked("/Groups/g1")).isEmpty();
        assertThat(asked("/Groups/g1?attributes=members.value")).isEmpty();
        assertThat(asked("/Groups?excludedAttributes=externalId")).doesNotContain("members");
        assertThat(asked("/Users/g1?excludedAttributes=members")).isEmpty();
        // And whatever was asked, members excluded means none shown.
        assertThat(json(send("GET", base + "/Groups/g1?excludedAttributes=members", "Bearer " + token, null)).has("members"))
                .isFalse();
    }
}
