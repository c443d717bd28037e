package dev.gatehouse.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import dev.gatehouse.launcher.TestStack;
import dev.gatehouse.pipeline.Topics;
import dev.gatehouse.pipeline.config.KafkaConfig;
import dev.gatehouse.scim.ScimJson;
import dev.gatehouse.testkit.TopicRecords;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Console sign-in with an organization's own OpenID Connect provider, over HTTP on the whole stack
 * against a real provider (mock-oauth2-server), every redirect followed by hand: the login's redirect
 * and each of its parameters, the provider's answer, the callback, the session. Owners manage their
 * organization; viewers only read; a member of one organization is refused every route of another and
 * every deployment-wide route; non-members, a tampered state, a token for another client or with
 * another nonce are refused with an HTML page; the client secret is never shown nor written in clear.
 */
class ConsoleSignInIT {
    @RegisterExtension
    static final TestStack stack = TestStack.perClass();
    private static final String OWNER = "Owner@Acme.example";
    private static final String VIEWER = "viewer@acme.example";
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static OrganizationIdp idp;
    private static String orgA;
    private static String orgB;

    @BeforeAll
    static void organizations() {
        idp = new OrganizationIdp();
        orgA = idp.organization(stack, "Acme " + UUID.randomUUID(), Map.of(OWNER, "owner", VIEWER, "viewer"));
        orgB = idp.organization(stack, "Other " + UUID.randomUUID(), Map.of("someone@other.example", "owner"));
    }

    @AfterAll
    static void stopIdp() {
        idp.close();
    }

    /** A signed-in console member: their session cookie and CSRF token. */
    record Member(String cookie, String csrf) {
        HttpResponse<String> call(String method, String path, String body) {
            return send(method, stack.base() + path, body, "Cookie", cookie, "X-CSRF-Token", csrf);
        }
    }

    @Test
    void anOwnerSignsInWithTheOrganizationsProviderAndManagesIt() {
        HttpResponse<String> login = get(stack.base() + "/console/sso/login?organization=" + orgA);
        assertThat(login.statusCode()).isEqualTo(302);
        URI authorize = URI.create(login.headers().firstValue("Location").orElseThrow());
        assertThat(authorize.toString()).startsWith(idp.issuer() + "/authorize?");
        Map<String, String> query = query(authorize);
        assertThat(query).containsEntry("response_type", "code").containsEntry("client_id", OrganizationIdp.CLIENT_ID)
                .containsEntry("redirect_uri", stack.base() + "/console/sso/callback")
                .containsEntry("scope", "openid email profile").containsEntry("code_challenge_method", "S256");
        assertThat(query.get("state")).hasSizeGreaterThanOrEqualTo(20);
        assertThat(query.get("nonce")).hasSizeGreaterThanOrEqualTo(20);
        assertThat(query.get("code_challenge")).matches("[A-Za-z0-9_-]{43}");
        String stateCookie = setCookie(login, "gh_sso");
        assertThat(login.headers().allValues("Set-Cookie").get(0)).contains("HttpOnly").contains("SameSite=Lax")
                .contains("Path=/console/sso").contains("Max-Age=600");
        assertThat(stateCookie).doesNotContain(query.get("state")).doesNotContain(query.get("nonce"));

        Member owner = signIn(orgA, OWNER);
        JsonNode session = json(owner.call("GET", "/console/api/session", null));
        assertThat(session.get("role").asText()).isEqualTo("owner");
        assertThat(session.get("organization").asText()).isEqualTo(orgA);
        assertThat(session.get("email").asText()).isEqualTo("owner@acme.example");

        String tenant = "/admin/v1/tenants/" + orgA;
        assertThat(owner.call("GET", tenant, null).statusCode()).isEqualTo(200);
        assertThat(owner.call("PUT", tenant + "/scim", "{\"enabled\":true}").statusCode()).isEqualTo(200);
        assertThat(owner.call("POST", tenant + "/scim/token", null).statusCode()).isEqualTo(201);
        assertThat(owner.call("POST", tenant + "/scim/clients", "{}").statusCode()).isEqualTo(201);
        HttpResponse<String> members = owner.call("PUT", tenant + "/console-members",
                "[{\"email\":\"" + OWNER + "\",\"role\":\"owner\"},{\"email\":\"" + VIEWER + "\",\"role\":\"viewer\"},"
                        + "{\"email\":\" New.Person@Acme.example \",\"role\":\"Viewer\"}]");
        assertThat(members.statusCode()).as(members.body()).isEqualTo(200);
        assertThat(json(members).get("members").toString()).contains("\"new.person@acme.example\"").contains("\"viewer\"");
        // The secret is kept when the issuer and client stay the same.
        JsonNode current = json(owner.call("GET", tenant, null)).get("sso");
        HttpResponse<String> sso = owner.call("PUT", tenant + "/sso", "{\"provider\":\"oidc\",\"issuer\":\""
                + idp.issuer() + "\",\"clientId\":\"" + OrganizationIdp.CLIENT_ID + "\",\"domains\":"
                + current.get("domains") + "}");
        assertThat(sso.statusCode()).as(sso.body()).isEqualTo(200);
        assertThat(json(sso).get("sso").get("clientSecretSet").asBoolean()).isTrue();

        // The audit log names the member.
        HttpResponse<String> audit = owner.call("GET", tenant + "/audit?limit=50", null);
        assertThat(audit.body()).contains("member:owner@acme.example").contains("console-members.set")
                .contains("console.sign-in");
    }

