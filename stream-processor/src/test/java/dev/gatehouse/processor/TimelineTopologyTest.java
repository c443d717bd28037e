package dev.gatehouse.processor;

import static dev.gatehouse.processor.TopologyFixture.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.contract.Command;
import dev.gatehouse.contract.Operation;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.contract.TimelineEvent;
import dev.gatehouse.pipeline.JsonSerde;
import dev.gatehouse.processor.query.TimelineQuery;
import dev.gatehouse.processor.store.StoreNames;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The timeline the processor writes for each command (docs/events.md, "timeline"): one event per user a
 * command touched, applied or refused, naming the attributes that changed and never a value; and a
 * timeline store fed from it answering a person's events newest first, as the query API gives them.
 */
class TimelineTopologyTest {
    private static final String SCHEMAS = "\"schemas\":[\"" + ResourceType.USER.schema() + "\"]";
    private final TopologyFixture fx = new TopologyFixture();

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void aCreatedUserHasOneEventNamingTheAttributesItWasCreatedWith() {
        fx.send(Operation.CREATE, ResourceType.USER, "u1", "{" + SCHEMAS + ",\"userName\":\"ada@acme.test\","
                + "\"active\":true,\"name\":{\"givenName\":\"Ada\"},\"metadata\":{\"city\":\"Berlin\"}}");

        TimelineEvent event = single(fx.timeline());

        assertThat(event.tenantId()).isEqualTo(TENANT);
        assertThat(event.resourceType()).isEqualTo(ResourceType.USER);
        assertThat(event.resourceId()).isEqualTo("u1");
        assertThat(event.kind()).isEqualTo(TimelineEvent.SCIM);
        assertThat(event.operation()).isEqualTo("create");
        assertThat(event.status()).isEqualTo(201);
        assertThat(event.version()).isEqualTo(1L);
        assertThat(event.requestId()).isEqualTo("req-1");
        assertThat(event.commandId()).isEqualTo("c1");
        assertThat(event.at()).isEqualTo(TopologyFixture.START.plusSeconds(1));
        assertThat(event.changed()).containsExactly("active", "metadata.city", "name", "userName");
        assertThat(event.via()).isNull();
        assertThat(event.toString()).doesNotContain("Berlin", "Ada", "ada@acme.test");
    }

    @Test
    void aPatchNamesOnlyWhatChanged() {
        fx.createUser("u1", "ada@acme.test");
        fx.drain();

        fx.patch(ResourceType.USER, "u1", "[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]");
        TimelineEvent disabled = single(fx.timeline());
        fx.patch(ResourceType.USER, "u1", "[{\"op\":\"add\",\"path\":\"metadata.city\",\"value\":\"Berlin\"}]");
        TimelineEvent moved = single(fx.timeline());
        fx.patch(ResourceType.USER, "u1", "[{\"op\":\"replace\",\"path\":\"urn:ietf:params:scim:schemas:extension:"
                + "enterprise:2.0:User:department\",\"value\":\"Facilities\"}]");
        TimelineEvent extension = single(fx.timeline());

        assertThat(disabled.operation()).isEqualTo("patch");
        assertThat(disabled.changed()).containsExactly("active");
        assertThat(disabled.version()).isEqualTo(2L);
        assertThat(moved.changed()).containsExactly("metadata.city");
        assertThat(moved.version()).isEqualTo(3L);
        assertThat(extension.changed())
                .containsExactly("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department");
    }

    @Test
    void aWriteThatChangesNothingIsOnTheTimelineWithoutAVersion() {
        fx.createUser("u1", "ada@acme.test");
        fx.drain();

        fx.patch(ResourceType.USER, "u1", "[{\"op\":\"replace\",\"path\":\"active\",\"value\":true}]");

        TimelineEvent event = single(fx.timeline());
        assertThat(event.status()).isEqualTo(200);
        assertThat(event.version()).isNull();
        assertThat(event.changed()).isEmpty();
    }

    @Test
    void aGroupPatchAddingAMemberTellsThatUserWithGroupsAndVia() {
        fx.createUser("u1", "ada@acme.test");
        fx.createGroup("g1", "Engineering");
        fx.drain();

        fx.patch(ResourceType.GROUP, "g1", "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"u1\"}]}]");

        TimelineEvent event = single(fx.timeline());
        assertThat(event.resourceId()).isEqualTo("u1");
        assertThat(event.operation()).isEqualTo("patch");
        assertThat(event.status()).isEqualTo(200);
        assertThat(event.changed()).containsExactly("groups");
        assertThat(event.via()).isEqualTo("Groups/g1");
        // The user's version the membership change produced, as in its access change.
        assertThat(event.version()).isEqualTo(2L);
    }

    @Test
    void aGroupWriteThatChangesNoMembershipTellsNoUser() {
        fx.createUser("u1", "ada@acme.test");
        fx.createGroup("g1", "Engineering", "u1");
        fx.drain();

        fx.patch(ResourceType.GROUP, "g1", "[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Eng\"}]");

        assertThat(fx.timeline()).isEmpty();
    }

