package dev.gatehouse.api.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.scim.ScimJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;

/**
 * Text that is not what it seems, put into values and keys of users, groups and PATCHes, and into
 * filters and paths: raw invalid UTF-8 (overlong encodings — an overlong quote or slash must not
 * become one —, lone continuation bytes, truncated sequences, encoded surrogates, code points past
 * U+10FFFF), JSON-escaped lone surrogates, raw and escaped control characters, non-characters, BOMs,
 * RTL overrides and stacks of combining marks, 4-byte emoji. Invalid UTF-8, lone surrogates and raw
 * control characters must be refused (400), never stored as something else; valid text that is
 * stored must come back exactly as sent.
 */
final class UnicodeFamily implements Family {
    /** Hex byte sequences that are not UTF-8. */
    private static final String[] INVALID = {"c0af", "c1bf", "e080af", "f08080af", "c080", "e09fbf", "c0a2", "c0ae", "80", "bf",
        "8080", "c3", "e282", "f09f98", "eda080", "edbfbf", "eda0bdedb880", "f4908080", "f5808080", "f888808080", "fc8480808080",
        "fe", "ff", "c328", "a0a1", "e228a1", "f0288cbc"};
    /** JSON escapes that decode to a lone or misordered surrogate. */
    private static final String[] SURROGATES = {"\\ud800", "\\udfff", "\\udc00\\ud800", "\\ud800\\u0041", "x\\ud83d", "\\ude00x",
        "\\uDBFF", "\\ud800\\ud800"};
    /** Valid but awkward text: non-characters, BOM, bidi controls, combining marks, emoji, scripts. */
    private static final String[] AWKWARD = {"\uFFFE", "\uFFFF", "\uFDD0", "\uD83F\uDFFE", "\uDBFF\uDFFF", "\uFEFF", "\u202Eevil\u202C",
        "\u200F\u05D0\u05D1", "\u0627\u0644\u0639\u0631\u0628\u064A\u0629", "a" + "\u0301".repeat(1000), "e\u0301", "\u00e9",
        "\u200D\u200B\u2060", "\uD83D\uDE00", "\uD83D\uDC69\u200D\uD83D\uDC69\u200D\uD83D\uDC67", "\u0130\u0131", "\u1E9E\u00DF",
        "Z\u00fcrich", "\u65E5\u672C", "\uD800\uDC00"};

    @Override
    public String name() {
        return "unicode";
    }

    @Override
    public Attack build(int index, Random random, Fixtures f) {
        int target = random.nextInt(7);
        return switch (index % 9) {
            case 0, 1 -> {
                String hex = INVALID[random.nextInt(INVALID.length)];
                yield inject(target, f, random, HexFormat.of().parseHex(hex), "invalid UTF-8 " + hex)
                        .expect(Attack.Expect.rejected());
            }
            case 2 -> {
                String esc = SURROGATES[random.nextInt(SURROGATES.length)];
                yield inject(target, f, random, esc.getBytes(StandardCharsets.US_ASCII), "escaped lone surrogate " + esc)
                        .expect(Attack.Expect.rejected());
            }
            case 3 -> {
                int c = random.nextInt(0x20);
                yield inject(target, f, random, new byte[] {(byte) c}, String.format("raw control 0x%02x", c))
                        .expect(Attack.Expect.rejected());
            }
            case 4 -> {
                String esc = new String[] {"\\u0000", "\\u001f", "\\u007f", "\\u0085", "\\u2028", "\\t\\r\\n", "\\u0000\\u0000"}[random.nextInt(7)];
                yield inject(target, f, random, esc.getBytes(StandardCharsets.US_ASCII), "escaped control " + esc);
            }
            case 5, 6 -> {
                String text = AWKWARD[random.nextInt(AWKWARD.length)];
                Attack a = inject(target, f, random, text.getBytes(StandardCharsets.UTF_8), "valid " + Text.abbreviate(text, 12));
                yield a.expect(roundTrip(target, text));
            }
            case 7 -> random.nextInt(4) == 0 ? bom(random, f) : emojiUserName(random, f);
            default -> outsideBodies(random, f);
        };
    }