    @Test
    void aViewerReadsButEveryChangeIsRefused() {
        Member viewer = signIn(orgA, VIEWER);
        assertThat(json(viewer.call("GET", "/console/api/session", null)).get("role").asText()).isEqualTo("viewer");
        String tenant = "/admin/v1/tenants/" + orgA;
        for (String path : List.of(tenant, tenant + "/console-members", tenant + "/audit", tenant + "/activity",
                tenant + "/door-status", tenant + "/scim/clients", tenant + "/users?search=someone", tenant + "/health",
                tenant + "/dead-letters", tenant + "/users/" + UUID.randomUUID() + "/timeline")) {
            assertThat(viewer.call("GET", path, null).statusCode()).as(path).isEqualTo(200);
        }
        for (String[] write : writes(orgA)) {
            HttpResponse<String> refused = viewer.call(write[0], write[1], write[2]);
            assertThat(refused.statusCode()).as(write[0] + " " + write[1]).isEqualTo(403);
            assertThat(refused.body()).contains("viewer");
        }
    }

    @Test
    void aMemberOfOneOrganizationIsRefusedEveryOtherOrganizationAndTheDeploymentsRoutes() {
        Member owner = signIn(orgA, OWNER);
        String other = "/admin/v1/tenants/" + orgB;
        List<String[]> calls = new java.util.ArrayList<>(writes(orgB));
        for (String path : List.of(other, other + "/console-members", other + "/audit", other + "/activity",
                other + "/door-status", other + "/scim/clients", other + "/users", other + "/health",
                other + "/dead-letters", other + "/users/" + UUID.randomUUID() + "/timeline", "/admin/v1/tenants",
                "/admin/v1/audit")) {
            calls.add(new String[] {"GET", path, null});
        }
        calls.add(new String[] {"POST", "/admin/v1/tenants", "{\"name\":\"Mine now\"}"});
        calls.add(new String[] {"GET", "/admin/v1/tenants/" + orgA.toUpperCase(), null});
        for (String[] call : calls) {
            HttpResponse<String> refused = owner.call(call[0], call[1], call[2]);
            assertThat(refused.statusCode()).as(call[0] + " " + call[1]).isEqualTo(403);
        }
        assertThat(stack.admin("GET", other + "/console-members", null).body()).contains("someone@other.example")
                .doesNotContain("owner@acme.example");
    }

