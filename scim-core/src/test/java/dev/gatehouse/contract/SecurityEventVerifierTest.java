package dev.gatehouse.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** A receiver's checks of a SET, each failure with its RFC 8935 error code, and the change read back. */
class SecurityEventVerifierTest {
    private static final String SECRET = SecurityEventSignerTest.SECRET;
    private static final String AUD = "https://doors.example/scim-events";
    private final SecurityEventSigner signer = new SecurityEventSigner(SECRET, "https://gatehouse.example", AUD);
    private final SecurityEventVerifier verifier = new SecurityEventVerifier(SECRET, AUD, Optional.of("https://gatehouse.example"));

    @Test
    void readsBackTheChangeItWasSignedFrom() throws Exception {
        AccessChange disabled = SecurityEventSignerTest.user(2, false, false);
        AccessChange read = verifier.verify(signer.sign(disabled));
        assertThat(read.tenantId()).isEqualTo("acme");
        assertThat(read.resourceType()).isEqualTo(ResourceType.USER);
        assertThat(read.resourceId()).isEqualTo("u1");
        assertThat(read.version()).isEqualTo(2);
        assertThat(read.eventId()).as("txn").isEqualTo("c2/u1");
        assertThat(read.state()).isEqualTo(disabled.state());
        assertThat(read.userActive()).isFalse();
        AccessChange deleted = verifier.verify(signer.sign(SecurityEventSignerTest.group(5, true)));
        assertThat(deleted.deleted()).isTrue();
        assertThat(deleted.resourceType()).isEqualTo(ResourceType.GROUP);
        assertThat(deleted.version()).isEqualTo(5);
    }

    @Test
    void aWrongKeyAudienceOrIssuerIsRefusedWithItsCode() {
        String token = signer.sign(SecurityEventSignerTest.user(1, true, false));
        String otherKey = "ffffffffffffffffffffffffffffffff";
        rejected(() -> new SecurityEventVerifier(otherKey, AUD, Optional.empty()).verify(token), "invalid_key");
        rejected(() -> new SecurityEventVerifier(SECRET, "https://other-doors.example", Optional.empty()).verify(token), "invalid_audience");
        rejected(() -> new SecurityEventVerifier(SECRET, AUD, Optional.of("https://evil.example")).verify(token), "invalid_issuer");
        String tampered = token.substring(0, token.lastIndexOf('.') - 2) + "xx" + token.substring(token.lastIndexOf('.'));
        rejected(() -> verifier.verify(tampered), "invalid_key");
    }

    @Test
    void somethingThatIsNoSetIsAnInvalidRequest() throws Exception {
        rejected(() -> verifier.verify("not a token"), "invalid_request");
        rejected(() -> verifier.verify(""), "invalid_request");
        JWTClaimsSet noEvents = new JWTClaimsSet.Builder().issuer("https://gatehouse.example").audience(AUD).jwtID("j")
                .issueTime(new java.util.Date()).build();
        rejected(() -> verifier.verify(sign(noEvents, ScimEvents.TYPE)), "invalid_request");
        JWTClaimsSet ok = ScimEvents.claims(SecurityEventSignerTest.user(1, true, false), "https://gatehouse.example", AUD, "j", Instant.now());
        rejected(() -> verifier.verify(sign(ok, JOSEObjectType.JWT)), "invalid_request");
        JWTClaimsSet contradicting = new JWTClaimsSet.Builder(ok)
                .claim("events", Map.of(ScimEvents.CREATE_FULL, Map.of("data", Map.of("active", true)), ScimEvents.DEACTIVATE, Map.of()))
                .build();
        rejected(() -> verifier.verify(sign(contradicting, ScimEvents.TYPE)), "invalid_request");
    }

    @Test
    void onlyAnHs256SignatureWithTheClaimsOfASetIsAccepted() throws Exception {
        JWTClaimsSet ok = ScimEvents.claims(SecurityEventSignerTest.user(1, true, false), "https://gatehouse.example", AUD, "j", Instant.now());
        // alg none: the same claims, unsigned.
        String unsigned = new com.nimbusds.jwt.PlainJWT(new com.nimbusds.jose.PlainHeader.Builder().type(ScimEvents.TYPE).build(), ok)
                .serialize();
        assertThatThrownBy(() -> verifier.verify(unsigned)).isInstanceOf(SecurityEventRejected.class);
        // Another MAC algorithm with the same secret (it is long enough for HS384).
        SignedJWT hs384 = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS384).type(ScimEvents.TYPE).build(), ok);
        hs384.sign(new MACSigner((SECRET + SECRET).getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> verifier.verify(hs384.serialize())).isInstanceOf(SecurityEventRejected.class);
        // A SET must say when it was issued and carry an id.
        rejected(() -> verifier.verify(sign(new JWTClaimsSet.Builder(ok).issueTime(null).build(), ScimEvents.TYPE)), "invalid_request");
        rejected(() -> verifier.verify(sign(new JWTClaimsSet.Builder(ok).jwtID(null).build(), ScimEvents.TYPE)), "invalid_request");
        assertThat(verifier.verify(sign(ok, ScimEvents.TYPE)).resourceId()).as("the same claims, signed HS256").isEqualTo("u1");
    }

    @Test
    void eventUrisOfTheDraftsCapitalisationAreRead() throws Exception {
        JWTClaimsSet claims = ScimEvents.claims(SecurityEventSignerTest.group(1, false), "https://gatehouse.example", AUD, "j", Instant.now());
        JWTClaimsSet upper = new JWTClaimsSet.Builder(claims).claim("events", Map.of(
                "urn:ietf:params:SCIM:event:prov:create:full", claims.getJSONObjectClaim("events").get(ScimEvents.CREATE_FULL))).build();
        assertThat(verifier.verify(sign(upper, ScimEvents.TYPE)).resourceId()).isEqualTo("g1");
    }

    private static String sign(JWTClaimsSet claims, JOSEObjectType type) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(type).build(), claims);
        jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    private static void rejected(ThrowingCallable call, String err) {
        assertThatThrownBy(call).isInstanceOf(SecurityEventRejected.class)
                .satisfies(e -> assertThat(((SecurityEventRejected) e).err()).isEqualTo(err));
    }
}
