package dev.gatehouse.processor.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.pipeline.query.QueryApi;
import dev.gatehouse.scim.ScimJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A fingerprint of one tenant's directory: counts and a SHA-256 over its users, groups and
 * memberships, each store in key order, key and stored value. Two processors that applied the same
 * commands hold the same fingerprint (processing is deterministic, docs/architecture.md), so comparing them is how
 * a rebuild from the commands topic, or a restore from the changelogs, is checked.
 */
public record StateChecksum(long users, long groups, long memberships, String sha256) {

    public static StateChecksum of(Directory directory, String tenantId) {
        MessageDigest digest = newDigest();
        long[] counts = new long[3];
        directory.forEach(ResourceType.USER, tenantId, (id, stored) -> {
            counts[0]++;
            update(digest, "u/" + id, stored);
        });
        directory.forEach(ResourceType.GROUP, tenantId, (id, stored) -> {
            counts[1]++;
            update(digest, "g/" + id, stored);
        });
        directory.forEachMembership(tenantId, (key, value) -> {
            counts[2]++;
            digest.update(("m/" + key + "=" + value + "\n").getBytes(StandardCharsets.UTF_8));
        });
        // Each membership is stored twice (group→user and user→group).
        return new StateChecksum(counts[0], counts[1], counts[2] / 2, HexFormat.of().formatHex(digest.digest()));
    }

    /** The query API's checksum answer ({@link QueryApi.Checksum}). */
    public ObjectNode toJson() {
        return answer().toJson();
    }

    public QueryApi.Checksum answer() {
        return new QueryApi.Checksum(users, groups, memberships, sha256);
    }

    public static StateChecksum fromJson(JsonNode json) {
        return of(QueryApi.Checksum.fromJson(json));
    }

    public static StateChecksum of(QueryApi.Checksum answer) {
        return new StateChecksum(answer.users(), answer.groups(), answer.memberships(), answer.sha256());
    }

    private static void update(MessageDigest digest, String key, StoredResource stored) {
        try {
            digest.update((key + "=").getBytes(StandardCharsets.UTF_8));
            digest.update(ScimJson.mapper().writeValueAsBytes(stored));
            digest.update((byte) '\n');
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unserializable stored resource " + key, e);
        }
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
