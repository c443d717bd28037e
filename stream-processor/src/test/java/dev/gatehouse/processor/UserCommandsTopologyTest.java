package dev.gatehouse.processor;

import static dev.gatehouse.processor.TopologyFixture.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.contract.AccessChange;
import dev.gatehouse.contract.CommandResult;
import dev.gatehouse.contract.Operation;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.processor.store.StoreNames;
import dev.gatehouse.processor.store.StoredResource;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UserCommandsTopologyTest {
    private final TopologyFixture fx = new TopologyFixture();

    @AfterEach
    void close() {
        fx.close();
    }

    /** User u1, ada@acme.test, created; outputs drained. */
    private void adaCreated() {
        fx.createUser("u1", "ada@acme.test");
        fx.drain();
    }

    /** PATCHes user {@code id}'s active flag to {@code active}. */
    private CommandResult patchActive(String id, boolean active) {
        return fx.patch(ResourceType.USER, id, "[{\"op\":\"replace\",\"path\":\"active\",\"value\":" + active + "}]");
    }

    @Test
    void createdUserIsAnswered201WithStateRecordAndFirstEvent() {
        CommandResult result = fx.createUser("u1", "Ada@Acme.test");

        assertThat(result.status()).isEqualTo(201);
        assertThat(result.commandId()).isEqualTo("c1");
        assertThat(result.body().get("id").asText()).isEqualTo("u1");
        assertThat(result.body().get("userName").asText()).isEqualTo("Ada@Acme.test");
        assertThat(result.body().at("/meta/version").asText()).isEqualTo("W/\"1\"");
        assertThat(result.body().get("groups")).isEmpty();

        List<KeyValue<String, JsonNode>> states = fx.userStates();
        assertThat(states).singleElement().satisfies(kv -> {
            assertThat(kv.key).isEqualTo(TENANT + "/u1");
            assertThat(kv.value.get("userName").asText()).isEqualTo("Ada@Acme.test");
        });
        AccessChange change = fx.changes().get(0);
        assertThat(change.eventId()).isEqualTo("c1/u1");
        assertThat(change.resourceType()).isEqualTo(ResourceType.USER);
        assertThat(change.version()).isEqualTo(1);
        assertThat(change.deleted()).isFalse();
        assertThat(change.occurredAt()).isEqualTo(TopologyFixture.START.plusSeconds(1));
        assertThat(change.state().get("groups")).isEmpty();

        StoredResource stored = fx.<StoredResource>store(StoreNames.USERS).get(TENANT + "/u1");
        assertThat(stored.version()).isEqualTo(1);
        assertThat(fx.<String>store(StoreNames.INDEXES).get(TENANT + "/userName/ada@acme.test")).isEqualTo("u1");
    }

    @Test
    void userNameTakenInAnotherCaseIs409WithoutEvents() {
        adaCreated();

        CommandResult result = fx.createUser("u2", "ADA@acme.TEST");

        assertThat(result.status()).isEqualTo(409);
        assertThat(result.body().get("scimType").asText()).isEqualTo("uniqueness");
        assertThat(result.body().get("detail").asText()).contains("userName");
        assertThat(fx.changes()).isEmpty();
        assertThat(fx.userStates()).isEmpty();
        assertThat(fx.<StoredResource>store(StoreNames.USERS).get(TENANT + "/u2")).isNull();
    }

    @Test
    void patchReplacesAttributeAndBumpsVersion() {
        adaCreated();

        CommandResult result = patchActive("u1", false);

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.body().get("active").asBoolean()).isFalse();
        assertThat(result.body().at("/meta/version").asText()).isEqualTo("W/\"2\"");
        AccessChange change = fx.changes().get(0);
        assertThat(change.version()).isEqualTo(2);
        assertThat(change.userActive()).isFalse();
    }

    @Test
    void patchThatChangesNothingEmitsNoVersionAndNoEvent() {
        adaCreated();

        CommandResult result = patchActive("u1", true);

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.body().at("/meta/version").asText()).isEqualTo("W/\"1\"");
        assertThat(fx.changes()).isEmpty();
        assertThat(fx.userStates()).isEmpty();
    }

    @Test
    void deleteAnswers204WithTombstoneDeletedEventAndFreesUserName() {
        adaCreated();

        CommandResult result = fx.send(Operation.DELETE, ResourceType.USER, "u1", null);

        assertThat(result.status()).isEqualTo(204);
        // "body": null reads back as a JSON null node through the serde.
        assertThat(result.body() == null || result.body().isNull()).as("no body").isTrue();
        assertThat(fx.userStates()).singleElement().satisfies(kv -> {
            assertThat(kv.key).isEqualTo(TENANT + "/u1");
            assertThat(kv.value).isNull();
        });
        AccessChange change = fx.changes().get(0);
        assertThat(change.deleted()).isTrue();
        assertThat(change.version()).isEqualTo(2);
        assertThat(change.state().get("userName").asText()).isEqualTo("ada@acme.test");
        assertThat(fx.keys(StoreNames.INDEXES)).isEmpty();
        assertThat(fx.keys(StoreNames.USERS)).isEmpty();

        assertThat(fx.createUser("u2", "Ada@acme.test").status()).isEqualTo(201);
    }

    @Test
    void writesToAnUnknownIdAre404() {
        assertThat(fx.send(Operation.DELETE, ResourceType.USER, "nope", null).status()).isEqualTo(404);
        assertThat(patchActive("nope", false).status()).isEqualTo(404);
        assertThat(fx.send(Operation.REPLACE, ResourceType.USER, "nope", "{\"userName\":\"x\"}").status())
                .isEqualTo(404);
        assertThat(fx.changes()).isEmpty();
    }

    @Test
    void ifMatchOnAnOlderVersionIs412AndTheCurrentVersionPasses() {
        adaCreated();
        String body = "{\"userName\":\"ada@acme.test\",\"active\":false}";

        CommandResult stale = fx.send(fx.command(Operation.REPLACE, ResourceType.USER, "u1", body, "W/\"7\""));
        CommandResult current = fx.send(fx.command(Operation.REPLACE, ResourceType.USER, "u1", body, "W/\"1\""));

        assertThat(stale.status()).isEqualTo(412);
        assertThat(current.status()).isEqualTo(200);
        assertThat(fx.changes()).singleElement().extracting(AccessChange::version).isEqualTo(2L);
    }

    @Test
    void replaceRenamingOntoAnotherUsersNameIs409() {
        fx.createUser("u1", "ada@acme.test");
        fx.createUser("u2", "bob@acme.test");
        fx.drain();

        CommandResult result = fx.send(Operation.REPLACE, ResourceType.USER, "u2", "{\"userName\":\"Ada@acme.test\"}");

        assertThat(result.status()).isEqualTo(409);
        assertThat(fx.<String>store(StoreNames.INDEXES).get(TENANT + "/userName/bob@acme.test")).isEqualTo("u2");
    }

    @Test
    void renameMovesTheNameIndex() {
        fx.createUser("u1", "ada@acme.test");

        CommandResult result = fx.send(Operation.REPLACE, ResourceType.USER, "u1", "{\"userName\":\"ada.l@acme.test\"}");

        assertThat(result.status()).isEqualTo(200);
        assertThat(fx.dump(StoreNames.INDEXES)).containsOnlyKeys(TENANT + "/userName/ada.l@acme.test");
    }

    @Test
    void aCommandThatBreaksTheProcessorIsAnswered500AndTheNextOneProceeds() {
        CommandResult poison = fx.send(fx.command(null, ResourceType.USER, "u1", "{}", null));

        assertThat(poison.status()).isEqualTo(500);
        assertThat(poison.body().get("schemas").get(0).asText()).contains("Error");
        assertThat(fx.keys(StoreNames.USERS)).isEmpty();
        assertThat(fx.createUser("u1", "ada@acme.test").status()).isEqualTo(201);
    }

    @Test
    void externalIdIsIndexedAndMovedOnChange() {
        fx.send(Operation.CREATE, ResourceType.USER, "u1", "{\"userName\":\"ada@acme.test\",\"externalId\":\"E-1\"}");
        assertThat(fx.dump(StoreNames.INDEXES)).containsKey(TENANT + "/externalId/User/E-1/u1");

        fx.send(Operation.REPLACE, ResourceType.USER, "u1", "{\"userName\":\"ada@acme.test\",\"externalId\":\"E-2\"}");

        assertThat(fx.dump(StoreNames.INDEXES)).containsOnlyKeys(
                TENANT + "/userName/ada@acme.test", TENANT + "/externalId/User/E-2/u1");
    }
}
