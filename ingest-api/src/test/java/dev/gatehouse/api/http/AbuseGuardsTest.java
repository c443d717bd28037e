package dev.gatehouse.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The throttle, rate limit and console sessions on controlled clocks: no waiting, no timing. */
class AbuseGuardsTest {
    private final AtomicLong millis = new AtomicLong(1_000_000);
    private final AtomicLong nanos = new AtomicLong(0);

    @Test
    void anAddressIsBlockedAfterItsFreeFailuresUntilTheWindowEnds() {
        AuthThrottle throttle = new AuthThrottle(3, 60_000, millis::get);
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.retryAfterSeconds("10.0.0.1")).isZero();
            throttle.failed("10.0.0.1");
        }
        assertThat(throttle.retryAfterSeconds("10.0.0.1")).isEqualTo(60);
        assertThat(throttle.retryAfterSeconds("10.0.0.2")).as("other addresses are unaffected").isZero();
        millis.addAndGet(59_500);
        assertThat(throttle.retryAfterSeconds("10.0.0.1")).isEqualTo(1);
        millis.addAndGet(500);
        assertThat(throttle.retryAfterSeconds("10.0.0.1")).isZero();
        throttle.failed("10.0.0.1");
        assertThat(throttle.retryAfterSeconds("10.0.0.1")).as("a new window starts from one failure").isZero();
    }

    @Test
    void eachOrganizationHasItsOwnBucketRefilledAtItsRate() {
        TenantRateLimit limit = new TenantRateLimit(4, nanos::get);
        for (int i = 0; i < 4; i++) {
            assertThat(limit.acquire("a")).isZero();
        }
        assertThat(limit.acquire("a")).isEqualTo(1);
        assertThat(limit.acquire("b")).isZero();
        nanos.addAndGet(250_000_000L);
        assertThat(limit.acquire("a")).as("a quarter second refills one request at 4/s").isZero();
        assertThat(limit.acquire("a")).isEqualTo(1);
        nanos.addAndGet(10_000_000_000L);
        for (int i = 0; i < 4; i++) {
            assertThat(limit.acquire("a")).as("bursts are capped at one second's worth").isZero();
        }
        assertThat(limit.acquire("a")).isEqualTo(1);
    }

    @Test
    void aSlowRateStillAllowsItsBurstThenWaitsForItsNextToken() {
        // The token endpoint's limit per client: 10 a minute, in bursts of up to 10.
        TenantRateLimit limit = new TenantRateLimit(10 / 60.0, 10, nanos::get);
        for (int i = 0; i < 10; i++) {
            assertThat(limit.acquire("client")).isZero();
        }
        assertThat(limit.acquire("client")).as("one token comes back every 6 s").isEqualTo(6);
        nanos.addAndGet(6_000_000_000L);
        assertThat(limit.acquire("client")).isZero();
        assertThat(limit.acquire("client")).isPositive();
    }

    @Test
    void sessionsAreSignedExpireAndCanBeRevoked() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        ConsoleSessions sessions = new ConsoleSessions("admin-key-1");
        String cookie = sessions.issue(now);
        ConsoleSessions.Session session = sessions.verify(cookie, now).orElseThrow();
        assertThat(cookie).doesNotContain("admin-key-1");
        assertThat(sessions.verify(cookie, now.plus(ConsoleSessions.LIFETIME))).as("expired").isEmpty();
        assertThat(new ConsoleSessions("admin-key-2").verify(cookie, now)).as("another admin key").isEmpty();
        String tampered = cookie.substring(0, cookie.indexOf('.') + 1) + "9999999999" + cookie.substring(cookie.lastIndexOf('.'));
        assertThat(sessions.verify(tampered, now)).as("a longer expiry is not signed").isEmpty();
        assertThat(sessions.verify("garbage", now)).isEmpty();
        assertThat(sessions.verify(null, now)).isEmpty();

        String csrf = sessions.csrfToken(session);
        assertThat(sessions.csrfValid(session, csrf)).isTrue();
        assertThat(sessions.csrfValid(session, csrf + "x")).isFalse();
        assertThat(sessions.csrfValid(session, null)).isFalse();
        ConsoleSessions.Session other = sessions.verify(sessions.issue(now), now).orElseThrow();
        assertThat(sessions.csrfValid(other, csrf)).as("a CSRF token belongs to one session").isFalse();

        sessions.revoke(session, now);
        assertThat(sessions.verify(cookie, now)).isEmpty();
        assertThat(sessions.verify(sessions.issue(now), now)).isPresent();
    }
}
