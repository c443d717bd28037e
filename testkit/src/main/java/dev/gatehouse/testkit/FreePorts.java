package dev.gatehouse.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/**
 * Free TCP ports for services a test must name before they start (a processor's query port the API
 * forwards to, a process's listeners). The port is free when asked; a test binds it soon after.
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
