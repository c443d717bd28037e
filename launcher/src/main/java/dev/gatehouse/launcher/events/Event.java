package dev.gatehouse.launcher.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.scim.ScimJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One record as {@code events tail} prints it: one JSON line {@code {"topic", "partition", "offset",
 * "timestamp", "key", "value"}}, the value parsed as JSON (null for a tombstone) with every password
 * redacted ({@link #redacted}).
 *
 * @param topic     the topic's full name
 * @param partition the partition
 * @param offset    the offset
 * @param timestamp the record's timestamp, or null when it has none
 * @param key       the key, or null
 * @param value     the parsed value, or null for a tombstone
 * @param readable  false when the value is not JSON (such a record is reported, never printed)
 */
public record Event(String topic, int partition, long offset, Instant timestamp, String key, JsonNode value,
                   boolean readable) {

    /** What a redacted value reads. */
    public static final String REDACTED = "[redacted]";

    /** Oldest first by timestamp, then partition, then offset: the order merged history is printed in. */
    public static final Comparator<Event> CHRONOLOGICAL = Comparator
            .comparing((Event e) -> e.timestamp() == null ? Instant.MIN : e.timestamp())
            .thenComparingInt(Event::partition)
            .thenComparingLong(Event::offset);

    /** The event of a consumed record, its value parsed (and redacted). */
    public static Event of(ConsumerRecord<String, byte[]> record) {
        Instant timestamp = record.timestamp() < 0 ? null : Instant.ofEpochMilli(record.timestamp());
        if (record.value() == null) {
            return new Event(record.topic(), record.partition(), record.offset(), timestamp, record.key(), null, true);
        }
        try {
            JsonNode value = ScimJson.mapper().readTree(record.value());
            return new Event(record.topic(), record.partition(), record.offset(), timestamp, record.key(),
                    redacted(value), true);
        } catch (IOException e) {
            return new Event(record.topic(), record.partition(), record.offset(), timestamp, record.key(), null, false);
        }
    }

    /** The JSON line: no line break inside, keys in the contract's order. */
    public String line() {
        ObjectNode line = JsonNodeFactory.instance.objectNode();
        line.put("topic", topic);
        line.put("partition", partition);
        line.put("offset", offset);
        line.put("timestamp", timestamp == null ? null : timestamp.toString());
        line.put("key", key);
        line.set("value", value == null ? JsonNodeFactory.instance.nullNode() : value);
        try {
            return ScimJson.mapper().writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A copy of {@code value} in which every password a SCIM client sent is {@value #REDACTED}: the value
     * of any member whose name is {@code password} in any case, alone or as the last part of a dotted or
     * URN-qualified name ({@code urn:…:User:password}, {@code metadata.password}), and the {@code value}
     * of a PATCH operation whose {@code path} names such an attribute. The ingest API blanks a user's
     * password before it publishes a write ({@code Passwords}); this covers what it does not (a
     * {@code metadata.password}, records written before it did) wherever such a value sits.
     */
    public static JsonNode redacted(JsonNode value) {
        if (value == null) {
            return null;
        }
        if (value.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            boolean passwordPath = false;
            for (Map.Entry<String, JsonNode> member : value.properties()) {
                passwordPath |= member.getKey().equalsIgnoreCase("path") && member.getValue().isTextual()
                        && namesPassword(member.getValue().asText());
            }
            for (Map.Entry<String, JsonNode> member : value.properties()) {
                boolean secret = namesPassword(member.getKey())
                        || (passwordPath && member.getKey().equalsIgnoreCase("value"));
                copy.set(member.getKey(), secret ? JsonNodeFactory.instance.textNode(REDACTED) : redacted(member.getValue()));
            }
            return copy;
        }
        if (value.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            value.forEach(element -> copy.add(redacted(element)));
            return copy;
        }
        return value;
    }

    /** Whether an attribute name or PATCH path names a password: its last ':'- or '.'-separated part. */
    static boolean namesPassword(String name) {
        String trimmed = name.strip();
        int cut = Math.max(trimmed.lastIndexOf(':'), trimmed.lastIndexOf('.'));
        return trimmed.substring(cut + 1).toLowerCase(Locale.ROOT).equals("password");
    }
}
