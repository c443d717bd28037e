package dev.gatehouse.scim.limits;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.scim.ScimException;
import dev.gatehouse.scim.ScimJson;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * Checks of a JSON tree that do not depend on its meaning: nesting depth, text that cannot be stored
 * (lone UTF-16 surrogates, which UTF-8 cannot encode and Jackson would write as {@code ?}), and the
 * serialized size. The walks are iterative, so a hostile depth costs no stack.
 */
public final class JsonLimits {
    private JsonLimits() {
    }

    /**
     * A request body: at most {@link Limits#JSON_DEPTH} levels (400 {@code invalidSyntax}) and no lone
     * surrogate in a key or string value (400 {@code invalidValue}).
     */
    public static void checkBody(JsonNode body) {
        if (body == null) {
            return;
        }
        Deque<JsonNode> nodes = new ArrayDeque<>();
        Deque<Integer> depths = new ArrayDeque<>();
        nodes.push(body);
        depths.push(1);
        while (!nodes.isEmpty()) {
            JsonNode node = nodes.pop();
            int depth = depths.pop();
            if (node.isContainerNode() && depth > Limits.JSON_DEPTH) {
                throw ScimException.invalidSyntax("The request body is nested deeper than " + Limits.JSON_DEPTH
                        + " levels");
            }
            if (node.isTextual()) {
                checkText(node.textValue());
            } else if (node.isObject()) {
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    checkText(field.getKey());
                    nodes.push(field.getValue());
                    depths.push(depth + 1);
                }
            } else if (node.isArray()) {
                for (JsonNode element : node) {
                    nodes.push(element);
                    depths.push(depth + 1);
                }
            }
        }
    }

    /** 400 {@code invalidValue} when {@code text} holds a surrogate that is not half of a pair. */
    public static void checkText(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw ScimException.invalidValue("The request holds a lone UTF-16 surrogate (\\u"
                        + Integer.toHexString(c) + "), which is not a character");
            }
        }
    }

    /**
     * The size of {@code value} (a tree or a record of the pipeline contract) serialized as the services
     * serialize it, without keeping the bytes.
     */
    public static long serializedBytes(Object value) {
        CountingStream counter = new CountingStream();
        try {
            ScimJson.mapper().writeValue(counter, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return counter.count;
    }

    private static final class CountingStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
