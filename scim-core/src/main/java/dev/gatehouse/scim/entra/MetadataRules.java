package dev.gatehouse.scim.entra;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.scim.ScimException;
import java.util.Map;

/**
 * Limits of a user's free-form {@code metadata} object (docs/architecture.md "Metadata", docs/entra-id.md §4.2):
 * flat values only (string, number, boolean), at most {@value #MAX_KEYS} keys, keys of at most
 * {@value #MAX_KEY_LENGTH} characters and values of at most {@value #MAX_VALUE_LENGTH}. It travels to
 * door systems in every user change, so it must stay small.
 */
public final class MetadataRules {
    public static final int MAX_KEYS = 50;
    public static final int MAX_KEY_LENGTH = 50;
    public static final int MAX_VALUE_LENGTH = 500;

    private MetadataRules() {
    }

    /** A 400 invalidValue naming the limit when {@code metadata} breaks one. Nulls are already gone. */
    public static void check(JsonNode metadata) {
        if (!metadata.isObject()) {
            throw ScimException.invalidValue("metadata must be an object of flat values");
        }
        if (metadata.size() > MAX_KEYS) {
            throw ScimException.invalidValue("metadata has " + metadata.size() + " keys; at most " + MAX_KEYS
                    + " are allowed");
        }
        for (Map.Entry<String, JsonNode> e : metadata.properties()) {
            if (e.getKey().length() > MAX_KEY_LENGTH) {
                throw ScimException.invalidValue("metadata key '" + e.getKey().substring(0, MAX_KEY_LENGTH)
                        + "...' is longer than " + MAX_KEY_LENGTH + " characters");
            }
            if (!e.getValue().isValueNode()) {
                throw ScimException.invalidValue("metadata." + e.getKey()
                        + " must be a string, number or boolean, not an object or array");
            }
            if (e.getValue().asText().length() > MAX_VALUE_LENGTH) {
                throw ScimException.invalidValue("metadata." + e.getKey() + " is longer than " + MAX_VALUE_LENGTH
                        + " characters");
            }
        }
    }
}
