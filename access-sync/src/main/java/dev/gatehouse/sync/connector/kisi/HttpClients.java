package dev.gatehouse.sync.connector.kisi;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

/**
 * The JDK HTTP client the Kisi connector talks to Kisi with (the push connectors use Apache HttpClient's
 * blocking client instead: see {@code HttpPushConnector}).
 */
final class HttpClients {
    private HttpClients() {
    }

    /**
     * A client for {@code url}: HTTP/1.1 to a plain-http receiver, where the JDK client's default, HTTP/2,
     * offers an h2c upgrade on the requests (work on both sides, for receivers that speak HTTP/1.1 anyway);
     * over https the default, HTTP/2 where the receiver offers it (ALPN), else HTTP/1.1.
     */
    static HttpClient forUrl(URI url, Duration connectTimeout) {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(connectTimeout);
        if ("http".equalsIgnoreCase(url.getScheme())) {
            builder.version(HttpClient.Version.HTTP_1_1);
        }
        return builder.build();
    }
}