    /** The bytes put into one of seven places; the rest of the JSON is valid. */
    private static Attack inject(int target, Fixtures f, Random random, byte[] raw, String what) {
        String unique = Long.toHexString(random.nextLong());
        String[] parts = switch (target) {
            case 0 -> new String[] {"POST", "/Users", "{\"schemas\":[\"" + Json.USER_SCHEMA + "\"],\"userName\":\"u" + unique,
                "@hostile.test\"}"};
            case 1 -> new String[] {"PATCH", "/Users/" + f.userId(), "{\"schemas\":[\"" + Json.PATCH_OP
                + "\"],\"Operations\":[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"", "\"}]}"};
            case 2 -> new String[] {"PUT", "/Users/" + f.userId(), "{\"userName\":" + Text.quote(f.userName()) + ",\"displayName\":\"", "\"}"};
            case 3 -> new String[] {"POST", "/Groups", "{\"displayName\":\"g" + unique, "\"}"};
            case 4 -> new String[] {"PATCH", "/Users/" + f.userId(), "{\"schemas\":[\"" + Json.PATCH_OP
                + "\"],\"Operations\":[{\"op\":\"add\",\"path\":\"metadata.city\",\"value\":\"", "\"}]}"};
            case 5 -> new String[] {"PATCH", "/Users/" + f.userId(), "{\"schemas\":[\"" + Json.PATCH_OP
                + "\"],\"Operations\":[{\"op\":\"add\",\"value\":{\"metadata.k", "\":\"v\"}}]}"};
            default -> new String[] {"PATCH", "/Groups/" + f.groupId(), "{\"schemas\":[\"" + Json.PATCH_OP
                + "\"],\"Operations\":[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"anchor ", "\"}]}"};
        };
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(parts[2].getBytes(StandardCharsets.UTF_8));
        body.writeBytes(raw);
        body.writeBytes(parts[3].getBytes(StandardCharsets.UTF_8));
        Attack.Probe probe = parts[1].startsWith("/Users/") ? Attack.Probe.USER
                : parts[1].startsWith("/Groups/") ? Attack.Probe.GROUP : Attack.Probe.NONE;
        return Attack.of(what + " in " + parts[0] + " " + (target == 5 ? "a metadata key" : "a value") + " of " + parts[1].split("/")[1],
                RawRequest.scim(parts[0], parts[1], f.token()).withBody(RawRequest.SCIM_JSON, body.toByteArray())).probe(probe);
    }

    /** Stored valid text comes back exactly as sent (in the answer, which is built from what was stored). */
    private static Attack.Expect roundTrip(int target, String text) {
        return rs -> {
            RawHttp.Response r = rs.get(0);
            if (r.status() < 200 || r.status() >= 300 || r.body().length == 0) {
                return null;
            }
            JsonNode body;
            try {
                body = ScimJson.mapper().readTree(r.body());
            } catch (IOException e) {
                return "the 2xx answer is not JSON";
            }
            String got = switch (target) {
                case 0 -> body.path("userName").asText("");
                case 2 -> body.path("displayName").asText("");
                case 3 -> body.path("displayName").asText("");
                default -> null;
            };
            return got == null || got.contains(text) ? null
                    : "stored text differs: sent " + Text.abbreviate(text, 20) + ", got " + Text.abbreviate(got, 40);
        };
    }

    private Attack emojiUserName(Random random, Fixtures f) {
        String emoji = new String[] {"\uD83D\uDE00", "\uD83C\uDFF3\uFE0F\u200D\uD83C\uDF08", "\uD801\uDC37", "\uD83D\uDC4D\uD83C\uDFFD"}[random.nextInt(4)];
        String userName = emoji + Long.toHexString(random.nextLong()) + emoji + "@hostile.test";
        boolean escaped = random.nextBoolean();
        String json = escaped ? Json.user(userName, "").replace(emoji, escape(emoji)) : Json.user(userName, "");
        return Attack.of("4-byte emoji userName" + (escaped ? " (escaped)" : " (raw UTF-8)"), RawRequest.scim("POST", "/Users", f.token(), json))
                .expect(rs -> {
                    String unmet = Attack.Expect.status(201).check(rs);
                    return unmet != null ? unmet : rs.get(0).bodyText().contains(userName) ? null : "userName not returned as sent";
                });
    }

    /** A byte order mark before the JSON (RFC 8259 §8.1: must not be sent; may be ignored). */
    private Attack bom(Random random, Fixtures f) {
        byte[] json = Json.user("bom" + Long.toHexString(random.nextLong()) + "@hostile.test", "").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[json.length + 3];
        body[0] = (byte) 0xEF;
        body[1] = (byte) 0xBB;
        body[2] = (byte) 0xBF;
        System.arraycopy(json, 0, body, 3, json.length);
        return Attack.of("BOM before the JSON body", RawRequest.scim("POST", "/Users", f.token()).withBody(RawRequest.SCIM_JSON, body));
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder();
        s.chars().forEach(c -> out.append(String.format("\\u%04x", c)));
        return out.toString();
    }

    /** In a filter or a path, raw or percent-encoded. */
    private Attack outsideBodies(Random random, Fixtures f) {
        String hex = INVALID[random.nextInt(INVALID.length)];
        String encoded = hex.replaceAll("(..)", "%$1").toUpperCase();
        String raw = new String(HexFormat.of().parseHex(hex), StandardCharsets.ISO_8859_1);
        String awkward = Text.utf8AsLatin1(AWKWARD[random.nextInt(AWKWARD.length)]);
        String[] targets = {"/Users?filter=userName%20eq%20%22" + encoded + "%22", "/Users?filter=userName%20eq%20%22" + raw + "%22",
            "/Users/" + encoded, "/Users/" + raw, "/Users?filter=displayName%20co%20%22" + awkward + "%22",
            "/Users?filter=userName%20eq%20%22%5Cud800%22", "/Groups?filter=displayName%20sw%20%22" + Text.percent("\uD83D\uDE00") + "%22",
            "/Users?attributes=" + encoded, "/Users?sortBy=" + awkward};
        int pick = random.nextInt(targets.length);
        return Attack.of("unicode outside bodies #" + pick + " (" + hex + ")", RawRequest.scim("GET", targets[pick], f.token()));
    }
}
