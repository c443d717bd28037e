package dev.gatehouse.sync.connector;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.simulator.Changes;
import dev.gatehouse.sync.connector.webhook.WebhookConnector;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/** Connectors speak plain HTTP/1.1 to a plain-http receiver, without offering an h2c upgrade. */
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
            WebhookConnector connector = new WebhookConnector("webhook",
                    "http://127.0.0.1:" + server.getAddress().getPort() + "/hook", Optional.empty());
            for (int version = 1; version <= 3; version++) {
                assertThat(connector.push(Changes.user("t1", "u1", version, true))).isInstanceOf(PushOutcome.Applied.class);
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
