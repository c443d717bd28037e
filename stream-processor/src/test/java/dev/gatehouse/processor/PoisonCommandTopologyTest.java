package dev.gatehouse.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.contract.Command;
import dev.gatehouse.contract.CommandDeadLetter;
import dev.gatehouse.contract.CommandResult;
import dev.gatehouse.contract.Continuation;
import dev.gatehouse.contract.Operation;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.pipeline.JsonSerde;
import dev.gatehouse.pipeline.LocalAnswers;
import dev.gatehouse.processor.store.StoreNames;
import dev.gatehouse.scim.ScimJson;
import dev.gatehouse.scim.limits.Limits;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * No command stops the processor: each failure class is answered, dead-lettered with its reason and
 * counted, nothing is changed, and the next command is applied as usual.
 */
class PoisonCommandTopologyTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TopologyFixture fx = new TopologyFixture(new CommandMetrics(registry));

    @AfterEach
    void close() {
        fx.close();
    }

    private void nextCommandStillApplies(String userName) {
        assertThat(fx.createUser("next-" + userName, userName).status()).isEqualTo(201);
    }

    private static boolean absent(com.fasterxml.jackson.databind.JsonNode node) {
        return node == null || node.isNull();
    }

    private double deadLetters(String reason) {
        var counter = registry.find("gatehouse.processor.dead.letters").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aRecordThatIsNotACommandIsAnsweredWhenItNamesAReplyAddressAndDeadLettered() {
        byte[] value = "{\"commandId\":\"c-bad\",\"tenantId\":\"acme\",\"replyTo\":\"api-1\",\"operation\":\"EXPLODE\"}"
                .getBytes(StandardCharsets.UTF_8);

        List<KeyValue<String, CommandResult>> results = fx.sendRaw("acme", value);

        assertThat(results).singleElement().satisfies(kv -> {
            assertThat(kv.key).isEqualTo("api-1");
            assertThat(kv.value.commandId()).isEqualTo("c-bad");
            assertThat(kv.value.status()).isEqualTo(400);
            assertThat(kv.value.body().path("scimType").asText()).isEqualTo("invalidSyntax");
        });
        assertThat(fx.deadLetters()).singleElement().satisfies(letter -> {
            assertThat(letter.reason()).isEqualTo(CommandDeadLetter.UNREADABLE);
            assertThat(letter.commandId()).isEqualTo("c-bad");
            assertThat(letter.tenantId()).isEqualTo("acme");
            assertThat(letter.status()).isEqualTo(400);
            assertThat(letter.error()).contains("EXPLODE");
        });
        assertThat(deadLetters(CommandDeadLetter.UNREADABLE)).isEqualTo(1);
        nextCommandStillApplies("after-unreadable@acme.test");
    }

    @Test
    void bytesThatAreNotJsonAreDeadLetteredWithNobodyToAnswer() {
        assertThat(fx.sendRaw("acme", new byte[] {(byte) 0xC0, (byte) 0xAF, '{'})).isEmpty();
        assertThat(fx.deadLetters()).singleElement().satisfies(letter -> {
            assertThat(letter.commandId()).isNull();
            assertThat(letter.status()).isZero();
            assertThat(absent(letter.command())).isTrue();
        });
        nextCommandStillApplies("after-garbage@acme.test");
    }

    @Test
    void aBodyNestedPastWhatJacksonReadsIsUnreadableNotAStuckPartition() {
        String deep = "{\"a\":".repeat(1_100) + "1" + "}".repeat(1_100);
        byte[] value = ("{\"commandId\":\"c-deep\",\"tenantId\":\"acme\",\"replyTo\":\"api-1\",\"operation\":\"CREATE\","
                + "\"resourceType\":\"USER\",\"resourceId\":\"u-deep\",\"body\":" + deep + "}").getBytes(StandardCharsets.UTF_8);

        assertThat(fx.sendRaw("acme", value)).singleElement()
                .satisfies(kv -> assertThat(kv.value.status()).isEqualTo(400));
        assertThat(fx.deadLetters()).singleElement()
                .satisfies(letter -> assertThat(letter.reason()).isEqualTo(CommandDeadLetter.UNREADABLE));
        assertThat(fx.keys(StoreNames.USERS)).isEmpty();
        nextCommandStillApplies("after-deep@acme.test");
    }

    @Test
    void aCommandWhoseProcessingThrowsIsAnswered500AndDeadLettered() {
        // A command without an operation makes the handler throw: a stand-in for any bug.
        Command broken = new Command("c-throws", "acme", null, ResourceType.USER, "u1", null,
                TopologyFixture.START, TopologyFixture.REPLY_TO, null, null);

        CommandResult result = fx.send(broken);

        assertThat(result.status()).isEqualTo(500);
        assertThat(result.body().path("status").asText()).isEqualTo("500");
        assertThat(fx.deadLetters()).singleElement().satisfies(letter -> {
            assertThat(letter.reason()).isEqualTo(CommandDeadLetter.FAILED);
            assertThat(letter.error()).contains("NullPointerException");
            assertThat(letter.command().path("commandId").asText()).isEqualTo("c-throws");
        });
        assertThat(deadLetters(CommandDeadLetter.FAILED)).isEqualTo(1);
        nextCommandStillApplies("after-throw@acme.test");
    }

    @Test
    void aCommandThatWouldProduceARecordPastTheBudgetIsAnswered413AndChangesNothing() {
        Command step = lastStepListingAHugeDisplay(fx);

        CommandResult result = fx.send(step);

        assertThat(result.status()).isEqualTo(413);
        assertThat(result.commandId()).isEqualTo("c-big#1");
        refusedAsTooLarge(fx);
        assertThat(deadLetters(CommandDeadLetter.TOO_LARGE)).isEqualTo(1);
        nextCommandStillApplies("after-too-large@acme.test");
    }

    @Test
    void aResultPastTheBudgetIsRefusedAlsoWhenItsWriterRunsInThisJvm() {
        // An answer handed over in memory is never a record; refusing it all the same keeps the outcome
        // the same wherever the writer runs, and the same as a rebuild's, which answers nobody.
        LocalAnswers answers = new LocalAnswers();
        List<CommandResult> answered = new ArrayList<>();
        try (TopologyFixture local = new TopologyFixture(CommandMetrics.NONE, answers)) {
            Command step = lastStepListingAHugeDisplay(local);
            answers.register(TopologyFixture.REPLY_TO, answered::add);

            assertThat(local.sendRaw(step.tenantId(), JsonSerde.of(Command.class).toBytes(step)))
                    .as("answered in memory, not through the results topic").isEmpty();
            answers.committed();

            assertThat(answered).singleElement().satisfies(result -> {
                assertThat(result.status()).isEqualTo(413);
                assertThat(result.commandId()).isEqualTo("c-big#1");
            });
            refusedAsTooLarge(local);
        }
    }

    @Test
    void aRebuildRefusesTheSameCommandPastTheBudgetThoughItEncodesNothing() {
        // A rebuild sends nothing, so it measures its outputs instead of encoding them. It must refuse
        // what live refused all the same, or the state it rebuilds would differ from live's.
        List<Command> commands = List.of(fx.userCreate("u1", "ada@acme.test"),
                fx.groupCreate("g1", "Engineering", "u1"), fx.userCreate("u2", "bob@acme.test"));
        Command step = hugeLastStep();
        Command next = fx.userCreate("u3", "cy@acme.test");
        for (Command command : commands) {
            assertThat(fx.send(command).status()).isEqualTo(201);
        }
        fx.<String>store(StoreNames.INDEXES).put("acme/pending/g1", "c-big#1");
        assertThat(fx.send(step).status()).isEqualTo(413);
        assertThat(fx.send(next).status()).isEqualTo(201);

        try (TopologyTestDriver rebuild = TopologyFixture.rebuildDriver()) {
            TestInputTopic<String, Command> input = TopologyFixture.commandsInput(rebuild);
            commands.forEach(command -> input.pipeInput(command.tenantId(), command));
            rebuild.<String, String>getKeyValueStore(StoreNames.INDEXES).put("acme/pending/g1", "c-big#1");
            input.pipeInput(step.tenantId(), step);
            input.pipeInput(next.tenantId(), next);

            for (String store : List.of(StoreNames.USERS, StoreNames.GROUPS, StoreNames.MEMBERSHIPS,
                    StoreNames.INDEXES)) {
                assertThat(TopologyFixture.dump(rebuild.getKeyValueStore(store))).as(store).isEqualTo(fx.dump(store));
            }
            assertThat(fx.dump(StoreNames.INDEXES)).containsKey("acme/pending/g1");
            assertThat(fx.dump(StoreNames.MEMBERSHIPS).keySet()).noneMatch(key -> key.contains("u2"));
            assertThat(fx.dump(StoreNames.USERS)).hasSize(3);
        }
    }

    /**
     * The budget keeps every command's outputs within a record (RecordBudgetTest), so only a hand-made
     * command gets past it: the last step of a replacement adding u2 with a display far longer than a
     * name may be, which its answer would list. Sets up group g1 (member u1) and user u2 first.
     */
    private static Command lastStepListingAHugeDisplay(TopologyFixture f) {
        f.createUser("u1", "ada@acme.test");
        f.createGroup("g1", "Engineering", "u1");
        f.drain();
        f.createUser("u2", "bob@acme.test");
        f.drain();
        f.<String>store(StoreNames.INDEXES).put("acme/pending/g1", "c-big#1");
        return hugeLastStep();
    }

    /** That step: g1's replacement ends adding u2 with a display longer than a record, and lists u1 and u2. */
    private static Command hugeLastStep() {
        Continuation last = new Continuation("c-big", 1, 200, false, List.of(),
                List.of(new Continuation.Member("u2", "d".repeat(Limits.RECORD_BYTES))), true, List.of("u1", "u2"));
        return new Command("c-big#1", "acme", Operation.CONTINUE, ResourceType.GROUP, "g1",
                ScimJson.mapper().valueToTree(last), TopologyFixture.START, TopologyFixture.REPLY_TO, null, null);
    }

    /** The step changed nothing, and was dead-lettered without a copy of itself. */
    private static void refusedAsTooLarge(TopologyFixture f) {
        assertThat(f.deadLetters()).singleElement().satisfies(letter -> {
            assertThat(letter.reason()).isEqualTo(CommandDeadLetter.TOO_LARGE);
            assertThat(absent(letter.command())).as("too large to copy").isTrue();
        });
        assertThat(f.changes()).isEmpty();
        assertThat(f.keys(StoreNames.INDEXES)).contains("acme/pending/g1");
    }
}
