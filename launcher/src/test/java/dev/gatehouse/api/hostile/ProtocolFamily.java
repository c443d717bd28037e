package dev.gatehouse.api.hostile;

import dev.gatehouse.scim.limits.Limits;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * HTTP oddities around valid SCIM calls: trailing content after the JSON object (must be 400: a
 * lenient parser that reads the first value and ignores the rest accepts a different request than the
 * one sent), wrong content types, chunked bodies (valid ones must work), Content-Length mismatches and
 * duplicates, methods on discovery endpoints, unknown endpoints, path encodings ({@code %}, {@code %2F},
 * {@code ..}), request-line and header oddities, hostile request ids, and a SCIM token on admin paths.
 */
final class ProtocolFamily implements Family {
    private static final String[] TRAILERS = {" xyz", "}", "{}", " {\"userName\":\"other@hostile.test\"}", "\n\n[1]", "garbage",
        ",", "]", "\u0000", "\"", " null", "{\"active\":false}"};
    private static final String[] CONTENT_TYPES = {"text/plain", "application/xml", "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x", "application/json; charset=utf-16", "application/scim+json; charset=iso-8859-1",
        "", "*/*", "application/json;;;", "application/scim+json; charset=\"utf-8\"", "APPLICATION/SCIM+JSON",
        "application/json", "text/html; charset=utf-8", "application/octet-stream", "x/" + "y".repeat(5000)};
    private static final String[] DISCOVERY = {"/ServiceProviderConfig", "/serviceConfiguration", "/ResourceTypes",
        "/ResourceTypes/User", "/ResourceTypes/Nope", "/Schemas", "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User",
        "/Schemas/unknown"};
    private static final String[] METHODS = {"POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "PROPFIND",
        "BOGUS", "get", "CONNECT", "M".repeat(300)};
    private static final String[] UNKNOWN = {"/scim/v2/Foo", "/scim/v2/Users/x/y", "/scim/v2/Users/x/y/z", "/scim/v3/Users",
        "/scim", "/scim/v2", "/scim/v2/", "/scim/v2/Bulk", "/scim/v2/Me", "/scim/v2/.search", "/scim/v2/Users/.search",
        "/scim/v2/Groups/x/members", "/scim/v2/Users%2F", "/scim/v2/USERS/nobody", "/scim/v2/Users;x=y"};
    private static final String[] SEGMENTS = {"%", "%2", "%zz", "%2F", "..", "%2e%2e", "..%2F..%2Fadmin%2Fv1%2Ftenants", "%00",
        "%25", "%252F", "%c0%af", "%ff", ";jsessionid=x", "/", "\\", "%5C", "a%20b", "%F0%9F%98%80", "x?y=%", "x#frag", "~",
        "%u002e", ".", "./", "%2e", "..;", "%0d%0aX-Injected:%20y", "*", "%7B%7D", "{id}", "%uD800"};
    private static final String[] VERSIONS = {"HTTP/1.0", "HTTP/2.0", "HTTP/1.2", "HTTP/9.9", "http/1.1", "", "HTTP/1.1 extra",
        "HTTP/01.1", "HTTP/1.1\u0000"};

    @Override
    public String name() {
        return "protocol";
    }

    @Override
    public Attack build(int index, Random random, Fixtures f) {
        return switch (index % 11) {
            case 0 -> trailing(random, f);
            case 1 -> contentType(random, f);
            case 2 -> chunked(random, f);
            case 3 -> lengthMismatch(random, f);
            case 4 -> discovery(random, f);
            case 5 -> unknownEndpoint(random, f);
            case 6 -> pathEncoding(random, f);
            case 7 -> requestLine(random, f);
            case 8 -> headers(random, f);
            case 9 -> adminWithScimToken(random, f);
            default -> keepAliveAfterError(random, f);
        };
    }

    private static String uniqueUser(Random random) {
        return "p" + Long.toHexString(random.nextLong()) + "@hostile.test";
    }

