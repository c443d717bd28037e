package dev.gatehouse.api.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.gatehouse.contract.ScimClient.Federation;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a client assertion of workload identity federation (RFC 7523 §2.2, as Entra ID posts it): a
 * JWT signed by one of the issuer's keys, fetched from the federation's JWKS URI and cached by
 * {@code kid} (an unknown {@code kid} refetches the set, at most once per {@link #refetchInterval}, so
 * a key rotation is picked up and a flood of made-up ids cannot hammer the issuer), with exactly the
 * federation's {@code iss}, {@code sub} and an {@code aud} containing its audience, unexpired
 * ({@code exp} required; {@code exp} and {@code nbf} with one minute of clock skew). Signature and
 * claims checks are Nimbus JOSE+JWT's.
 */
public final class FederatedAssertions {
    /** RFC 7523 §2.2's {@code client_assertion_type}. */
    public static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    /** An assertion longer than this is refused unread. */
    public static final int MAX_ASSERTION_CHARS = 16 * 1024;
    /** Signature algorithms accepted: asymmetric only (a federated issuer shares no secret with us). */
    public static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384,
            JWSAlgorithm.ES512);
    private static final int MAX_CLOCK_SKEW_SECONDS = 60;
    private static final int FETCH_TIMEOUT_MS = 3_000;
    private static final int MAX_JWKS_BYTES = 256 * 1024;
    private static final Duration CACHE_TIME = Duration.ofMinutes(15);
    /** Key sets held at once (one per JWKS URI); the least recently used goes first. */
    private static final int MAX_SOURCES = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(FederatedAssertions.class);

    private final Duration refetchInterval;
    private final Map<String, JWKSource<SecurityContext>> sources = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, JWKSource<SecurityContext>> eldest) {
            return size() > MAX_SOURCES;
        }
    };

    /** Refetching a key set for an unknown {@code kid} at most once per {@code refetchInterval}. */
    public FederatedAssertions(Duration refetchInterval) {
        this.refetchInterval = refetchInterval;
    }

    /** Thrown when an assertion is refused; the message is safe to show to the client. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** Verifies {@code assertion} against {@code federation}, or says why not. */
    public void verify(String assertion, Federation federation) throws Refused {
        if (assertion.length() > MAX_ASSERTION_CHARS) {
            throw new Refused("the client assertion is longer than " + MAX_ASSERTION_CHARS + " characters");
        }
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, source(federation.jwksUri())));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(federation.audience(),
                new JWTClaimsSet.Builder().issuer(federation.issuer()).subject(federation.subject()).build(), Set.of("exp"));
        claims.setMaxClockSkew(MAX_CLOCK_SKEW_SECONDS);
        processor.setJWTClaimsSetVerifier(claims);
        try {
            processor.process(assertion, null);
        } catch (ParseException e) {
            throw new Refused("the client assertion is not a signed JWT");
        } catch (BadJWTException e) {
            // Nimbus's messages name the expected values; the client is told which check failed, not them.
            LOG.info("federated client assertion refused: {}", e.getMessage());
            throw new Refused("the client assertion's claims do not match the client's federation "
                    + "(iss, sub and aud must match exactly) or it has expired");
        } catch (RateLimitReachedException e) {
            // An unknown kid, and the key set was fetched moments ago: the key is not the issuer's (yet).
            throw new Refused("the client assertion's key id is not among the issuer's published keys");
        } catch (KeySourceException e) {
            LOG.warn("the signing keys at {} could not be fetched: {}", federation.jwksUri(), e.toString());
            throw new Refused("the issuer's signing keys could not be fetched from the federation's JWKS URI");
        } catch (BadJOSEException | JOSEException e) {
            LOG.info("federated client assertion refused: {}", e.getMessage());
            throw new Refused("the client assertion's signature does not verify with the issuer's published keys");
        }
    }

    private synchronized JWKSource<SecurityContext> source(String jwksUri) throws Refused {
        JWKSource<SecurityContext> source = sources.get(jwksUri);
        if (source == null) {
            try {
                source = JWKSourceBuilder.<SecurityContext>create(URI.create(jwksUri).toURL(),
                                new DefaultResourceRetriever(FETCH_TIMEOUT_MS, FETCH_TIMEOUT_MS, MAX_JWKS_BYTES))
                        .cache(CACHE_TIME.toMillis(), FETCH_TIMEOUT_MS)
                        .rateLimited(refetchInterval.toMillis())
                        .refreshAheadCache(false)
                        .retrying(false)
                        .build();
            } catch (MalformedURLException | IllegalArgumentException e) {
                throw new Refused("the federation's JWKS URI is not a URL");
            }
            sources.put(jwksUri, source);
        }
        return source;
    }
}
