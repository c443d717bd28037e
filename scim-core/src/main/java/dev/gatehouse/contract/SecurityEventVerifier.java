package dev.gatehouse.contract;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * What a receiver of Gatehouse's Security Event Tokens checks, in order, each failure naming its
 * RFC 8935 error code: the body is a compact JWS with {@code typ: secevent+jwt}
 * ({@code invalid_request}); it is HS256 and its signature verifies with the shared secret
 * ({@code invalid_key}); {@code aud} names this receiver ({@code invalid_audience}); {@code iss} is
 * present and, when one is expected, the expected one ({@code invalid_issuer}); {@code iat} and
 * {@code jti} are present and an {@code exp}, if any, has not passed ({@code invalid_request}); then
 * {@link ScimEvents#change} reads the event. The secret lives only inside the Nimbus verifier.
 */
public final class SecurityEventVerifier {
    private final MACVerifier verifier;
    private final String audience;
    private final Optional<String> issuer;

    /** @throws IllegalArgumentException when the secret is too short for HS256 or audience is blank */
    public SecurityEventVerifier(String secret, String audience, Optional<String> issuer) {
        try {
            this.verifier = new MACVerifier(SecurityEventSigner.macSigner(secret).getSecret());
        } catch (JOSEException e) {
            throw new IllegalArgumentException("the SET secret is not an HS256 key", e);
        }
        this.audience = SecurityEventSigner.stringOrUri("audience", audience);
        this.issuer = issuer;
    }

    /** The change the token describes, once it passed every check. */
    public AccessChange verify(String token) throws SecurityEventRejected {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token == null ? "" : token.trim());
        } catch (ParseException e) {
            throw new SecurityEventRejected(SecurityEventRejected.INVALID_REQUEST, "the body is not a signed JWT (compact JWS)");
        }
        if (!ScimEvents.TYPE.equals(jwt.getHeader().getType())) {
            throw new SecurityEventRejected(SecurityEventRejected.INVALID_REQUEST, "the JWS typ must be secevent+jwt");
        }
        if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
            throw new SecurityEventRejected(SecurityEventRejected.INVALID_KEY,
                    "signed with " + jwt.getHeader().getAlgorithm() + "; this receiver accepts HS256 only");
        }
        boolean valid;
        try {
            valid = jwt.verify(verifier);
        } catch (JOSEException e) {
            valid = false;
        }
        if (!valid) {
            throw new SecurityEventRejected(SecurityEventRejected.INVALID_KEY, "the signature does not verify with this receiver's key");
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new SecurityEventRejected(SecurityEventRejected.INVALID_REQUEST, "the payload is not a JWT claims set");
        }
        List<String> audiences = claims.getAudience();
        if (audiences == null || !audiences.contains(audience)) {
            throw new SecurityEventRejected(SecurityEventRejected.INVALID_AUDIENCE, "the SET's aud does not name this receiver");
        }
        if (claims.getIssuer() == null) {
            throw new SecurityEventRejected(SecurityEventRejected.INVALID_ISSUER, "the SET has no iss");
        }
        if (issuer.isPresent() && !issuer.get().equals(claims.getIssuer())) {
            throw new SecurityEventRejected(SecurityEventRejected.INVALID_ISSUER, "the SET's iss is not the expected issuer");
        }
        if (claims.getIssueTime() == null || claims.getJWTID() == null) {
            throw new SecurityEventRejected(SecurityEventRejected.INVALID_REQUEST, "a SET needs iat and jti");
        }
        Date exp = claims.getExpirationTime();
        if (exp != null && exp.toInstant().isBefore(Instant.now())) {
            throw new SecurityEventRejected(SecurityEventRejected.INVALID_REQUEST, "the SET has expired");
        }
        return ScimEvents.change(claims);
    }

    @Override
    public String toString() {
        return "SecurityEventVerifier[HS256, aud=" + audience + ", secret=<redacted>]";
    }
}