    private Attack trailing(Random random, Fixtures f) {
        String trailer = TRAILERS[random.nextInt(TRAILERS.length)];
        return switch (random.nextInt(3)) {
            case 0 -> Attack.of("POST user + trailing " + Text.abbreviate(trailer, 30),
                    RawRequest.scim("POST", "/Users", f.token(), Json.user(uniqueUser(random), "") + trailer))
                    .expect(Attack.Expect.rejected());
            case 1 -> Attack.of("PUT user + trailing " + Text.abbreviate(trailer, 30),
                    RawRequest.scim("PUT", "/Users/" + f.userId(), f.token(), Json.user(f.userName(), ",\"displayName\":\"T\"") + trailer))
                    .expect(Attack.Expect.rejected()).probe(Attack.Probe.USER);
            default -> Attack.of("PATCH user + trailing " + Text.abbreviate(trailer, 30),
                    RawRequest.scim("PATCH", "/Users/" + f.userId(), f.token(),
                            Json.patch(Json.op("replace", "displayName", "\"Trailing\"")) + trailer))
                    .expect(Attack.Expect.rejected()).probe(Attack.Probe.USER);
        };
    }

    private Attack contentType(Random random, Fixtures f) {
        String type = CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)];
        byte[] body = Json.user(uniqueUser(random), "").getBytes(type.contains("utf-16") ? StandardCharsets.UTF_16
                : StandardCharsets.UTF_8);
        RawRequest r = RawRequest.scim("POST", "/Users", f.token()).withBody(null, body);
        r = random.nextInt(6) == 0 ? r : r.withHeader("Content-Type", type);
        return Attack.of("POST user as [" + Text.abbreviate(type, 40) + "]", r);
    }

    private Attack chunked(Random random, Fixtures f) {
        int size = 1 + random.nextInt(random.nextBoolean() ? 8 : 4096);
        return switch (random.nextInt(4)) {
            case 0 -> Attack.of("chunked POST user, chunks of " + size,
                    RawRequest.scim("POST", "/Users", f.token(), Json.user(uniqueUser(random), "")).chunked(size))
                    .expect(Attack.Expect.status(201));
            case 1 -> Attack.of("chunked PATCH user, chunks of " + size,
                    RawRequest.scim("PATCH", "/Users/" + f.userId(), f.token(),
                            Json.patch(Json.op("replace", "title", "\"Chunked " + size + "\""))).chunked(size))
                    .expect(Attack.Expect.status(204));
            case 2 -> {
                String[] broken = {"zz\r\n{}\r\n0\r\n\r\n", "5\r\n{\"a\":1}\r\n0\r\n\r\n", "ffffffffffff\r\n{}\r\n",
                    "3;ext=\"" + "x".repeat(10_000) + "\"\r\n{}\r\n0\r\n\r\n", "2\r\n{}", "-1\r\n{}\r\n0\r\n\r\n",
                    "2\r\n{}\r\n0\r\nTrailer: x\r\n\r\n", "2 \r\n{}\r\n0\r\n\r\n"};
                String raw = broken[random.nextInt(broken.length)];
                yield Attack.of("broken chunking " + Text.abbreviate(raw, 40), RawRequest.scim("POST", "/Users", f.token())
                        .withHeader("Content-Type", RawRequest.SCIM_JSON).withHeader("Transfer-Encoding", "chunked")
                        .withBody(null, raw.getBytes(StandardCharsets.ISO_8859_1)).withFraming(RawRequest.Framing.AS_GIVEN)
                        .withHalfClose());
            }
            default -> Attack.of("chunked + Content-Length", RawRequest.scim("POST", "/Users", f.token(),
                    Json.user(uniqueUser(random), "")).chunked(size).withHeader("Content-Length", Integer.toString(random.nextInt(50))));
        };
    }

    private Attack lengthMismatch(Random random, Fixtures f) {
        byte[] body = Json.user(uniqueUser(random), "").getBytes(StandardCharsets.UTF_8);
        RawRequest base = RawRequest.scim("POST", "/Users", f.token()).withBody(RawRequest.SCIM_JSON, body)
                .withFraming(RawRequest.Framing.AS_GIVEN);
        return switch (random.nextInt(6)) {
            case 0 -> Attack.of("Content-Length longer than the body, then end of stream",
                    base.withHeader("Content-Length", Integer.toString(body.length + 1 + random.nextInt(1000))).withHalfClose())
                    .expect(Attack.Expect.rejected());
            case 1 -> Attack.of("Content-Length shorter than the body (cut JSON)",
                    base.withHeader("Content-Length", Integer.toString(1 + random.nextInt(body.length - 2))))
                    .expect(Attack.Expect.rejected());
            case 2 -> Attack.of("two different Content-Length headers", base.withHeader("Content-Length", Integer.toString(body.length))
                    .withHeader("Content-Length", Integer.toString(body.length - 3)));
            case 3 -> Attack.of("Content-Length not a number", base.withHeader("Content-Length",
                    new String[] {"-1", "abc", "1e3", "99999999999999999999", " 12", "0x10", ""}[random.nextInt(7)]).withHalfClose());
            case 4 -> Attack.of("Content-Length 0 with a body", base.withHeader("Content-Length", "0"));
            default -> Attack.of("huge Content-Length, little body", base.withHeader("Content-Length",
                    Long.toString(1L << (20 + random.nextInt(20)))).withHalfClose());
        };
    }

    private Attack discovery(Random random, Fixtures f) {
        String method = METHODS[random.nextInt(METHODS.length)];
        String path = DISCOVERY[random.nextInt(DISCOVERY.length)];
        RawRequest r = RawRequest.scim(method, path, f.token());
        if (random.nextBoolean() && !method.equals("HEAD")) {
            r = r.withJson("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig\"]}");
        }
        boolean write = method.equals("POST") || method.equals("PUT") || method.equals("PATCH") || method.equals("DELETE");
        return Attack.of(Text.abbreviate(method, 12) + " on discovery " + path, r)
                .expect(write ? Attack.Expect.rejected() : Attack.Expect.ANY);
    }

    private Attack unknownEndpoint(Random random, Fixtures f) {
        String path = UNKNOWN[random.nextInt(UNKNOWN.length)];
        String method = new String[] {"GET", "POST", "PUT", "PATCH", "DELETE"}[random.nextInt(5)];
        RawRequest r = RawRequest.of(method, path).withHeader("Authorization", "Bearer " + f.token());
        if (!method.equals("GET") && !method.equals("DELETE")) {
            r = r.withJson(Json.user(uniqueUser(random), ""));
        }
        return Attack.of(method + " unknown endpoint " + path, r).expect(Attack.Expect.rejected());
    }

    private Attack pathEncoding(Random random, Fixtures f) {
        String segment = SEGMENTS[random.nextInt(SEGMENTS.length)];
        String[] shapes = {"/scim/v2/Users/" + segment, "/scim/v2/Users/" + segment + "/" + f.userId(),
            "/scim/v2/Users/" + f.userId() + "/" + segment, "/scim/v2/" + segment + "/Users/" + f.userId(),
            "/scim/v2/Groups/" + segment + "%2FUsers%2F" + f.userId(), "/scim/v2/%55sers/" + f.userId(),
            "/scim/v2/Users/" + segment + "?filter=" + segment, "/scim/v2/../../admin/v1/tenants",
            "/scim/v2/Users/..%2F..%2F..%2Fadmin%2Fv1%2Ftenants", "/scim/v2/Users/" + Text.utf8AsLatin1("üñï" + segment)};
        String target = shapes[random.nextInt(shapes.length)];
        String method = new String[] {"GET", "DELETE", "PATCH", "PUT"}[random.nextInt(4)];
        RawRequest r = RawRequest.of(method, target).withHeader("Authorization", "Bearer " + f.token());
        if (method.equals("PATCH")) {
            r = r.withJson(Json.patch(Json.op("replace", "title", "\"Path\"")));
        } else if (method.equals("PUT")) {
            r = r.withJson(Json.user(f.userName(), ",\"title\":\"Path\""));
        }
        Attack attack = Attack.of(method + " " + Text.abbreviate(target, 80), r);
        // A SCIM token must never open the admin API, however the path is spelled.
        return target.contains("admin") ? attack.expect(r2 -> r2.get(0).status() < 300 && r2.get(0).status() >= 200
                ? "a SCIM token reached " + target : null) : attack;
    }

    private Attack requestLine(Random random, Fixtures f) {
        String version = VERSIONS[random.nextInt(VERSIONS.length)];
        return switch (random.nextInt(5)) {
            case 0 -> Attack.of("GET /Users as " + Text.abbreviate(version, 20),
                    RawRequest.scim("GET", "/Users?count=1", f.token()).withVersion(version));
            case 1 -> Attack.of("HTTP/1.1 without Host", RawRequest.scim("GET", "/Users?count=1", f.token()).withoutHost())
                    .expect(Attack.Expect.rejected());
            case 2 -> Attack.of("absolute-form target", RawRequest.of("GET", "http://127.0.0.1:1/scim/v2/Users?count=1")
                    .withHeader("Authorization", "Bearer " + f.token()));
            case 3 -> Attack.of("asterisk target", RawRequest.of(new String[] {"GET", "OPTIONS", "POST"}[random.nextInt(3)], "*")
                    .withHeader("Authorization", "Bearer " + f.token()));
            default -> {
                // The API takes a request head as large as the budget's longest filter needs; past it, a 4xx.
                int kib = 8 << random.nextInt(4);
                Attack target = Attack.of("request target of " + kib + " KiB",
                        RawRequest.scim("GET", "/Users?x=" + "a".repeat(kib * 1024), f.token()));
                yield kib * 1024 > Limits.REQUEST_HEAD_BYTES ? target.expect(Attack.Expect.rejected()) : target;
            }
        };
    }

    private Attack headers(Random random, Fixtures f) {
        RawRequest base = RawRequest.scim("GET", "/Users/" + f.userId(), f.token());
        return switch (random.nextInt(8)) {
            case 0 -> Attack.of("header line without a colon", base.withRawHeaderLine("Broken header line"));
            case 1 -> Attack.of("obsolete line folding", base.withHeader("X-Folded", "a\r\n  continued"));
            case 2 -> Attack.of("NUL in a header value", base.withHeader("X-Nul", "a\u0000b"));
            case 3 -> Attack.of("1,000 headers", manyHeaders(base, 1000));
            case 4 -> Attack.of("Expect: 100-continue", RawRequest.scim("POST", "/Users", f.token(),
                    Json.user(uniqueUser(random), "")).withHeader("Expect", "100-continue"));
            case 5 -> Attack.of("Expect: something else", RawRequest.scim("POST", "/Users", f.token(),
                    Json.user(uniqueUser(random), "")).withHeader("Expect", "teapot"));
            case 6 -> {
                String id = new String[] {"x".repeat(65), "a\u0001b", Text.utf8AsLatin1("ü😀"), "<script>", "x".repeat(10_000),
                    "ok-but-{braces}", "a b"}[random.nextInt(7)];
                yield Attack.of("hostile X-Request-Id " + Text.abbreviate(id, 20), base.withHeader("X-Request-Id", id))
                        .expect(rs -> id.equals(rs.get(0).header("X-Request-Id")) ? "the invalid request id was echoed" : null);
            }
            default -> Attack.of("Transfer-Encoding " + "gzip", RawRequest.scim("POST", "/Users", f.token())
                    .withHeader("Transfer-Encoding", new String[] {"gzip", "xchunked", "chunked, chunked", "identity"}[random.nextInt(4)])
                    .withBody(RawRequest.SCIM_JSON, Json.user(uniqueUser(random), "").getBytes(StandardCharsets.UTF_8))
                    .withFraming(RawRequest.Framing.AS_GIVEN).withHalfClose());
        };
    }

    private static RawRequest manyHeaders(RawRequest base, int n) {
        RawRequest r = base;
        for (int i = 0; i < n; i++) {
            r = r.withHeader("X-Junk-" + i, "v" + i);
        }
        return r;
    }

    private Attack adminWithScimToken(Random random, Fixtures f) {
        String[] paths = {"/admin/v1/tenants", "/admin/v1/tenants/" + f.tenantId(), "/admin/v1/tenants/" + f.tenantId() + "/scim/token",
            "/admin/v1/audit", "/admin/v1/tenants/" + f.tenantId() + "/scim", "/ADMIN/v1/tenants", "/admin/v1/tenants/%2e%2e"};
        String path = paths[random.nextInt(paths.length)];
        String method = path.endsWith("/token") ? "POST" : path.endsWith("/scim") ? "PUT" : "GET";
        RawRequest r = RawRequest.of(method, path);
        r = random.nextBoolean() ? r.withHeader("Authorization", "Bearer " + f.token()) : r.withHeader("X-Admin-Key", f.token());
        if (method.equals("PUT")) {
            r = r.withBody("application/json", "{\"enabled\":false}".getBytes(StandardCharsets.UTF_8));
        }
        return Attack.of(method + " " + path + " with a SCIM token", r).expect(Attack.Expect.status(401, 403, 404));
    }

    private Attack keepAliveAfterError(Random random, Fixtures f) {
        RawRequest bad = RawRequest.scim("POST", "/Users", f.token(), "{\"userName\":");
        RawRequest good = RawRequest.scim("GET", "/Users/" + f.userId(), f.token());
        return Attack.of("a valid read after a refused write on one connection", List.of(bad, good))
                .expect(Attack.Expect.status(200));
    }
}
