package dev.gatehouse.api.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.scim.ScimException;
import dev.gatehouse.scim.ScimJson;
import dev.gatehouse.scim.limits.Limits;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads a SCIM request body strictly, so that what is stored is exactly what was sent, or nothing:
 * <ul>
 *   <li>UTF-8 only (RFC 7644 §3.8, RFC 8259 §8.1), decoded with {@link CodingErrorAction#REPORT}:
 *       overlong forms, stray continuation bytes, truncated sequences, encoded surrogates and code
 *       points above U+10FFFF (RFC 3629 §3, §10) are refused, not repaired (Jackson's own UTF-8
 *       reader decodes {@code C0 AF} as '/'). A leading byte order mark is ignored (RFC 8259 §8.1).</li>
 *   <li>One JSON value and nothing after it (RFC 8259 §2: {@code JSON-text = ws value ws}).</li>
 *   <li>At most {@link #MAX_DEPTH} levels of nesting: a SCIM resource or PatchOp needs six or so;
 *       deeper bodies only cost the API and the processor.</li>
 *   <li>No unpaired surrogate escape ({@code "\ud800"}) in a value or a name: it names no Unicode
 *       character (RFC 8259 §8.2) and could only be stored as a replacement character.</li>
 * </ul>
 * Uses its own reader (the shared mapper's configuration on a factory with these constraints), so the
 * shared {@link ScimJson#mapper()} (events, the processor's reads) is left as it is.
 */
final class StrictJson {
    static final int MAX_DEPTH = Limits.JSON_DEPTH;
    private static final char BOM = '\uFEFF';
    private static final ObjectReader READER = ScimJson.mapper().reader()
            .with(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                    .build())
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private StrictJson() {
    }

    /** The body as a JSON object, or a 400: {@code invalidSyntax}, or {@code invalidValue} for a lone surrogate. */
    static ObjectNode object(byte[] bytes) {
        String text = decode(bytes);
        checkSurrogates(text);
        JsonNode node;
        try {
            node = READER.readTree(text);
        } catch (StreamConstraintsException e) {
            throw ScimException.invalidSyntax("the request body is nested deeper than " + MAX_DEPTH + " levels");
        } catch (JsonProcessingException e) {
            throw ScimException.invalidSyntax("the request body is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw ScimException.invalidSyntax("the request body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    private static String decode(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw ScimException.invalidSyntax("the request body is not valid UTF-8 (RFC 7644 §3.8): malformed byte sequence at offset "
                    + in.position());
        }
        out.flip();
        if (out.hasRemaining() && out.get(0) == BOM) {
            out.position(1);
        }
        return out.toString();
    }

    /**
     * Refuses a string (a value or a name) whose escapes leave a UTF-16 surrogate unpaired. Runs on the
     * text before parsing, because Jackson refuses such names itself (as a syntax error) but reads such
     * values into the tree; this way both are the same {@code invalidValue}. Raw characters cannot be
     * unpaired here: the text came from strict UTF-8 decoding.
     */
    private static void checkSurrogates(String text) {
        boolean inString = false;
        char pendingHigh = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!inString) {
                inString = c == '"';
                continue;
            }
            char unit = c;
            if (c == '"') {
                inString = false;
                if (pendingHigh != 0) {
                    throw unpaired(pendingHigh);
                }
                continue;
            } else if (c == '\\' && i + 1 < text.length()) {
                char escaped = text.charAt(++i);
                if (escaped != 'u' || i + 4 >= text.length() || !isHex(text, i + 1)) {
                    unit = escaped; // another escape, or a malformed one the parser reports
                } else {
                    unit = (char) Integer.parseInt(text, i + 1, i + 5, 16);
                    i += 4;
                }
            }
            if (pendingHigh != 0) {
                if (!Character.isLowSurrogate(unit)) {
                    throw unpaired(pendingHigh);
                }
                pendingHigh = 0;
            } else if (Character.isHighSurrogate(unit)) {
                pendingHigh = unit;
            } else if (Character.isLowSurrogate(unit)) {
                throw unpaired(unit);
            }
        }
    }

    private static boolean isHex(String text, int from) {
        for (int i = from; i < from + 4; i++) {
            if (Character.digit(text.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static ScimException unpaired(char surrogate) {
        return ScimException.invalidValue(String.format(
                "the request body has an unpaired surrogate escape \\u%04x, which is no Unicode character (RFC 8259 §8.2)",
                (int) surrogate));
    }
}
