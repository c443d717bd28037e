package dev.gatehouse.scim.filter;

import dev.gatehouse.scim.ScimException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Rewrites a filter as received into the strict RFC 7644 §3.4.2.2 text UnboundID's parser accepts.
 * UnboundID cannot serve these by itself:
 * <ul>
 *   <li>unquoted values ({@code userName eq jyoung}, {@code meta.created gt 2015-10-10T14:38:21-07:00}),
 *       as in Microsoft's legacy docs and Postman collection (docs/entra-id.md §2.1, quirk 13): quoted;</li>
 *   <li>attribute names in any case (RFC 7643 §2.1): UnboundID matches JSON keys case-sensitively, so
 *       everything outside string literals is lowercased and resources are matched with lowercased keys;</li>
 *   <li>{@code emails[type eq "work"].value eq "x"} (Entra matching attribute, docs/entra-id.md §2.1), not in
 *       the RFC grammar: rewritten to {@code emails[(type eq "work") and value eq "x"]};</li>
 *   <li>a bare {@code manager} (legacy reference check, §2.1): the enterprise {@code manager.value};</li>
 *   <li>core-URN-qualified names ({@code urn:...:core:2.0:User:userName}, quirk 23): prefix dropped.</li>
 * </ul>
 */
final class FilterText {
    private static final Set<String> OPERATORS = Set.of("eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le");
    private static final Set<String> LITERALS = Set.of("true", "false", "null");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?");
    private static final List<String> CORE_PREFIXES = List.of(
            "urn:ietf:params:scim:schemas:core:2.0:user:", "urn:ietf:params:scim:schemas:core:2.0:group:");

    private static final String ENTERPRISE_MANAGER =
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:user:manager.value";

    private FilterText() {
    }

    /** The strict, lowercased filter text. */
    static String normalize(String filter) {
        List<String> tokens = quoteBareValues(tokenize(filter));
        return join(rewriteValuePathComparisons(tokens));
    }

    /** Splits into string literals (kept verbatim), brackets/parentheses, and words. */
    static List<String> tokenize(String text) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"') {
                int end = closingQuote(text, i);
                tokens.add(text.substring(i, end + 1));
                i = end + 1;
            } else if ("()[]".indexOf(c) >= 0) {
                tokens.add(String.valueOf(c));
                i++;
            } else {
                int start = i;
                while (i < text.length() && !Character.isWhitespace(text.charAt(i))
                        && "()[]\"".indexOf(text.charAt(i)) < 0) {
                    i++;
                }
                tokens.add(text.substring(start, i));
            }
        }
        return tokens;
    }

    private static int closingQuote(String text, int open) {
        for (int i = open + 1; i < text.length(); i++) {
            if (text.charAt(i) == '\\') {
                i++;
            } else if (text.charAt(i) == '"') {
                return i;
            }
        }
        throw ScimException.invalidFilter("Unterminated string literal in filter: " + text);
    }

    private static List<String> quoteBareValues(List<String> tokens) {
        List<String> out = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            boolean afterOperator = i > 0 && OPERATORS.contains(tokens.get(i - 1).toLowerCase(Locale.ROOT));
            if (token.startsWith("\"")) {
                out.add(token);
            } else if (afterOperator && !"()[]".contains(token)) {
                out.add(bareValue(token));
            } else {
                out.add(stripCorePrefix(token.toLowerCase(Locale.ROOT)));
            }
        }
        return out;
    }

    private static String bareValue(String token) {
        String lower = token.toLowerCase(Locale.ROOT);
        if (LITERALS.contains(lower)) {
            return lower;
        }
        if (NUMBER.matcher(token).matches()) {
            return token;
        }
        return '"' + token.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static String stripCorePrefix(String word) {
        if (word.equals("manager") || word.equals("manager.value")) {
            // Legacy reference check "id eq <id> and manager eq <mgrId>" (docs/entra-id.md §2.1, S48):
            // the manager lives in the enterprise extension as {"value": id} (§2.5 E).
            return ENTERPRISE_MANAGER;
        }
        for (String prefix : CORE_PREFIXES) {
            if (word.startsWith(prefix)) {
                return word.substring(prefix.length());
            }
        }
        return word;
    }

    /** {@code a[F] .s op v} becomes {@code a[(F) and s op v]}; {@code a[F] .s pr} likewise. */
    private static List<String> rewriteValuePathComparisons(List<String> tokens) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            boolean subAttr = token.equals("]") && i + 2 < tokens.size() && tokens.get(i + 1).startsWith(".");
            if (!subAttr) {
                out.add(token);
                continue;
            }
            int open = out.lastIndexOf("[");
            if (open < 0) {
                throw ScimException.invalidFilter("Unbalanced ']' in filter");
            }
            List<String> inner = new ArrayList<>(out.subList(open + 1, out.size()));
            out.subList(open + 1, out.size()).clear();
            out.add("(");
            out.addAll(inner);
            out.add(")");
            out.add("and");
            out.add(tokens.get(i + 1).substring(1));
            String op = tokens.get(i + 2);
            out.add(op);
            i += 2;
            if (!op.equals("pr") && i + 1 < tokens.size()) {
                out.add(tokens.get(++i));
            }
            out.add("]");
        }
        return out;
    }

    private static String join(List<String> tokens) {
        StringBuilder sb = new StringBuilder();
        String previous = null;
        for (String token : tokens) {
            boolean glue = previous == null || token.equals("[") || token.equals("]") || previous.equals("[")
                    || (previous.equals("]") && token.startsWith("."));
            if (!glue) {
                sb.append(' ');
            }
            sb.append(token);
            previous = token;
        }
        return sb.toString();
    }
}
