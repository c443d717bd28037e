package dev.gatehouse.contract;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.gatehouse.scim.ScimJson;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How an {@link AccessChange} reads as a SCIM provisioning event (RFC 9967) inside a Security Event
 * Token (RFC 8417), both ways: the SET connector builds the claims with {@link #claims}, a receiver
 * (the door simulator) reads a verified token back with {@link #change}. Shared like
 * {@link WebhookSignature}, so sender and receiver cannot drift apart.
 *
 * <p>One SET per change. {@code sub_id} ({@code format: scim}) names the resource ({@code /Users/<id>}
 * or {@code /Groups/<id>}); {@code txn} is the change's event id (stable across retries and replays);
 * {@code toe} the time of the change; the private claim {@value #GATEHOUSE_CLAIM} carries the
 * organization ({@code tenantId}) and the per-resource {@code version}. Events: a first version is
 * {@link #CREATE_FULL}, a later one {@link #PUT_FULL} (both with the full state as {@code data} and the
 * resource's ETag as {@code version}), a deletion {@link #DELETE}; a user's SET also states its access
 * with {@link #ACTIVATE} or {@link #DEACTIVATE} (a create of an active user needs none).
 */
public final class ScimEvents {
    /** The media type of a SET in an HTTP body (RFC 8417 §7.2, RFC 8935 §2). */
    public static final String CONTENT_TYPE = "application/secevent+jwt";
    /** The JWS {@code typ} header of a SET (RFC 8417 §2.3): keeps a SET from passing as another JWT. */
    public static final JOSEObjectType TYPE = new JOSEObjectType("secevent+jwt");
    public static final String CREATE_FULL = "urn:ietf:params:scim:event:prov:create:full";
    public static final String PUT_FULL = "urn:ietf:params:scim:event:prov:put:full";
    public static final String PATCH_FULL = "urn:ietf:params:scim:event:prov:patch:full";
    public static final String DELETE = "urn:ietf:params:scim:event:prov:delete";
    public static final String ACTIVATE = "urn:ietf:params:scim:event:prov:activate";
    public static final String DEACTIVATE = "urn:ietf:params:scim:event:prov:deactivate";
    /** Gatehouse's private claim: {@code {"tenantId": "...", "version": n}}. */
    public static final String GATEHOUSE_CLAIM = "gatehouse";

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private ScimEvents() {
    }

    /** The SET claims describing {@code change}, for {@code audience}, issued by {@code issuer}. */
    public static JWTClaimsSet claims(AccessChange change, String issuer, String audience, String jti, Instant issuedAt) {
        Map<String, Object> subject = new LinkedHashMap<>();
        subject.put("format", "scim");
        subject.put("uri", "/" + endpoint(change.resourceType()) + "/" + change.resourceId());
        subject.put("id", change.resourceId());
        JsonNode state = change.state();
        if (state != null && state.hasNonNull("externalId")) {
            subject.put("externalId", state.get("externalId").asText());
        }
        Map<String, Object> events = new LinkedHashMap<>();
        if (change.deleted()) {
            events.put(DELETE, Map.of());
        } else {
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("version", "W/\"" + change.version() + "\"");
            payload.put("data", ScimJson.mapper().convertValue(state, MAP));
            boolean created = change.version() == 1;
            events.put(created ? CREATE_FULL : PUT_FULL, payload);
            if (change.resourceType() == ResourceType.USER) {
                boolean active = change.userActive();
                if (!active) {
                    events.put(DEACTIVATE, Map.of());
                } else if (!created) {
                    events.put(ACTIVATE, Map.of());
                }
            }
        }
        Map<String, Object> gatehouse = new LinkedHashMap<>();
        gatehouse.put("tenantId", change.tenantId());
        gatehouse.put("version", change.version());
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .issueTime(Date.from(issuedAt))
                .jwtID(jti)
                .audience(audience)
                .claim("txn", change.eventId())
                .claim("toe", change.occurredAt().getEpochSecond())
                .claim("sub_id", subject)
                .claim(GATEHOUSE_CLAIM, gatehouse)
                .claim("events", events)
                .build();
    }

    /**
     * The change a verified SET describes: exactly one of create:full, put:full or delete (other event
     * URIs are ignored, as RFC 8417 lets a receiver do), activate/deactivate agreeing with the state.
     * Event URIs are compared without regard to case (drafts wrote {@code urn:ietf:params:SCIM:...}).
     *
     * @throws SecurityEventRejected with {@code invalid_request} when the token does not describe one
     */
    public static AccessChange change(JWTClaimsSet claims) throws SecurityEventRejected {
        Map<String, JsonNode> events = new LinkedHashMap<>();
        try {
            Map<String, Object> raw = claims.getJSONObjectClaim("events");
            if (raw == null) {
                throw invalid("the SET has no events claim");
            }
            raw.forEach((uri, payload) -> events.put(uri.toLowerCase(Locale.ROOT), node(payload)));
        } catch (ParseException e) {
            throw invalid("the events claim is not a JSON object");
        }
        if (events.containsKey(PATCH_FULL)) {
            throw invalid("prov:patch:full carries a PatchOp, not the resource; this receiver takes create:full, put:full or delete");
        }
        long stateEvents = events.keySet().stream().filter(u -> u.equals(CREATE_FULL) || u.equals(PUT_FULL) || u.equals(DELETE)).count();
        if (stateEvents != 1) {
            throw invalid("the SET must carry exactly one of prov:create:full, prov:put:full or prov:delete");
        }
        JsonNode subject = node(claims.getClaim("sub_id"));
        String uri = subject.path("uri").asText("");
        if (!"scim".equals(subject.path("format").asText()) || !uri.matches("/(Users|Groups)/[^/]+")) {
            throw invalid("sub_id must be {\"format\": \"scim\", \"uri\": \"/Users/<id>\" or \"/Groups/<id>\"}");
        }
        ResourceType type = uri.startsWith("/Users/") ? ResourceType.USER : ResourceType.GROUP;
        String id = uri.substring(uri.lastIndexOf('/') + 1);
        JsonNode gatehouse = node(claims.getClaim(GATEHOUSE_CLAIM));
        if (!gatehouse.path("tenantId").isTextual() || !gatehouse.path("version").canConvertToLong()) {
            throw invalid("the " + GATEHOUSE_CLAIM + " claim must carry tenantId and version");
        }
        boolean deleted = events.containsKey(DELETE);
        JsonNode state = null;
        if (!deleted) {
            JsonNode data = events.getOrDefault(CREATE_FULL, events.get(PUT_FULL)).path("data");
            if (!data.isObject()) {
                throw invalid("a full event needs its data object");
            }
            if (data.hasNonNull("id") && !data.get("id").asText().equals(id)) {
                throw invalid("data.id does not match sub_id");
            }
            boolean active = data.path("active").asBoolean(true);
            if (events.containsKey(ACTIVATE) && events.containsKey(DEACTIVATE)
                    || events.containsKey(ACTIVATE) && !active || events.containsKey(DEACTIVATE) && active) {
                throw invalid("activate/deactivate contradict the active attribute of data");
            }
            state = data;
        } else if (events.size() > 1 && (events.containsKey(ACTIVATE) || events.containsKey(DEACTIVATE))) {
            throw invalid("a delete carries no activate or deactivate");
        }
        String txn = stringClaim(claims, "txn");
        Date toe = dateClaim(claims, "toe");
        Instant occurredAt = toe != null ? toe.toInstant() : claims.getIssueTime().toInstant();
        String eventId = txn != null ? txn : claims.getJWTID();
        // The event id is <command id>/<resource id> (AccessChange): the command is what precedes the last '/'.
        String commandId = eventId.lastIndexOf('/') > 0 ? eventId.substring(0, eventId.lastIndexOf('/')) : null;
        return new AccessChange(eventId, gatehouse.get("tenantId").asText(), type, id,
                gatehouse.get("version").asLong(), deleted, state instanceof ObjectNode o ? o : null, commandId, occurredAt);
    }

    private static String stringClaim(JWTClaimsSet claims, String name) throws SecurityEventRejected {
        try {
            return claims.getStringClaim(name);
        } catch (ParseException e) {
            throw invalid(name + " must be a string");
        }
    }

    private static Date dateClaim(JWTClaimsSet claims, String name) throws SecurityEventRejected {
        try {
            return claims.getDateClaim(name);
        } catch (ParseException e) {
            throw invalid(name + " must be a NumericDate");
        }
    }

    private static JsonNode node(Object value) {
        return value == null ? MissingNode.getInstance() : ScimJson.mapper().valueToTree(value);
    }

    private static String endpoint(ResourceType type) {
        return type == ResourceType.USER ? "Users" : "Groups";
    }

    private static SecurityEventRejected invalid(String description) {
        return new SecurityEventRejected(SecurityEventRejected.INVALID_REQUEST, description);
    }
}
