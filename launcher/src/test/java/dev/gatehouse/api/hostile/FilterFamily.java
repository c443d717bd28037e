package dev.gatehouse.api.hostile;

import java.util.Random;

/**
 * List queries: long filter values (100 to 5,000 characters, sent the way a client may: letters,
 * characters that are legal raw in a query but that a re-encoding triples, raw UTF-8, percent-encoded),
 * deep parentheses (10 to 5,000), many {@code or} terms, bad grammar, unknown attributes, value paths,
 * escaped quotes, percent-encoding tricks, and extremes of sortBy, startIndex, count and attributes.
 * A query the API takes in must be answered by it: a filter may not pass the API's URI limit and then
 * break the API's own call to the processor.
 */
final class FilterFamily implements Family {
    private static final int[] LENGTHS = {100, 500, 1000, Budget.FILTER_CHARS - 20, Budget.FILTER_CHARS - 15,
        Budget.FILTER_CHARS - 14, 2700, 3000, 5000};
    private static final int[] DEPTHS = {Budget.FILTER_DEPTH - 1, Budget.FILTER_DEPTH, Budget.FILTER_DEPTH + 1, 32, 100, 1000, 2000,
        3000, 5000};
    /** Sent raw: legal in a query, but percent-encoded (tripled) by a URL encoder. */
    private static final String RAW_SAFE = ":/@!$'()*,;=?";
    private static final String[] TOKENS = {"userName", "displayName", "emails", "emails.value", "name.givenName", "members",
        "meta.lastModified", "eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le", "pr", "and", "or", "not", "(", ")", "[", "]",
        "\"x\"", "\"\"", "true", "false", "null", "1", "1e999", "-0", "\"\\\"\"", "\\", "urn:ietf:params:scim:schemas:core:2.0:User:userName"};
    private static final String[] VALUE_PATHS = {"emails[type eq \"work\" and value co \"@\"]", "emails[type eq \"work\"].value eq \"x\"",
        "members[value eq \"x\"]", "emails[value sw \"x\"].value", "emails[type eq \"work\"][primary eq true]",
        "addresses[not(type eq \"work\")]", "emails[type eq \"work\"", "emails[]", "emails[type eq \"work\"].value.x eq \"1\"",
        "roles[primary eq \"True\"].value eq \"r\"", "members[value pr]", "emails[emails[value pr]]"};

    @Override
    public String name() {
        return "filters";
    }

    @Override
    public Attack build(int index, Random random, Fixtures f) {
        String endpoint = random.nextInt(4) == 0 ? "/Groups" : "/Users";
        return switch (index % 9) {
            case 0, 1 -> longValue(random, f, endpoint);
            case 2 -> deepParentheses(random, f, endpoint);
            case 3 -> manyOr(random, f, endpoint);
            case 4 -> list(f, endpoint, "bad grammar", Text.percent(soup(random)), false);
            case 5 -> list(f, endpoint, "value path / unknown attribute", Text.percent(
                    random.nextBoolean() ? VALUE_PATHS[random.nextInt(VALUE_PATHS.length)]
                            : new String[] {"foo eq \"x\"", "urn:x:y:foo pr", "emails.bar eq 1", "meta.nope gt \"2020\"",
                                "metadata.city eq \"Berlin\"", "groups.value eq \"x\"", "x.y.z.w pr"}[random.nextInt(7)]), false);
            case 6 -> list(f, endpoint, "quotes and escapes", Text.percent(new String[] {"userName eq \"a\\\"b\"", "userName eq \"\\u0000\"",
                "displayName co \"\uD83D\uDE00\"", "userName eq \"\\\"", "userName eq \"x\\\\\"", "userName eq 'x'", "userName eq \"\\ud800\"",
                "userName eq \"" + "\\\"".repeat(50) + "\""}[random.nextInt(8)]), false);
            case 7 -> encodingTricks(random, f, endpoint);
            default -> parameters(random, f, endpoint);
        };
    }

    private static Attack list(Fixtures f, String endpoint, String what, String encodedFilter, boolean over) {
        String target = endpoint + "?filter=" + encodedFilter;
        return Attack.of(what + ": GET " + endpoint + " filter of " + encodedFilter.length() + " encoded chars",
                RawRequest.scim("GET", target, f.token())).overBudget(over, "filter");
    }

    private Attack longValue(Random random, Fixtures f, String endpoint) {
        int n = LENGTHS[random.nextInt(LENGTHS.length)];
        String attr = endpoint.equals("/Groups") ? "displayName" : "userName";
        String prefix = attr + " eq \"";
        int valueLength = Math.max(1, n - prefix.length() - 1);
        int style = random.nextInt(4);
        String value = switch (style) {
            case 0 -> Text.filler(valueLength, "abcdefghijklmnopqrstuvwxyz0123456789", random.nextInt(100));
            case 1 -> Text.filler(valueLength, RAW_SAFE, random.nextInt(100));
            case 2 -> Text.filler(valueLength, "\u00fc\u00e9\u00df\u4e2d", random.nextInt(100));
            default -> Text.filler(valueLength, "abc \"\\%&+#", random.nextInt(100));
        };
        String filter = prefix + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        String encoded = switch (style) {
            case 1 -> Text.percent(prefix) + value + "%22";
            case 2 -> Text.percent(prefix) + Text.utf8AsLatin1(value) + "%22";
            default -> Text.percent(filter);
        };
        String[] styles = {"letters", "raw query punctuation", "raw UTF-8", "percent-encoded specials"};
        return list(f, endpoint, filter.length() + "-char filter, value of " + styles[style], encoded, filter.length() > Budget.FILTER_CHARS);
    }

