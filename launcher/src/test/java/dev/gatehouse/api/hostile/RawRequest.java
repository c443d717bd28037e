package dev.gatehouse.api.hostile;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One HTTP/1.1 request exactly as it goes on the wire: the request line and header lines are ISO-8859-1
 * text (so any byte can be put in a target or a header), the body raw bytes. Framing is chosen per
 * request: a correct Content-Length (the default), chunked, or none at all (headers as given, body
 * bytes written as they are — for mismatched lengths and smuggling shapes). Immutable; built with
 * the {@code with…} methods.
 */
record RawRequest(String method, String target, String version, List<String[]> headers, byte[] body, Framing framing,
        int chunkSize, boolean halfClose, boolean host) {

    enum Framing { CONTENT_LENGTH, CHUNKED, AS_GIVEN }

    static final String SCIM_JSON = "application/scim+json";

    static RawRequest of(String method, String target) {
        return new RawRequest(method, target, "HTTP/1.1", List.of(), null, Framing.CONTENT_LENGTH, 8192, false, true);
    }

    /** A SCIM call under /scim/v2 with a bearer token. */
    static RawRequest scim(String method, String path, String token) {
        return of(method, "/scim/v2" + path).withHeader("Authorization", "Bearer " + token);
    }

    /** A SCIM write with a JSON body (UTF-8). */
    static RawRequest scim(String method, String path, String token, String json) {
        return scim(method, path, token).withJson(json);
    }

    RawRequest withHeader(String name, String value) {
        List<String[]> h = new ArrayList<>(headers);
        h.add(new String[] {name, value});
        return new RawRequest(method, target, version, List.copyOf(h), body, framing, chunkSize, halfClose, host);
    }

    /** A header line exactly as given (no colon added): for malformed lines. */
    RawRequest withRawHeaderLine(String line) {
        List<String[]> h = new ArrayList<>(headers);
        h.add(new String[] {line, null});
        return new RawRequest(method, target, version, List.copyOf(h), body, framing, chunkSize, halfClose, host);
    }

    RawRequest withoutHeader(String name) {
        List<String[]> h = new ArrayList<>(headers);
        h.removeIf(header -> header[0].equalsIgnoreCase(name));
        return new RawRequest(method, target, version, List.copyOf(h), body, framing, chunkSize, halfClose, host);
    }

    RawRequest withJson(String json) {
        return withBody(SCIM_JSON, json.getBytes(StandardCharsets.UTF_8));
    }

    RawRequest withBody(String contentType, byte[] bytes) {
        RawRequest r = contentType == null ? this : withoutHeader("Content-Type").withHeader("Content-Type", contentType);
        return new RawRequest(r.method, r.target, r.version, r.headers, bytes, r.framing, r.chunkSize, r.halfClose, r.host);
    }

    RawRequest withFraming(Framing f) {
        return new RawRequest(method, target, version, headers, body, f, chunkSize, halfClose, host);
    }

    RawRequest chunked(int size) {
        return new RawRequest(method, target, version, headers, body, Framing.CHUNKED, size, halfClose, host);
    }

    /** After writing, shut the socket's output down: the server reads end-of-stream where it expects more. */
    RawRequest withHalfClose() {
        return new RawRequest(method, target, version, headers, body, framing, chunkSize, true, host);
    }

    RawRequest withVersion(String v) {
        return new RawRequest(method, target, v, headers, body, framing, chunkSize, halfClose, host);
    }

    RawRequest withoutHost() {
        return new RawRequest(method, target, version, headers, body, framing, chunkSize, halfClose, false);
    }

    boolean isScim() {
        return target.toLowerCase(Locale.ROOT).startsWith("/scim/v2");
    }

    boolean isHead() {
        return "HEAD".equalsIgnoreCase(method);
    }

    int bodyLength() {
        return body == null ? 0 : body.length;
    }

    /** The bytes of the request line and headers, with Host and framing headers added as chosen. */
    byte[] head(String hostHeader) {
        StringBuilder s = new StringBuilder();
        s.append(method).append(' ').append(target).append(version.isEmpty() ? "" : " " + version).append("\r\n");
        if (host) {
            s.append("Host: ").append(hostHeader).append("\r\n");
        }
        for (String[] h : headers) {
            s.append(h[0]).append(h[1] == null ? "" : ": " + h[1]).append("\r\n");
        }
        if (framing == Framing.CONTENT_LENGTH && (body != null || !isBodyless())) {
            s.append("Content-Length: ").append(bodyLength()).append("\r\n");
        } else if (framing == Framing.CHUNKED) {
            s.append("Transfer-Encoding: chunked\r\n");
        }
        return s.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private boolean isBodyless() {
        return method.equals("GET") || method.equals("HEAD") || method.equals("DELETE") || method.equals("OPTIONS");
    }

    /** The body as framed on the wire. */
    byte[] framedBody() {
        if (body == null) {
            return framing == Framing.CHUNKED ? "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1) : new byte[0];
        }
        if (framing != Framing.CHUNKED) {
            return body;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + body.length / Math.max(1, chunkSize) * 8 + 16);
        for (int at = 0; at < body.length; at += chunkSize) {
            int n = Math.min(chunkSize, body.length - at);
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body, at, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    /** A short, printable account of the request: never a multi-megabyte body, never a token. */
    String describe() {
        StringBuilder s = new StringBuilder(method.length() > 20 ? method.substring(0, 20) + "…" : method).append(' ')
                .append(Text.abbreviate(target, 140));
        if (!"HTTP/1.1".equals(version)) {
            s.append(' ').append(Text.abbreviate(version, 20));
        }
        for (String[] h : headers) {
            if (!h[0].equalsIgnoreCase("Authorization") && !h[0].equalsIgnoreCase("Content-Type")) {
                s.append(" [").append(Text.abbreviate(h[0], 30)).append(h[1] == null ? "" : ": " + Text.abbreviate(h[1], 40)).append(']');
            }
        }
        if (framing != Framing.CONTENT_LENGTH) {
            s.append(" {").append(framing.name().toLowerCase(Locale.ROOT)).append('}');
        }
        if (body != null) {
            s.append(" body ").append(body.length).append(" B: ")
                    .append(Text.abbreviate(new String(body, 0, Math.min(body.length, 400), StandardCharsets.ISO_8859_1), 100));
        }
        return s.toString();
    }
}
