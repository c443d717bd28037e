package dev.gatehouse.sync.connector.kisi;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/** The Kisi connector's client speaks plain HTTP/1.1 to a plain-http receiver, without offering an h2c upgrade. */
class HttpClientsTest {
    @Test
    void aPlainHttpReceiverGetsHttp11WithoutAnUpgradeOfferAndHttpsKeepsTheDefault() throws Exception {
        ConcurrentLinkedQueue<String> protocols = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> upgrades = new ConcurrentLinkedQueue<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            protocols.add(exchange.getProtocol());
            String upgrade = exchange.getRequestHeaders().getFirst("Upgrade");
            if (upgrade != null) {
                upgrades.add(upgrade);
            }
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        try {
            URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
            HttpClient client = HttpClients.forUrl(url, Duration.ofSeconds(3));
            for (int i = 1; i <= 3; i++) {
                HttpResponse<Void> response = client.send(HttpRequest.newBuilder(url)
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.discarding());
                assertThat(response.statusCode()).isEqualTo(204);
            }
        } finally {
            server.stop(0);
        }

        assertThat(protocols).hasSize(3).containsOnly("HTTP/1.1");
        assertThat(upgrades).isEmpty();
        assertThat(HttpClients.forUrl(URI.create("https://api.kisi.io"), Duration.ofSeconds(3)).version())
                .isEqualTo(HttpClient.Version.HTTP_2);
    }
}
