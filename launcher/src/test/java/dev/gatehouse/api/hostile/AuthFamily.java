package dev.gatehouse.api.hostile;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/**
 * Credentials: none, the wrong scheme, A's token with one letter's case flipped sent on the same
 * keep-alive connection right after a valid request (a credential is compared exactly, whatever a
 * connection's header cache has seen), A's revoked token, garbage and overlong tokens, the intruder
 * C's valid token on A's ids and on B's canary users (404, as for ids that exist nowhere, and nothing
 * changes), a SCIM token at the admin API, and the failed-authentication throttle.
 */
final class AuthFamily implements Family {
    @Override
    public String name() {
        return "auth";
    }

    @Override
    public Attack build(int index, Random random, Fixtures f) {
        if (index % 97 == 50) {
            return throttle(f);
        }
        return switch (index % 8) {
            case 0 -> missing(random, f);
            case 1 -> scheme(random, f);
            case 2, 3 -> flippedOnKeepAlive(random, f);
            case 4 -> intruder(random, f);
            case 5 -> overlong(random, f);
            case 6 -> revoked(random, f);
            default -> garbage(random, f);
        };
    }

    /** A request to an endpoint of the given kind, with {@code authorization} (null: no header). */
    private static RawRequest request(int kind, Fixtures f, String authorization, Random random) {
        RawRequest r = switch (kind % 7) {
            case 0 -> RawRequest.of("GET", "/scim/v2/Users/" + f.userId());
            case 1 -> RawRequest.of("GET", "/scim/v2/Users?filter=" + Text.percent("userName eq \"" + f.userName() + "\""));
            case 2 -> RawRequest.of("PATCH", "/scim/v2/Users/" + f.userId())
                    .withJson(Json.patch(Json.op("replace", "title", "\"Auth " + random.nextInt(1000) + "\"")));
            case 3 -> RawRequest.of("POST", "/scim/v2/Users").withJson(Json.user("a" + Long.toHexString(random.nextLong())
                    + "@hostile.test", ""));
            case 4 -> RawRequest.of("DELETE", "/scim/v2/Users/" + UUID.randomUUID());
            case 5 -> RawRequest.of("GET", "/scim/v2/ServiceProviderConfig");
            default -> RawRequest.of("PATCH", "/scim/v2/Groups/" + f.groupId())
                    .withJson(Json.patch(Json.op("add", "members", "[" + Json.member(f.member(random.nextInt(40))) + "]")));
        };
        return authorization == null ? r : r.withHeader("Authorization", authorization);
    }

    private Attack missing(Random random, Fixtures f) {
        int kind = random.nextInt(7);
        return Attack.of("no Authorization header | request kind " + kind, request(kind, f, null, random))
                .expect(Attack.Expect.status(401)).probe(kind == 2 ? Attack.Probe.USER : Attack.Probe.NONE);
    }

    private Attack scheme(Random random, Fixtures f) {
        String token = f.token();
        String[][] variants = {
            {"Basic base64(token:)", "Basic " + Base64.getEncoder().encodeToString((token + ":").getBytes(StandardCharsets.UTF_8)), "401"},
            {"Token scheme", "Token " + token, "401"}, {"bare token", token, "401"}, {"Bearer alone", "Bearer", "401"},
            {"Bearer and a blank", "Bearer ", "401"}, {"Bearer, tab", "Bearer\t" + token, "401"},
            {"token then junk", "Bearer " + token + " junk", "401"}, {"Bearer twice", "Bearer Bearer " + token, "401"},
            {"lower-case scheme", "bearer " + token, "2xx"}, {"upper-case scheme", "BEARER " + token, "2xx"},
            {"Bearer, two blanks", "Bearer  " + token, "any"}, {"token with a trailing blank", "Bearer " + token + " ", "any"},
        };
        String[] v = variants[random.nextInt(variants.length)];
        int kind = random.nextInt(7);
        Attack attack = Attack.of("scheme: " + v[0] + " | request kind " + kind, request(kind, f, v[1], random));
        return switch (v[2]) {
            case "401" -> attack.expect(Attack.Expect.status(401)).probe(kind == 2 ? Attack.Probe.USER : Attack.Probe.NONE);
            case "2xx" -> attack.expect(kind == 4 ? Attack.Expect.status(404) : Attack.Expect.accepted());
            default -> attack;
        };
    }