    private Attack deepParentheses(Random random, Fixtures f, String endpoint) {
        int depth = DEPTHS[random.nextInt(DEPTHS.length)];
        String inner = endpoint.equals("/Groups") ? "displayName%20eq%20%22x%22" : "userName%20eq%20%22x%22";
        String filter = switch (random.nextInt(3)) {
            case 0 -> "(".repeat(depth) + inner + ")".repeat(depth);
            case 1 -> "not%20(".repeat(depth) + inner + ")".repeat(depth);
            default -> "(".repeat(depth) + inner + "%20or%20" + inner + ")".repeat(depth);
        };
        return list(f, endpoint, depth + " nested parentheses (raw)", filter, depth > Budget.FILTER_DEPTH);
    }

    private Attack manyOr(Random random, Fixtures f, String endpoint) {
        int n = new int[] {10, 50, 80, 100, 300, 1000}[random.nextInt(6)];
        StringBuilder filter = new StringBuilder();
        for (int i = 0; i < n; i++) {
            filter.append(i == 0 ? "" : "%20or%20").append(endpoint.equals("/Groups") ? "displayName" : "userName")
                    .append("%20eq%20%22u").append(i).append("%22");
        }
        // The limit counts the filter's characters, not its percent-encoded form.
        String decoded = java.net.URLDecoder.decode(filter.toString(), java.nio.charset.StandardCharsets.UTF_8);
        return list(f, endpoint, n + " or-terms", filter.toString(), decoded.length() > Budget.FILTER_CHARS);
    }

    private static String soup(Random random) {
        StringBuilder s = new StringBuilder();
        for (int i = 0, n = 1 + random.nextInt(12); i < n; i++) {
            s.append(i == 0 ? "" : " ").append(TOKENS[random.nextInt(TOKENS.length)]);
        }
        return s.toString();
    }

    private Attack encodingTricks(Random random, Fixtures f, String endpoint) {
        String[] queries = {"filter=%", "filter=%zz", "filter=%2", "filter=userName%20eq%20%22x%22%00", "filter=userName%2520eq%2520%2522x%2522",
            "filter=userName+eq+%22x%22", "filter=userName+eq+\"x\"", "filter=userName%20eq%20%C0%A2x%C0%A2",
            "filter=userName%20eq%20%22a%22&filter=userName%20eq%20%22b%22", "filter=userName%20eq%20%22x%22#frag",
            "filter=" + "%25".repeat(500), "filter==&=&&&", "filter=userName eq \"x\"", "filter=%E2%80%AE", "filter",
            "FILTER=userName%20eq%20%22x%22", "filter=userName%20eq%20%22%ED%A0%80%22", "filter=" + "%".repeat(100)};
        String q = queries[random.nextInt(queries.length)];
        return Attack.of("encoding trick: " + Text.abbreviate(q, 60), RawRequest.scim("GET", endpoint + "?" + q, f.token()));
    }

    private Attack parameters(Random random, Fixtures f, String endpoint) {
        String[] ints = {"-2147483648", "-1", "0", "1", "2147483647", "2147483648", "99999999999", "1.5", "%201", "1e3", "0x10", "",
            "\u0661", "+1"};
        String q = switch (random.nextInt(6)) {
            case 0 -> {
                int n = new int[] {Budget.SORT_BY_CHARS - 1, Budget.SORT_BY_CHARS, Budget.SORT_BY_CHARS + 1, 5000}[random.nextInt(4)];
                yield "sortBy=" + Text.filler(n, "abcdefghij.", random.nextInt(10));
            }
            case 1 -> "sortBy=" + Text.percent(new String[] {"emails[type eq \"x\"].value", "userName", "meta.created", "members",
                "urn:x:y", "", "..", "name.givenName.x"}[random.nextInt(8)]) + "&sortOrder="
                    + new String[] {"ascending", "descending", "up", "", "%00", "x".repeat(1000)}[random.nextInt(6)];
            case 2 -> "startIndex=" + ints[random.nextInt(ints.length)] + "&count=" + ints[random.nextInt(ints.length)];
            case 3 -> "startIndex=2147483647&count=" + new String[] {"1000", "2147483647", "1"}[random.nextInt(3)];
            case 4 -> "attributes=" + Text.percent(String.join(",", java.util.Collections.nCopies(1 + random.nextInt(1000),
                    TOKENS[random.nextInt(6)])));
            default -> "excludedAttributes=" + Text.percent(new String[] {"members", "id", "schemas", "meta", "emails[type eq \"x\"]",
                "", ",", "userName,userName", "urn:ietf:params:scim:schemas:core:2.0:User"}[random.nextInt(9)])
                    + "&attributes=" + Text.percent(new String[] {"id", "members", "", "meta.version", "groups"}[random.nextInt(5)]);
        };
        return Attack.of("parameters: " + Text.abbreviate(q, 60), RawRequest.scim("GET", endpoint + "?" + q, f.token()))
                .overBudget(q.startsWith("sortBy=") && q.length() - 7 > Budget.SORT_BY_CHARS, "sortBy");
    }
}
