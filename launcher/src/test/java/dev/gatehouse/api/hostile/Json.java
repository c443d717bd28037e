package dev.gatehouse.api.hostile;

import java.util.Random;
import java.util.function.IntFunction;

/** Builders of SCIM JSON text for generators: plain strings, so any shape (also a broken one) can be made. */
final class Json {
    static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
    static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    private Json() {
    }

    /** A user with {@code userName} and {@code extra} members (",\"k\":v…", may be empty). */
    static String user(String userName, String extra) {
        return "{\"schemas\":[\"" + USER_SCHEMA + "\"],\"userName\":" + Text.quote(userName) + ",\"active\":true" + extra + "}";
    }

    static String group(String displayName, String extra) {
        return "{\"schemas\":[\"" + GROUP_SCHEMA + "\"],\"displayName\":" + Text.quote(displayName) + extra + "}";
    }

    /** A PatchOp body of the given operations (each a JSON object). */
    static String patch(String... operations) {
        return "{\"schemas\":[\"" + PATCH_OP + "\"],\"Operations\":[" + String.join(",", operations) + "]}";
    }

    /** One operation; {@code path} or {@code value} null leaves it out; {@code value} is JSON. */
    static String op(String op, String path, String value) {
        StringBuilder s = new StringBuilder("{\"op\":").append(Text.quote(op));
        if (path != null) {
            s.append(",\"path\":").append(Text.quote(path));
        }
        if (value != null) {
            s.append(",\"value\":").append(value);
        }
        return s.append('}').toString();
    }

    /** {@code n} elements made by {@code element}, as a JSON array. */
    static String array(int n, IntFunction<String> element) {
        StringBuilder s = new StringBuilder(n * 24 + 2).append('[');
        for (int i = 0; i < n; i++) {
            s.append(i == 0 ? "" : ",").append(element.apply(i));
        }
        return s.append(']').toString();
    }

    /** A member reference. */
    static String member(String id) {
        return "{\"value\":" + Text.quote(id) + "}";
    }

    static String email(int i, String domain) {
        return "{\"type\":\"work\",\"value\":\"e" + i + "@" + domain + "\"" + (i == 0 ? ",\"primary\":true" : "") + "}";
    }

    /**
     * A value nested {@code depth} levels deep (depth 1 is a flat array or object): arrays, objects, or
     * both alternating, chosen by {@code shape} 0, 1, 2.
     */
    static String nested(int depth, int shape, String leaf) {
        StringBuilder open = new StringBuilder(depth * 6);
        StringBuilder close = new StringBuilder(depth);
        for (int i = 0; i < depth; i++) {
            boolean array = shape == 0 || shape == 2 && i % 2 == 0;
            open.append(array ? "[" : "{\"a\":");
            close.append(array ? ']' : '}');
        }
        return open + leaf + close.reverse();
    }

    /** A JSON object of {@code n} string members named {@code prefix0…} with values of {@code valueChars}. */
    static String object(int n, String prefix, int valueChars, Random random) {
        StringBuilder s = new StringBuilder(n * (valueChars + prefix.length() + 8) + 2).append('{');
        for (int i = 0; i < n; i++) {
            s.append(i == 0 ? "" : ",").append('"').append(prefix).append(i).append("\":\"")
                    .append(Text.filler(valueChars, "abcdefghijklmnopqrstuvwxyz0123456789", random.nextInt(1000))).append('"');
        }
        return s.append('}').toString();
    }

    /** Pads {@code json} (an object) with an unknown attribute so that it is exactly {@code bytes} long (ASCII). */
    static String padTo(String json, int bytes) {
        String head = json.substring(0, json.length() - 1) + ",\"urn:x:pad:1.0:User\":{\"pad\":\"";
        String tail = "\"}}";
        int fill = bytes - head.length() - tail.length();
        if (fill < 0) {
            return json;
        }
        return head + "p".repeat(fill) + tail;
    }
}
