package dev.gatehouse.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/** The API's connector, as {@link ApiServer} builds it. */
class ApiConnectorTest {
    @Test
    void buffersAreNotPooledSoThatNoBufferIsSharedBetweenConnectionsAndAreOnTheHeap() {
        HttpConfiguration http = new HttpConfiguration();
        ServerConnector connector = ApiServer.connector(new Server(), http, "127.0.0.1", 0);
        // Pooled, Jetty let one client's malformed framing reach other connections (ConnectionIsolationIT).
        assertThat(connector.getByteBufferPool()).isInstanceOf(ByteBufferPool.NonPooling.class);
        assertThat(http.isUseInputDirectByteBuffers()).isFalse();
        assertThat(http.isUseOutputDirectByteBuffers()).isFalse();
    }

    @Test
    void connectionsRememberEachRequestsRawTargetAndListenWhereConfigured() {
        ServerConnector connector = ApiServer.connector(new Server(), new HttpConfiguration(), "127.0.0.2", 8123);
        assertThat(connector.getDefaultConnectionFactory()).isInstanceOf(RequestTargets.ConnectionFactory.class);
        assertThat(connector.getHost()).isEqualTo("127.0.0.2");
        assertThat(connector.getPort()).isEqualTo(8123);
    }
}