    @Test
    void aPersonTheOrganizationDoesNotListIsRefused() {
        HttpResponse<String> refused = attempt(orgA, UnaryOperator.identity(), () -> idp.nextSignIn("stranger@acme.example"));
        assertRefusalPage(refused, "not a member of this organization's console; ask an owner");
        assertThat(refused.headers().allValues("Set-Cookie").toString()).doesNotContain("gh_console=");
    }

    @Test
    void aTamperedStateAMissingAttemptAnotherAudienceAndAnotherNonceAreRefused() {
        assertRefusalPage(attempt(orgA, url -> url.replaceFirst("state=[^&]+", "state=forged"), () -> idp.nextSignIn(OWNER)),
                "state does not match");
        assertRefusalPage(attempt(orgA, url -> url + "#no-cookie", () -> idp.nextSignIn(OWNER)), "expired");
        // A provider that signs what the test asks: a token for another client, or for another attempt, is refused.
        try (HandMadeIdp handMade = new HandMadeIdp()) {
            String org = OrganizationIdp.organization(stack, "Hand-made " + UUID.randomUUID(), Map.of(OWNER, "owner"),
                    handMade.issuer());
            handMade.nextToken(OWNER, "another-client", null);
            assertRefusalPage(attempt(org, UnaryOperator.identity(), () -> { }), "did not validate");
            handMade.nextToken(OWNER, OrganizationIdp.CLIENT_ID, "another-nonce");
            assertRefusalPage(attempt(org, UnaryOperator.identity(), () -> { }), "did not validate");
            // Its own client and the attempt's nonce are admitted: the refusals above are the audience's and the nonce's.
            handMade.nextToken(OWNER, OrganizationIdp.CLIENT_ID, null);
            HttpResponse<String> admitted = attempt(org, UnaryOperator.identity(), () -> { });
            assertThat(admitted.statusCode()).as(admitted.body()).isEqualTo(302);
        } catch (IOException | JOSEException e) {
            throw new AssertionError(e);
        }
        assertRefusalPage(get(stack.base() + "/console/sso/callback?error=access_denied&state=x"), "expired");
    }

    @Test
    void unknownOrganizationsAndOrganizationsWithoutSignInGetARefusalPage() {
        HttpResponse<String> unknown = get(stack.base() + "/console/sso/login?organization=" + UUID.randomUUID());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        String plain = stack.newTenant("No sign-in " + UUID.randomUUID()).id();
        HttpResponse<String> notSetUp = get(stack.base() + "/console/sso/login?organization=" + plain);
        assertThat(notSetUp.statusCode()).isEqualTo(409);
        assertThat(notSetUp.body()).contains("has not set up console sign-in");
        assertThat(get(stack.base() + "/console/sso/login").statusCode()).isEqualTo(400);
    }

    @Test
    void theClientSecretIsNeverShownNorWrittenInClear() {
        for (HttpResponse<String> answer : List.of(stack.admin("GET", "/admin/v1/tenants/" + orgA, null),
                stack.admin("GET", "/admin/v1/tenants", null), stack.admin("GET", "/admin/v1/audit?limit=500", null),
                stack.admin("GET", "/admin/v1/tenants/" + orgA + "/audit?limit=500", null))) {
            assertThat(answer.body()).doesNotContain(OrganizationIdp.CLIENT_SECRET);
        }
        JsonNode sso = json(stack.admin("GET", "/admin/v1/tenants/" + orgA, null)).get("sso");
        assertThat(sso.get("clientId").asText()).isEqualTo(OrganizationIdp.CLIENT_ID);
        assertThat(sso.get("clientSecretSet").asBoolean()).isTrue();
        assertThat(sso.has("clientSecretEncrypted")).isFalse();
        String topic = tenantsTopic();
        assertThat(topic).contains(orgA).contains("\"clientSecretEncrypted\":\"v1.")
                .doesNotContain(OrganizationIdp.CLIENT_SECRET);
    }

