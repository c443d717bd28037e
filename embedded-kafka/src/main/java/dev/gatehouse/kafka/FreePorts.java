package dev.gatehouse.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free TCP ports for listeners that must be named before they start: a KRaft controller (its port is in
 * the quorum voters), a processor's query port the API forwards to, a test process's listeners. The one
 * place the broker, the bench and the tests pick them. The port is free when asked; the caller binds it
 * soon after.
 *
 * <p>Ports are chosen below the operating system's ephemeral range (Linux:
 * {@code /proc/sys/net/ipv4/ip_local_port_range}), where the local end of an outgoing connection (a Kafka
 * client's, an HTTP client's) is never placed: a port the OS hands out for {@code ServerSocket(0)} comes from
 * that range, and a connection opened between choosing and binding could take it. A port is handed out
 * once per JVM. Where the range is unknown or leaves no room, the OS chooses.
 */
public final class FreePorts {
    static final int LOWEST = 10_000;
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

    private FreePorts() {
    }

    /** A port nothing listens on now, outside the ephemeral range where it can be. */
    public static int next() {
        int highest = ephemeralStart() - 1;
        for (int attempt = 0; highest - LOWEST >= 1_000 && attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, highest + 1);
            if (GIVEN.add(port) && bindable(port)) {
                return port;
            }
        }
        // The OS chooses, from the ephemeral range; a port it chose for an earlier caller is not handed out again.
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = osChosen();
            if (GIVEN.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port that was not handed out before");
    }

    private static int osChosen() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    /** The first port of the ephemeral range, or 0 where it is unknown (then the OS chooses). */
    static int ephemeralStart() {
        try {
            // Line by line: procfs reports a size of 0, and Files.readString then returns only its first byte.
            return Integer.parseInt(Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