    /** The defect this guards: a per-connection header cache that matches values case-insensitively. */
    private Attack flippedOnKeepAlive(Random random, Fixtures f) {
        String token = f.token();
        String flipped;
        String how;
        switch (random.nextInt(4)) {
            case 0 -> {
                flipped = f.flippedToken();
                how = "the token with its last letter's case flipped";
            }
            case 1 -> {
                int at = 8 + random.nextInt(token.length() - 8);
                while (!Character.isLetter(token.charAt(at))) {
                    at = 8 + (at - 7) % (token.length() - 8);
                }
                char c = token.charAt(at);
                flipped = token.substring(0, at) + (Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c))
                        + token.substring(at + 1);
                how = "the token with one letter's case flipped";
            }
            case 2 -> {
                flipped = token.toUpperCase(Locale.ROOT);
                how = "the token upper-cased";
            }
            default -> {
                flipped = f.revokedToken();
                how = "A's revoked token";
            }
        }
        int first = random.nextInt(7);
        int second = random.nextInt(7);
        List<RawRequest> requests = new ArrayList<>();
        for (int i = 0, n = 1 + random.nextInt(2); i < n; i++) {
            requests.add(request(first, f, "Bearer " + token, random));
        }
        requests.add(request(second, f, "Bearer " + flipped, random));
        return Attack.of(how + ", on a keep-alive connection right after a valid request | "
                + (requests.size() - 1) + " valid request(s) of kind " + first + ", then kind " + second, requests)
                .expect(Attack.Expect.status(401));
    }

    private Attack intruder(Random random, Fixtures f) {
        String auth = "Bearer " + f.intruderToken();
        String canaryUser = f.canaryUserIds().get(random.nextInt(f.canaryUserIds().size()));
        return switch (random.nextInt(7)) {
            case 0 -> Attack.of("C reads A's user", RawRequest.of("GET", "/scim/v2/Users/" + f.userId()).withHeader("Authorization", auth))
                    .expect(Attack.Expect.status(404));
            case 1 -> Attack.of("C patches A's user", RawRequest.of("PATCH", "/scim/v2/Users/" + f.userId()).withHeader("Authorization", auth)
                    .withJson(Json.patch(Json.op("replace", "active", "false")))).expect(Attack.Expect.status(404)).probe(Attack.Probe.USER);
            case 2 -> Attack.of("C replaces A's group", RawRequest.of("PUT", "/scim/v2/Groups/" + f.groupId()).withHeader("Authorization", auth)
                    .withJson(Json.group("taken over", ",\"members\":[]"))).expect(Attack.Expect.status(404)).probe(Attack.Probe.GROUP);
            case 3 -> Attack.of("C deletes A's group", RawRequest.of("DELETE", "/scim/v2/Groups/" + f.groupId()).withHeader("Authorization", auth))
                    .expect(Attack.Expect.status(404)).probe(Attack.Probe.GROUP);
            case 4 -> Attack.of("C lists A's userName", RawRequest.of("GET", "/scim/v2/Users?filter="
                    + Text.percent("userName eq \"" + f.userName() + "\"")).withHeader("Authorization", auth))
                    .expect(rs -> rs.get(0).status() == 200 && rs.get(0).bodyText().contains("\"totalResults\":0") ? null
                            : "expected an empty list, got " + rs.get(0).status() + " " + Text.abbreviate(rs.get(0).bodyText(), 80));
            case 5 -> Attack.of("C revokes B's canary user", RawRequest.of("PATCH", "/scim/v2/Users/" + canaryUser)
                    .withHeader("Authorization", auth).withJson(Json.patch(Json.op("replace", "active", Boolean.toString(random.nextBoolean())))))
                    .expect(Attack.Expect.status(404));
            default -> Attack.of("C adds A's user to a group of its own", RawRequest.of("POST", "/scim/v2/Groups")
                    .withHeader("Authorization", auth).withJson(Json.group("intruders " + random.nextInt(), ",\"members\":["
                            + Json.member(f.userId()) + "]")))
                    .expect(rs -> rs.get(0).bodyText().contains(f.userId()) ? "A's user id came back in C's group" : null);
        };
    }

    private Attack overlong(Random random, Fixtures f) {
        int kib = new int[] {7, 9, 17, 33, 70, 300, 1100}[random.nextInt(7)];
        String pad = Text.filler(kib * 1024, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", random.nextInt(100));
        return switch (random.nextInt(3)) {
            case 0 -> Attack.of("Authorization of " + kib + " KiB", request(0, f, "Bearer " + pad, random)).expect(Attack.Expect.rejected());
            case 1 -> Attack.of("valid token and a " + kib + " KiB header", request(0, f, "Bearer " + f.token(), random)
                    .withHeader("X-Pad", pad));
            default -> Attack.of("Authorization twice: valid then garbage", request(0, f, "Bearer " + f.token(), random)
                    .withHeader("Authorization", "Bearer " + pad.substring(0, 64)));
        };
    }

    private Attack revoked(Random random, Fixtures f) {
        int kind = random.nextInt(7);
        return Attack.of("revoked token | request kind " + kind, request(kind, f, "Bearer " + f.revokedToken(), random))
                .expect(Attack.Expect.status(401)).probe(kind == 2 ? Attack.Probe.USER : Attack.Probe.NONE);
    }

    private Attack garbage(Random random, Fixtures f) {
        String[] tokens = {"gh_scim_", "gh_scim_" + "A".repeat(43), f.token().substring(0, f.token().length() - 1),
            f.token() + "x", "../../admin", "' OR '1'='1", "gh_scim_\u0000", Text.utf8AsLatin1("gh_scim_ü😀"), "null",
            f.token().replace('_', '-'), "x".repeat(10_000), f.intruderToken().substring(0, 20) + f.token().substring(20)};
        int pick = random.nextInt(tokens.length);
        return Attack.of("garbage token #" + pick, request(random.nextInt(7), f, "Bearer " + tokens[pick], random))
                .expect(Attack.Expect.rejected());
    }

    /** 21 failed authentications on one connection, then the valid token: throttled (429), never looked at. */
    private Attack throttle(Fixtures f) {
        List<RawRequest> requests = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            requests.add(RawRequest.of("GET", "/scim/v2/ServiceProviderConfig").withHeader("Authorization", "Bearer gh_scim_guess" + i));
        }
        requests.add(RawRequest.of("GET", "/scim/v2/ServiceProviderConfig").withHeader("Authorization", "Bearer " + f.token()));
        return Attack.of("21 wrong tokens from one address, then the valid one", requests).expect(Attack.Expect.status(429));
    }
}