    /** The state-changing routes an owner may call on {@code org}'s. */
    private static List<String[]> writes(String org) {
        String tenant = "/admin/v1/tenants/" + org;
        return List.of(
                new String[] {"PUT", tenant + "/sso", "{\"provider\":\"oidc\",\"issuer\":\"https://idp.example\","
                        + "\"clientId\":\"x\",\"clientSecret\":\"y\",\"domains\":[\"taken.example\"]}"},
                new String[] {"PUT", tenant + "/scim", "{\"enabled\":false}"},
                new String[] {"POST", tenant + "/scim/token", null},
                new String[] {"PUT", tenant + "/console-members", "[{\"email\":\"me@x.example\",\"role\":\"owner\"}]"},
                new String[] {"POST", tenant + "/scim/clients", "{}"},
                new String[] {"POST", tenant + "/dead-letters/redrive", "{\"connector\":\"webhook\"}"});
    }

    private static Member signIn(String organization, String email) {
        HttpResponse<String> done = attempt(organization, UnaryOperator.identity(), () -> idp.nextSignIn(email));
        assertThat(done.statusCode()).as(done.body()).isEqualTo(302);
        assertThat(done.headers().firstValue("Location")).contains("/console");
        String cookie = setCookie(done, "gh_console");
        assertThat(done.headers().allValues("Set-Cookie").toString()).contains("HttpOnly").contains("SameSite=Strict");
        String csrf = json(send("GET", stack.base() + "/console/api/session", null, "Cookie", cookie)).get("csrfToken").asText();
        return new Member(cookie, csrf);
    }

    /**
     * One sign-in: the login, the provider's authorization endpoint (which signs in whoever {@code enqueue}
     * names), then the callback it redirects to, changed by {@code callback} (a URL ending in
     * {@code #no-cookie} is sent without the attempt's cookie); the callback's answer.
     */
    private static HttpResponse<String> attempt(String organization, UnaryOperator<String> callback, Runnable enqueue) {
        HttpResponse<String> login = get(stack.base() + "/console/sso/login?organization=" + organization);
        assertThat(login.statusCode()).as(login.body()).isEqualTo(302);
        String stateCookie = setCookie(login, "gh_sso");
        enqueue.run();
        HttpResponse<String> authorized = get(login.headers().firstValue("Location").orElseThrow());
        assertThat(authorized.statusCode()).as(authorized.body()).isEqualTo(302);
        String back = callback.apply(authorized.headers().firstValue("Location").orElseThrow());
        assertThat(back).startsWith(stack.base() + "/console/sso/callback?");
        if (back.endsWith("#no-cookie")) {
            return get(back.substring(0, back.length() - "#no-cookie".length()));
        }
        return send("GET", back, null, "Cookie", stateCookie);
    }

    private static void assertRefusalPage(HttpResponse<String> answer, String says) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(403);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(answer.body()).contains("Sign-in refused").contains(says);
    }

    private static String setCookie(HttpResponse<String> answer, String name) {
        return answer.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "="))
                .map(c -> c.substring(0, c.indexOf(';'))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " cookie in " + answer.headers().map()));
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return query;
    }

    private static String tenantsTopic() {
        KafkaConfig kafka = KafkaConfig.from(stack.config());
        StringBuilder all = new StringBuilder();
        for (ConsumerRecord<String, byte[]> record : TopicRecords.all(kafka, Topics.from(kafka).tenants())) {
            if (record.value() != null) {
                all.append(new String(record.value(), StandardCharsets.UTF_8)).append('\n');
            }
        }
        return all.toString();
    }

    private static HttpResponse<String> get(String url) {
        return send("GET", url, null);
    }

    private static HttpResponse<String> send(String method, String url, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(method + " " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static JsonNode json(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isLessThan(300);
        try {
            return ScimJson.mapper().readTree(answer.body());
        } catch (IOException e) {
            throw new AssertionError(answer.body(), e);
        }
    }
}
