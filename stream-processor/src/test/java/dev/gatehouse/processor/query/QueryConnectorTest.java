package dev.gatehouse.processor.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/** The query server's connector, as {@link QueryServer} builds it. */
class QueryConnectorTest {
    @Test
    void buffersAreNotPooledAreOnTheHeapAndTheConnectorListensWhereConfigured() {
        HttpConfiguration http = new HttpConfiguration();
        ServerConnector connector = QueryServer.connector(new Server(), http, "127.0.0.3", 8124);
        // Pooled, Jetty let one client's malformed framing reach other connections (ConnectionIsolationIT).
        assertThat(connector.getByteBufferPool()).isInstanceOf(ByteBufferPool.NonPooling.class);
        assertThat(http.isUseInputDirectByteBuffers()).isFalse();
        assertThat(http.isUseOutputDirectByteBuffers()).isFalse();
        assertThat(connector.getHost()).isEqualTo("127.0.0.3");
        assertThat(connector.getPort()).isEqualTo(8124);
    }
}
