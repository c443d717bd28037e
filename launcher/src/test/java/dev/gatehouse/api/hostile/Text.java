package dev.gatehouse.api.hostile;

import java.nio.charset.StandardCharsets;

/** String helpers for generators and reports. */
final class Text {
    private Text() {
    }

    /** At most {@code max} characters, non-printable ones shown as escapes; longer text is cut and sized. */
    static String abbreviate(String s, int max) {
        if (s == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length() && out.length() < max; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || c > 0x7e && c < 0xa0 || Character.isSurrogate(c)) {
                out.append(String.format("\\x%02x", (int) c & 0xffff));
            } else {
                out.append(c);
            }
        }
        if (out.length() >= max && s.length() > max) {
            out.setLength(max);
            out.append("…(").append(s.length()).append(" chars)");
        }
        return out.toString();
    }

    /** A JSON string literal for {@code s}, escaping only what JSON requires (non-ASCII stays raw). */
    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** {@code n} characters cycling through {@code alphabet}, starting at {@code seed}. */
    static String filler(int n, String alphabet, int seed) {
        StringBuilder out = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            out.append(alphabet.charAt(Math.floorMod(seed + i * 7, alphabet.length())));
        }
        return out.toString();
    }

    /** The UTF-8 bytes of a string, seen as ISO-8859-1 characters: to put raw UTF-8 into a request target. */
    static String utf8AsLatin1(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    /** Percent-encodes every byte outside unreserved characters (RFC 3986), UTF-8. */
    static String percent(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_'
                    || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }
}
