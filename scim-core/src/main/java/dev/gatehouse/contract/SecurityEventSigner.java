package dev.gatehouse.contract;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * Signs access changes as SCIM Security Event Tokens ({@link ScimEvents}): a JWS, HS256 keyed with
 * the connector's shared secret, header {@code typ: secevent+jwt}, claims {@code iss}, {@code iat},
 * a fresh {@code jti} per token, {@code aud}, and no {@code exp} (RFC 8417 §2.2 has none: order and
 * staleness are decided by the resource version, not by a token's age). The secret lives only inside
 * the Nimbus signer and is never shown.
 */
public final class SecurityEventSigner {
    /** HS256 needs a key at least as long as its hash (RFC 7518 §3.2). */
    public static final int MIN_SECRET_BYTES = 32;

    private final MACSigner signer;
    private final String issuer;
    private final String audience;

    /**
     * @throws IllegalArgumentException when the secret is shorter than {@value #MIN_SECRET_BYTES} bytes,
     *     or issuer or audience is blank or not a valid StringOrURI (a value with ':' must be a URI)
     */
    public SecurityEventSigner(String secret, String issuer, String audience) {
        this.signer = macSigner(secret);
        this.issuer = stringOrUri("issuer", issuer);
        this.audience = stringOrUri("audience", audience);
    }

    /** The compact JWS of the SET for {@code change}, with a new jti, issued now. */
    public String sign(AccessChange change) {
        return sign(change, UUID.randomUUID().toString().replace("-", ""), Instant.now());
    }

    /** The compact JWS of the SET for {@code change} with the given jti and issue time. */
    public String sign(AccessChange change, String jti, Instant issuedAt) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(ScimEvents.TYPE).build(),
                ScimEvents.claims(change, issuer, audience, jti, issuedAt));
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("HS256 signing failed", e);
        }
        return jwt.serialize();
    }

    static MACSigner macSigner(String secret) {
        if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("a SET secret must be at least " + MIN_SECRET_BYTES
                    + " bytes (256 bits) for HS256");
        }
        try {
            return new MACSigner(secret.getBytes(StandardCharsets.UTF_8));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("the SET secret is not an HS256 key", e);
        }
    }

    /** RFC 7519 §2 StringOrURI: any string, but one containing ':' must be a URI. */
    static String stringOrUri(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " is required");
        }
        if (value.contains(":")) {
            try {
                URI uri = new URI(value);
                if (uri.getScheme() == null) {
                    throw new IllegalArgumentException(what + " " + value + " contains ':' but is no URI");
                }
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(what + " " + value + " contains ':' but is no URI: " + e.getReason());
            }
        }
        return value;
    }

    @Override
    public String toString() {
        return "SecurityEventSigner[HS256, iss=" + issuer + ", aud=" + audience + ", secret=<redacted>]";
    }
}