    @Test
    void aRefusedUserWriteHasItsStatusAndNoVersion() {
        fx.createUser("u1", "ada@acme.test");
        fx.createUser("u2", "bob@acme.test");
        fx.drain();

        fx.patch(ResourceType.USER, "u2", "[{\"op\":\"replace\",\"path\":\"userName\",\"value\":\"ada@acme.test\"}]");

        TimelineEvent event = single(fx.timeline());
        assertThat(event.resourceId()).isEqualTo("u2");
        assertThat(event.status()).isEqualTo(409);
        assertThat(event.version()).isNull();
        assertThat(event.changed()).isEmpty();
    }

    @Test
    void aRefusedGroupWriteTellsTheMembersItNames() {
        fx.createUser("u1", "ada@acme.test");
        fx.createGroup("g1", "Engineering");
        fx.createGroup("g2", "Sales");
        fx.drain();

        // Renaming g2 to g1's name is refused (409); the members its PATCH names are told.
        fx.patch(ResourceType.GROUP, "g2", "[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Engineering\"},"
                + "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"u1\"},{\"value\":\"u9\"}]},"
                + "{\"op\":\"remove\",\"path\":\"members[value eq \\\"u7\\\"]\"}]");

        List<TimelineEvent> events = fx.timeline();
        assertThat(events).extracting(TimelineEvent::resourceId).containsExactly("u1", "u9", "u7");
        assertThat(events).allSatisfy(e -> {
            assertThat(e.status()).isEqualTo(409);
            assertThat(e.version()).isNull();
            assertThat(e.via()).isEqualTo("Groups/g2");
        });
    }

    @Test
    void aGroupDeletedTellsEachMember() {
        fx.createUser("u1", "ada@acme.test");
        fx.createUser("u2", "bob@acme.test");
        fx.createGroup("g1", "Engineering", "u1", "u2");
        fx.drain();

        fx.send(Operation.DELETE, ResourceType.GROUP, "g1", null);

        assertThat(fx.timeline()).extracting(TimelineEvent::resourceId, TimelineEvent::operation,
                TimelineEvent::status, TimelineEvent::version).containsExactlyInAnyOrder(
                        tuple("u1", "delete", 204, 3L),
                        tuple("u2", "delete", 204, 3L));
    }

    @Test
    void theStoreAnswersAPersonsEventsNewestFirst() {
        fx.createUser("u1", "ada@acme.test");
        fx.createUser("u2", "bob@acme.test");
        fx.createGroup("g1", "Engineering", "u1");
        fx.patch(ResourceType.USER, "u1", "[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]");

        JsonNode all = TimelineQuery.newest(fx.timelineStore().newest(TENANT, "u1", 100), "u1").path("events");
        JsonNode newest = TimelineQuery.newest(fx.timelineStore().newest(TENANT, "u1", 2), "u1").path("events");

        assertThat(all).extracting(e -> e.path("commandId").asText()).containsExactly("c4", "c3", "c1");
        assertThat(newest).extracting(e -> e.path("commandId").asText()).containsExactly("c4", "c3");
        assertThat(fx.timelineStore().newest("other", "u1", 100)).isEmpty();
    }

    @Test
    void theAnswerLeavesOutAStoredEventThatCannotBeRead() {
        Instant at = Instant.parse("2026-03-02T14:31:00.250Z");
        byte[] door = JsonSerde.of(TimelineEvent.class).toBytes(
                TimelineEvent.door(TENANT, ResourceType.USER, "u9", at, "kisi", 2, TimelineEvent.APPLIED, null));
        byte[] odd = ("{\"tenantId\":\"" + TENANT + "\",\"resourceId\":\"u9\",\"at\":\"2026-03-02T14:33:00Z\","
                + "\"version\":\"two\"}").getBytes(StandardCharsets.UTF_8);

        JsonNode events = TimelineQuery.newest(List.of(odd, door), "u9").path("events");

        assertThat(events).hasSize(1);
        assertThat(events.get(0).path("connector").asText()).isEqualTo("kisi");
        assertThat(events.get(0).path("at").asText()).isEqualTo("2026-03-02T14:31:00.250Z");
    }

    @Test
    void theProcessorWritesTheTimelineWithoutReadingItBack() {
        // Each instance keeps the topic in a store of its own (TimelineFollower), with the topic as its log.
        assertThat(GatehouseTopology.build(TopologyFixture.TOPICS).describe().subtopologies()).singleElement()
                .satisfies(sub -> assertThat(sub.nodes()).filteredOn(n -> n instanceof TopologyDescription.Source)
                        .extracting(n -> ((TopologyDescription.Source) n).topicSet())
                        .containsExactly(Set.of(TopologyFixture.TOPICS.commands())));
        assertThat(fx.driver.getAllStateStores()).doesNotContainKey(StoreNames.TIMELINE);
    }

    @Test
    void theRebuildTopologyEmitsNoTimeline() {
        try (TopologyTestDriver rebuild = TopologyFixture.rebuildDriver()) {
            TestInputTopic<String, Command> commands = TopologyFixture.commandsInput(rebuild);
            Command create = fx.command(Operation.CREATE, ResourceType.USER, "u1",
                    "{" + SCHEMAS + ",\"userName\":\"ada@acme.test\"}", null);
            commands.pipeInput(TENANT, create);

            assertThat(rebuild.producedTopicNames()).doesNotContain(TopologyFixture.TOPICS.timeline());
            assertThat(rebuild.getAllStateStores()).containsKey(StoreNames.USERS);
        }
    }

    private static TimelineEvent single(List<TimelineEvent> events) {
        assertThat(events).hasSize(1);
        return events.get(0);
    }
}
