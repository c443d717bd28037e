package dev.gatehouse.processor.entra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.contract.AccessChange;
import dev.gatehouse.contract.CommandResult;
import dev.gatehouse.contract.Operation;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.processor.TopologyFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;

/**
 * Drives the real topology ({@code GatehouseTopology.build} under a TopologyTestDriver) with request
 * bodies exactly as docs/entra-id.md shows them, and reads back what a GET would show.
 */
abstract class EntraTestSupport {
    static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
    static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    final TopologyFixture fx = new TopologyFixture();

    @AfterEach
    void closeDriver() {
        fx.close();
    }

    CommandResult post(ResourceType type, String id, String body) {
        return fx.send(Operation.CREATE, type, id, body);
    }

    CommandResult put(ResourceType type, String id, String body) {
        return fx.send(Operation.REPLACE, type, id, body);
    }

    /** PATCH with a whole PatchOp body as sent. */
    CommandResult patchBody(ResourceType type, String id, String body) {
        return fx.send(Operation.PATCH, type, id, body);
    }

    /** PATCH with Entra's envelope around {@code operations} (a JSON array). */
    CommandResult patch(ResourceType type, String id, String operations) {
        return patchBody(type, id, "{\"schemas\":[\"" + PATCH_OP + "\"],\"Operations\":" + operations + "}");
    }

    CommandResult delete(ResourceType type, String id) {
        return fx.send(Operation.DELETE, type, id, null);
    }

    /** A plain user, as most scenarios need one to exist first. */
    void user(String id, String userName) {
        assertThat(fx.createUser(id, userName).status()).isEqualTo(201);
    }

    void user(String id, String userName, String displayName) {
        CommandResult result = post(ResourceType.USER, id, "{\"schemas\":[\"" + USER_SCHEMA + "\"],\"userName\":\""
                + userName + "\",\"displayName\":\"" + displayName + "\",\"active\":true}");
        assertThat(result.status()).isEqualTo(201);
    }

    /** What GET /{Users|Groups}/{id} shows (the processor's read path). */
    ObjectNode get(ResourceType type, String id) {
        return fx.queries().get(type, TopologyFixture.TENANT, id).orElseThrow(
                () -> new AssertionError(type + " " + id + " not found"));
    }

    boolean exists(ResourceType type, String id) {
        return fx.queries().get(type, TopologyFixture.TENANT, id).isPresent();
    }

    ObjectNode list(ResourceType type, String filter) {
        return fx.queries().list(type, TopologyFixture.TENANT, filter, 1, 100);
    }

    static List<String> ids(JsonNode listResponse) {
        List<String> out = new ArrayList<>();
        listResponse.path("Resources").forEach(r -> out.add(r.path("id").asText()));
        return out;
    }

    static List<String> values(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null) {
            array.forEach(e -> out.add(e.path("value").asText()));
        }
        return out;
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null) {
            array.forEach(e -> out.add(e.asText()));
        }
        return out;
    }

    static Map<String, AccessChange> byResource(List<AccessChange> changes) {
        assertThat(changes.stream().map(AccessChange::resourceId).distinct()).hasSameSizeAs(changes);
        return changes.stream().collect(Collectors.toMap(AccessChange::resourceId, c -> c));
    }

    static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static JsonNode json(String text) {
        return TopologyFixture.json(text);
    }
}
