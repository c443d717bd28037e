package dev.gatehouse.sync.connector.webhook;

import dev.gatehouse.contract.AccessChange;
import dev.gatehouse.sync.connector.DoorConnector;
import dev.gatehouse.sync.connector.PushOutcome;
import dev.gatehouse.sync.connector.RetryAfter;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.EofSensorInputStream;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * What the push connectors share: a name, one receiver URL, all organizations or one, and one POST per
 * change whose answer decides the outcome — 2xx applied; 408, 425, 429 and 5xx retried (after
 * {@code Retry-After} when given); any other status rejected for good. A connection failure or a
 * timeout is retried. Subclasses build the request and read a rejection.
 *
 * <p>A push is one blocking HTTP/1.1 exchange on the delivery thread (Apache HttpClient's classic API)
 * over a kept-alive connection: a delivery thread pushes one change at a time, so an asynchronous
 * client's selector thread and futures would only add hand-offs. No redirect is followed and no
 * request is retried here: delivery decides about retries.
 */
abstract class HttpPushConnector implements DoorConnector {
    /** How long connecting may take. */
    static final Timeout CONNECT_TIMEOUT = Timeout.ofSeconds(3);
    /** How long the receiver may be silent while answering (each wait for its bytes). */
    static final Timeout ANSWER_TIMEOUT = Timeout.ofSeconds(10);
    /** Of a rejection's answer, its first this many bytes give the reason. */
    static final int MAX_REJECTION_BYTES = 4096;
    /** An answer up to this long is read to its end, so that its connection is used again; a longer one drops it. */
    static final int MAX_DRAINED_BYTES = 64 * 1024;
    /** The buffer an answer is drained through. */
    private static final int DRAIN_BUFFER_BYTES = 512;
    /** A connection idle this long is checked before it is used again: the receiver may have closed it. */
    private static final TimeValue CHECK_AFTER_IDLE = TimeValue.ofSeconds(2);

    private final String name;
    private final URI url;
    private final Optional<String> tenant;
    private final String receiver;
    private final CloseableHttpClient http;

    /** {@code receiver} names the far side in outcomes ("webhook answered 503"). */
    HttpPushConnector(String name, String url, Optional<String> tenant, String receiver) {
        this.name = name;
        this.url = URI.create(url);
        this.tenant = tenant;
        this.receiver = receiver;
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(CONNECT_TIMEOUT)
                                .setSocketTimeout(ANSWER_TIMEOUT)
                                .setValidateAfterInactivity(CHECK_AFTER_IDLE)
                                .build())
                        .setMaxConnPerRoute(2)
                        .setMaxConnTotal(2)
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(ANSWER_TIMEOUT).build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                // No user token on pooled connections (HttpClient's default reads the TLS session's
                // principal on every exchange, for NTLM and client certificates): a connector has one
                // identity, so its two connections are interchangeable.
                .disableConnectionState()
                .build();
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final boolean serves(String tenantId) {
        return tenant.map(tenantId::equals).orElse(true);
    }

    /**
     * The POST of {@code change}, on a builder already aimed at the URL; {@code encoded}, when not null, is
     * the change as its access-changes record holds it, for a receiver of that JSON.
     */
    abstract ClassicHttpRequest request(ClassicRequestBuilder post, AccessChange change, byte[] encoded);

    /** Why a receiver rejected a change, from its answer's body ({@code ""}: nothing to add). */
    String rejection(int status, String body) {
        return "";
    }

    @Override
    public final PushOutcome push(AccessChange change) {
        return push(change, null);
    }

    @Override
    public final PushOutcome push(AccessChange change, byte[] encoded) {
        ClassicHttpResponse response;
        try {
            response = http.executeOpen(null, request(ClassicRequestBuilder.post(url), change, encoded), null);
        } catch (IOException e) {
            return unreachable(e);
        }
        // The status decides; the body only adds a rejection's reason, and failing to read it changes nothing.
        InputStream body = null;
        try {
            body = response.getEntity() == null ? InputStream.nullInputStream() : response.getEntity().getContent();
            int status = response.getCode();
            Header retryAfter = response.getFirstHeader("Retry-After");
            PushOutcome outcome = outcome(status, Optional.ofNullable(retryAfter).map(Header::getValue), receiver);
            if (outcome instanceof PushOutcome.Rejected rejected) {
                return new PushOutcome.Rejected(rejected.reason() + rejection(status, reason(body)));
            }
            return outcome;
        } catch (IOException e) {
            return unreachable(e);
        } finally {
            release(response, body);
        }
    }

    private PushOutcome unreachable(IOException e) {
        return new PushOutcome.RetryLater(Optional.empty(), receiver + " unreachable: " + e.getClass().getSimpleName());
    }

    /** The first 4 KiB of a rejection's answer: a receiver cannot make delivery hold a large body. */
    private static String reason(InputStream body) {
        try {
            return new String(body.readNBytes(MAX_REJECTION_BYTES), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Reads what is left of an answer of up to 64 KiB, so that its connection is used again; drops the
     * connection of a longer answer, or of a broken one, rather than read on to its end as closing would.
     */
    private static void release(ClassicHttpResponse response, InputStream body) {
        try {
            if (body != null && !drained(body)) {
                abort(body);
                return;
            }
            response.close();
        } catch (IOException e) {
            abort(body);
        }
    }

    /**
     * Reads {@code body} to its end if that comes within {@link #MAX_DRAINED_BYTES}; false, having read
     * one byte past them, if more is left. Reads through a small buffer: most answers are a few bytes,
     * and this runs once per push.
     */
    private static boolean drained(InputStream body) throws IOException {
        byte[] buffer = new byte[DRAIN_BUFFER_BYTES];
        long read = 0;
        for (int n; (n = body.read(buffer, 0, (int) Math.min(buffer.length, MAX_DRAINED_BYTES + 1L - read))) >= 0; ) {
            read += n;
            if (read > MAX_DRAINED_BYTES) {
                return false;
            }
        }
        return true;
    }

    private static void abort(InputStream body) {
        if (body instanceof EofSensorInputStream sensor) {
            try {
                sensor.abort();
            } catch (IOException e) {
                // the connection is dropped either way
            }
        }
    }

    /** A receiver's answer as an outcome: 2xx applied; 408, 425, 429, 5xx retried; other statuses rejected. */
    static PushOutcome outcome(int status, Optional<String> retryAfter, String receiver) {
        if (status >= 200 && status < 300) {
            return PushOutcome.applied();
        }
        if (status == 408 || status == 425 || status == 429 || status >= 500) {
            return new PushOutcome.RetryLater(retryAfter.flatMap(v -> RetryAfter.parse(v, Instant.now())), receiver + " answered " + status);
        }
        return new PushOutcome.Rejected(receiver + " answered " + status);
    }

    @Override
    public void close() {
        http.close(CloseMode.GRACEFUL);
    }

    /** The receiver's URL, for {@code toString}. */
    final URI url() {
        return url;
    }
}
