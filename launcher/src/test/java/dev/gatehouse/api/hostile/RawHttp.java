package dev.gatehouse.api.hostile;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A small HTTP/1.1 client on a plain socket: it sends {@link RawRequest}s byte for byte (the JDK
 * client refuses or repairs most hostile shapes), from a chosen local address (the API throttles per
 * address), and keeps the connection alive between exchanges as a real client does (some defects
 * live only on a reused connection). Every exchange has a deadline, enforced by closing the socket,
 * so neither a write the server stopped reading nor an answer that never comes can hang the suite.
 * Not thread-safe: one connection per worker.
 */
final class RawHttp implements AutoCloseable {
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "raw-http-watchdog");
        t.setDaemon(true);
        return t;
    });
    private static final int MAX_HEAD_BYTES = 256 * 1024;
    /** Jetty closes idle connections after 30 s; a connection idle for this long is replaced before use. */
    private static final long STALE_NANOS = Duration.ofSeconds(10).toNanos();
    private static final int MAX_BODY_BYTES = 64 << 20;

    private final InetSocketAddress server;
    private final InetAddress source;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private long lastUsed;

    RawHttp(int port, InetAddress source) {
        this.server = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        this.source = source;
    }

    /** An answer, or why there was none ({@code status} 0). */
    record Response(int status, Map<String, String> headers, byte[] body, long nanos, String failure, boolean closed) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        boolean answered() {
            return status > 0;
        }

        double millis() {
            return nanos / 1e6;
        }
    }

    /** Sends one request on the open connection (opening one if needed) and reads its answer. */
    Response exchange(RawRequest request, Duration timeout) {
        long started = System.nanoTime();
        String failure;
        ScheduledFuture<?> guard = null;
        try {
            connect();
            Socket s = socket;
            guard = WATCHDOG.schedule(() -> quietlyClose(s), timeout.toMillis(), TimeUnit.MILLISECONDS);
            IOException writeFailed = write(request);
            try {
                Response r = read(request.isHead(), started);
                lastUsed = System.nanoTime();
                if (r.closed() || request.halfClose()) {
                    close();
                }
                return r;
            } catch (IOException e) {
                failure = guard.isDone() ? "no answer within " + timeout.toMillis() + " ms"
                        : "connection closed without an answer (" + (writeFailed != null ? "write: " + writeFailed.getMessage()
                                + ", " : "") + "read: " + e.getMessage() + ")";
            }
        } catch (IOException e) {
            failure = "cannot connect from " + source.getHostAddress() + ": " + e.getMessage();
        } finally {
            if (guard != null) {
                guard.cancel(false);
            }
        }
        close();
        return new Response(0, Map.of(), new byte[0], System.nanoTime() - started, failure, true);
    }

    private void connect() throws IOException {
        if (socket != null && System.nanoTime() - lastUsed > STALE_NANOS) {
            close(); // as a client's connection pool does: the server may be closing it right now
        }
        if (socket != null) {
            return;
        }
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.bind(new InetSocketAddress(source, 0));
        s.connect(server, 5_000);
        socket = s;
        in = new BufferedInputStream(s.getInputStream(), 64 * 1024);
        out = s.getOutputStream();
    }

    /** Writes the request; a failure is returned, not thrown: the server may have answered before it stopped reading. */
    private IOException write(RawRequest request) {
        try {
            out.write(request.head("127.0.0.1:" + server.getPort()));
            out.write(request.framedBody());
            out.flush();
            if (request.halfClose()) {
                socket.shutdownOutput();
            }
            return null;
        } catch (IOException e) {
            return e;
        }
    }

    private Response read(boolean head, long started) throws IOException {
        while (true) {
            String statusLine = line();
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
                throw new IOException("not an HTTP status line: " + Text.abbreviate(statusLine, 80));
            }
            int status = Integer.parseInt(parts[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            int headBytes = 0;
            for (String line = line(); !line.isEmpty(); line = line()) {
                headBytes += line.length();
                if (headBytes > MAX_HEAD_BYTES) {
                    throw new IOException("answer headers too large");
                }
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
                }
            }
            if (status >= 100 && status < 200) {
                continue; // 100 Continue and friends: the real answer follows
            }
            boolean closeAfter = "close".equalsIgnoreCase(headers.get("connection")) || parts[0].equals("HTTP/1.0");
            byte[] body;
            if (head || status == 204 || status == 304) {
                body = new byte[0];
            } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                body = chunks();
            } else if (headers.containsKey("content-length")) {
                body = exactly(Integer.parseInt(headers.get("content-length")));
            } else {
                body = untilEnd();
                closeAfter = true;
            }
            return new Response(status, headers, body, System.nanoTime() - started, null, closeAfter);
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        for (int c = in.read(); ; c = in.read()) {
            if (c < 0) {
                throw new EOFException("end of stream");
            }
            if (c == '\n') {
                break;
            }
            if (line.size() > MAX_HEAD_BYTES) {
                throw new IOException("answer line too long");
            }
            line.write(c);
        }
        String s = line.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    private byte[] exactly(int n) throws IOException {
        if (n > MAX_BODY_BYTES) {
            throw new IOException("answer body too large: " + n);
        }
        byte[] body = in.readNBytes(n);
        if (body.length < n) {
            throw new EOFException("answer body cut short");
        }
        return body;
    }

    private byte[] chunks() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line();
            int semicolon = size.indexOf(';');
            int n;
            try {
                n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("malformed chunk size in the answer: " + Text.abbreviate(size, 40));
            }
            if (n < 0) {
                throw new IOException("negative chunk size in the answer: " + Text.abbreviate(size, 40));
            }
            if (n == 0) {
                while (!line().isEmpty()) {
                    // trailers: ignored
                }
                return body.toByteArray();
            }
            if (body.size() + n > MAX_BODY_BYTES) {
                throw new IOException("answer body too large");
            }
            body.write(in.readNBytes(n));
            line();
        }
    }

    private byte[] untilEnd() throws IOException {
        return in.readNBytes(MAX_BODY_BYTES);
    }

    private static void quietlyClose(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing to unblock: nothing to do
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            quietlyClose(socket);
            socket = null;
        }
    }
}
