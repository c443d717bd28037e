package dev.gatehouse.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.scim.ScimJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each kind of access change as a signed SCIM SET, decoded with Nimbus as a receiver would. */
class SecurityEventSignerTest {
    static final String SECRET = "0123456789abcdef0123456789abcdef";
    static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");
    private final SecurityEventSigner signer = new SecurityEventSigner(SECRET, "https://gatehouse.example", "https://doors.example/scim-events");

    static AccessChange user(long version, boolean active, boolean deleted) {
        ObjectNode state = ScimJson.mapper().createObjectNode();
        state.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:User");
        state.put("id", "u1").put("externalId", "alice-ext").put("userName", "alice@example.test").put("active", active);
        state.putArray("groups").add("g1");
        return new AccessChange("c" + version + "/u1", "acme", ResourceType.USER, "u1", version, deleted, state,
                "c" + version, Instant.parse("2026-03-01T09:59:58Z"));
    }

    static AccessChange group(long version, boolean deleted) {
        ObjectNode state = ScimJson.mapper().createObjectNode().put("id", "g1").put("displayName", "Staff");
        return new AccessChange("c" + version + "/g1", "acme", ResourceType.GROUP, "g1", version, deleted, state,
                "c" + version, Instant.parse("2026-03-01T09:59:58Z"));
    }

    private JWTClaimsSet decode(String token) throws Exception {
        SignedJWT jwt = SignedJWT.parse(token);
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
        assertThat(jwt.getHeader().getType().getType()).isEqualTo("secevent+jwt");
        assertThat(jwt.verify(new MACVerifier(SECRET.getBytes(StandardCharsets.UTF_8)))).as("signature").isTrue();
        assertThat(jwt.verify(new MACVerifier("another-secret-of-32-bytes-length".getBytes(StandardCharsets.UTF_8))))
                .as("another key").isFalse();
        return jwt.getJWTClaimsSet();
    }

    private static Map<String, Object> events(JWTClaimsSet claims) throws Exception {
        return claims.getJSONObjectClaim("events");
    }

    @Test
    void aNewUserIsCreateFullWithItsStateSubjectTenantAndVersion() throws Exception {
        JWTClaimsSet claims = decode(signer.sign(user(1, true, false), "jti-1", AT));
        assertThat(claims.getIssuer()).isEqualTo("https://gatehouse.example");
        assertThat(claims.getAudience()).containsExactly("https://doors.example/scim-events");
        assertThat(claims.getIssueTime()).isEqualTo(Date.from(AT));
        assertThat(claims.getJWTID()).isEqualTo("jti-1");
        assertThat(claims.getExpirationTime()).as("no exp").isNull();
        assertThat(claims.getSubject()).as("RFC 9967: sub_id, never sub").isNull();
        assertThat(claims.getStringClaim("txn")).isEqualTo("c1/u1");
        assertThat(claims.getDateClaim("toe")).isEqualTo(Date.from(Instant.parse("2026-03-01T09:59:58Z")));
        assertThat(claims.getJSONObjectClaim("sub_id")).containsOnly(Map.entry("format", "scim"),
                Map.entry("uri", "/Users/u1"), Map.entry("id", "u1"), Map.entry("externalId", "alice-ext"));
        assertThat(claims.getJSONObjectClaim("gatehouse")).containsEntry("tenantId", "acme").containsEntry("version", 1L);
        assertThat(events(claims)).containsOnlyKeys(ScimEvents.CREATE_FULL);
        Map<?, ?> payload = (Map<?, ?>) events(claims).get(ScimEvents.CREATE_FULL);
        assertThat(payload.get("version")).isEqualTo("W/\"1\"");
        assertThat(((Map<?, ?>) payload.get("data")).get("userName")).isEqualTo("alice@example.test");
        assertThat(((Map<?, ?>) payload.get("data")).get("groups")).isEqualTo(List.of("g1"));
    }

    @Test
    void aChangedActiveUserIsPutFullWithActivate() throws Exception {
        JWTClaimsSet claims = decode(signer.sign(user(3, true, false)));
        assertThat(events(claims)).containsOnlyKeys(ScimEvents.PUT_FULL, ScimEvents.ACTIVATE);
        assertThat(((Map<?, ?>) events(claims).get(ScimEvents.PUT_FULL)).get("version")).isEqualTo("W/\"3\"");
        assertThat(claims.getJWTID()).as("a fresh jti per token").isNotBlank()
                .isNotEqualTo(decode(signer.sign(user(3, true, false))).getJWTID());
    }

    @Test
    void aDisabledUserIsPutFullWithDeactivateAndItsInactiveState() throws Exception {
        JWTClaimsSet claims = decode(signer.sign(user(2, false, false)));
        assertThat(events(claims)).containsOnlyKeys(ScimEvents.PUT_FULL, ScimEvents.DEACTIVATE);
        Map<?, ?> data = (Map<?, ?>) ((Map<?, ?>) events(claims).get(ScimEvents.PUT_FULL)).get("data");
        assertThat(data.get("active")).isEqualTo(false);
        JWTClaimsSet createdDisabled = decode(signer.sign(user(1, false, false)));
        assertThat(events(createdDisabled)).containsOnlyKeys(ScimEvents.CREATE_FULL, ScimEvents.DEACTIVATE);
    }

    @Test
    void aDeletedUserIsDeleteWithNoPayloadButItsVersion() throws Exception {
        JWTClaimsSet claims = decode(signer.sign(user(4, true, true)));
        assertThat(events(claims)).containsOnlyKeys(ScimEvents.DELETE);
        assertThat((Map<?, ?>) events(claims).get(ScimEvents.DELETE)).isEmpty();
        assertThat(claims.getJSONObjectClaim("gatehouse")).containsEntry("version", 4L);
    }

    @Test
    void groupsAreCreatePutAndDeleteWithoutActivation() throws Exception {
        JWTClaimsSet created = decode(signer.sign(group(1, false)));
        assertThat(events(created)).containsOnlyKeys(ScimEvents.CREATE_FULL);
        assertThat(created.getJSONObjectClaim("sub_id")).containsEntry("uri", "/Groups/g1");
        assertThat(events(decode(signer.sign(group(2, false))))).containsOnlyKeys(ScimEvents.PUT_FULL);
        assertThat(events(decode(signer.sign(group(3, true))))).containsOnlyKeys(ScimEvents.DELETE);
    }

    @Test
    void aShortSecretOrABadIssuerIsRefusedWithoutShowingTheSecret() {
        assertThatThrownBy(() -> new SecurityEventSigner("short-secret", "gatehouse", "doors"))
                .hasMessageContaining("at least 32 bytes").hasMessageNotContaining("short-secret");
        assertThatThrownBy(() -> new SecurityEventSigner(SECRET, " ", "doors")).hasMessageContaining("issuer is required");
        assertThatThrownBy(() -> new SecurityEventSigner(SECRET, "gatehouse", "not a uri: x"))
                .hasMessageContaining("audience");
        assertThat(signer.toString()).doesNotContain(SECRET).contains("redacted");
    }
}
