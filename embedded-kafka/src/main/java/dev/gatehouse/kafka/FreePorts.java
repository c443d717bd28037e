package dev.gatehouse.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/**
 * Free TCP ports for listeners that must be named before they start: a KRaft controller (its port is in
 * the quorum voters), a processor's query port the API forwards to, a test process's listeners. The one
 * place the broker, the bench and the tests pick them. The port is free when asked; the caller binds it
 * soon after.
 */
public final class FreePorts {
    private FreePorts() {
    }

    /** A port nothing listens on now, chosen by the operating system. */
    public static int next() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
