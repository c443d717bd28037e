package dev.gatehouse.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import dev.gatehouse.kafka.FreePorts;
import dev.gatehouse.launcher.TestStack;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;

/**
 * A real OpenID Connect provider for console sign-in tests (NAV's mock-oauth2-server, in the test's JVM,
 * non-interactive: its authorization endpoint signs in whoever the next enqueued token names), and
 * organizations set up to sign in with it: SSO {@code oidc} with its issuer, a client id and secret, and
 * console members.
 */
final class OrganizationIdp implements AutoCloseable {
    static final String CLIENT_ID = "gatehouse-console";
    static final String CLIENT_SECRET = "idp-client-secret-" + UUID.randomUUID();

    private final MockOAuth2Server server = new MockOAuth2Server();
    private final String issuerId = "org-" + UUID.randomUUID().toString().substring(0, 8);

    OrganizationIdp() {
        try {
            server.start(InetAddress.getByName("127.0.0.1"), FreePorts.next());
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    String issuer() {
        return server.issuerUrl(issuerId).toString().replaceAll("/$", "");
    }

    /** The next token the provider issues: for {@code email} (verified), to the console's client. */
    void nextSignIn(String email) {
        server.enqueueCallback(new DefaultOAuth2TokenCallback(issuerId, UUID.randomUUID().toString(),
                JOSEObjectType.JWT.getType(), List.of(CLIENT_ID), Map.of("email", email, "email_verified", true), 3600));
    }

    /**
     * A new organization (SCIM on, with a token) that signs in with this provider, with {@code members}
     * ({@code email → role}); its id.
     */
    String organization(TestStack stack, String name, Map<String, String> members) {
        return organization(stack, name, members, issuer());
    }

    /** As above, signing in with the provider at {@code issuer}. */
    static String organization(TestStack stack, String name, Map<String, String> members, String issuer) {
        String id = stack.newTenant(name).id();
        String domain = "o" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
        HttpResponse<String> sso = stack.admin("PUT", "/admin/v1/tenants/" + id + "/sso",
                "{\"provider\":\"oidc\",\"issuer\":\"" + issuer + "\",\"clientId\":\"" + CLIENT_ID
                        + "\",\"clientSecret\":\"" + CLIENT_SECRET + "\",\"domains\":[\"" + domain + "\"]}");
        assertThat(sso.statusCode()).as(sso.body()).isEqualTo(200);
        StringBuilder list = new StringBuilder("[");
        members.forEach((email, role) -> list.append(list.length() > 1 ? "," : "")
                .append("{\"email\":\"").append(email).append("\",\"role\":\"").append(role).append("\"}"));
        HttpResponse<String> set = stack.admin("PUT", "/admin/v1/tenants/" + id + "/console-members", list + "]");
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        return id;
    }

    @Override
    public void close() {
        server.shutdown();
    }
}
