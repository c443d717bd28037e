package dev.gatehouse.processor;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The ids of a commands-topic record that could not be read as a command, so it can still be
 * answered and its dead letter named. A streaming read of the top-level fields that skips every
 * value it does not need without building it, so neither its depth nor its size matters.
 */
final class Salvage {
    private static final Set<String> FIELDS = Set.of("commandId", "tenantId", "replyTo");
    private static final JsonFactory LENIENT = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(Integer.MAX_VALUE).maxStringLength(Integer.MAX_VALUE).build())
            .build();

    private Salvage() {
    }

    /** commandId, tenantId and replyTo where the record has them as top-level strings. */
    static Map<String, String> ids(byte[] value) {
        Map<String, String> ids = new HashMap<>();
        try (JsonParser parser = LENIENT.createParser(value)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return ids;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                if (token == JsonToken.VALUE_STRING && FIELDS.contains(name)) {
                    ids.put(name, parser.getText());
                } else {
                    parser.skipChildren();
                }
            }
        } catch (IOException | RuntimeException e) {
            // What was found before the record stopped being JSON is all there is.
        }
        return ids;
    }
}
