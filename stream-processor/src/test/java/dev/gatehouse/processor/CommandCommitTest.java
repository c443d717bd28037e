package dev.gatehouse.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.contract.Command;
import dev.gatehouse.contract.Operation;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.pipeline.JsonSerde;
import dev.gatehouse.pipeline.LocalAnswers;
import dev.gatehouse.processor.store.StoreNames;
import dev.gatehouse.processor.store.StoredResourceSerde;
import dev.gatehouse.scim.ScimJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * When the processor asks Kafka Streams to commit early: after a command whose writer still waits for the
 * commit (it has a reply address and is younger than the writer's wait), at most every few milliseconds,
 * spaced further when the command queued (the processor is behind), and once as many such writers are back
 * as the thread's last commit answered or a bounded time later; not after one nobody waits for (a replay, a
 * backlog older than the wait); while rebuilding, only once the thread has run out of commands.
 */
class CommandCommitTest {
    private static final long NOW = Instant.parse("2026-03-01T09:00:00Z").toEpochMilli();
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final MockProcessorContext<String, byte[]> context = new MockProcessorContext<>();
    private int sequence;

    @BeforeEach
    void stores() {
        addStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.USERS), Serdes.String(),
                new StoredResourceSerde()).withLoggingDisabled().build());
        addStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.GROUPS), Serdes.String(),
                new StoredResourceSerde()).withLoggingDisabled().build());
        addStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.MEMBERSHIPS), Serdes.String(),
                Serdes.String()).withLoggingDisabled().build());
        addStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.INDEXES), Serdes.String(),
                Serdes.String()).withLoggingDisabled().build());
        context.setCurrentSystemTimeMs(NOW);
        LastCommit.started();
        LastCommit.committed(NOW - 60_000);
    }

    private void addStore(KeyValueStore<String, ?> store) {
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
    }

    @Test
    void aCommandWrittenJustNowIsCommittedAtOnce() {
        CommandProcessor processor = processor(true);
        processor.process(createUser(NOW));

        assertThat(context.committed()).isTrue();
    }

    @Test
    void aCommandWhoseWriterStillWaitsIsCommittedAtOnceHoweverLongItQueued() {
        CommandProcessor processor = processor(true);
        processor.process(createUser(NOW - WAIT.toMillis() + 1));

        assertThat(context.committed()).isTrue();
    }

    @Test
    void aFreshCommandRightAfterTheThreadsLastCommitWaitsForAPunctuationScheduledForIt() {
        CommandProcessor processor = processor(true);
        processor.process(createUser(NOW));
        assertThat(context.committed()).isTrue();
        assertThat(context.scheduledPunctuators()).isEmpty();
        context.resetCommit();
        LastCommit.committed(NOW + 2); // as the stream thread's producer notes it

        context.setCurrentSystemTimeMs(NOW + 2 + CommandProcessor.COMMIT_SPACING_MS - 1);
        processor.process(createUser(NOW + 3));
        processor.process(createUser(NOW + 4));
        assertThat(context.committed()).isFalse();

        assertThat(context.scheduledPunctuators()).hasSize(1);
        MockProcessorContext.CapturedPunctuator punctuator = context.scheduledPunctuators().get(0);
        assertThat(punctuator.getType()).isEqualTo(PunctuationType.WALL_CLOCK_TIME);
        assertThat(punctuator.getInterval()).isEqualTo(CommandProcessor.REMINDER);
        punctuator.getPunctuator().punctuate(NOW + 2 + CommandProcessor.COMMIT_SPACING_MS - 1);
        assertThat(context.committed()).isFalse();
        punctuator.getPunctuator().punctuate(NOW + 2 + CommandProcessor.COMMIT_SPACING_MS);
        assertThat(context.committed()).isTrue();
        assertThat(punctuator.cancelled()).isTrue(); // an idle processor has no punctuation, hence no empty commits
    }

    @Test
    void aCommitWaitsForAsManyWritersAsTheLastOneAnswered() {
        CommandProcessor processor = processor(true);
        long last = NOW + 10;
        lastCommitAnswered(processor, 3, last);

        context.setCurrentSystemTimeMs(last + CommandProcessor.COMMIT_SPACING_MS);
        processor.process(createUser(last + 1));
        processor.process(createUser(last + 2));
        assertThat(context.committed()).isFalse(); // two of the three are back
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(last + CommandProcessor.COMMIT_SPACING_MS + 1);
        assertThat(context.committed()).isFalse();

        context.setCurrentSystemTimeMs(last + CommandProcessor.COMMIT_SPACING_MS + 2);
        processor.process(createUser(last + CommandProcessor.COMMIT_SPACING_MS + 2));
        assertThat(context.committed()).isTrue(); // the third: at once, in the same pass
    }

    @Test
    void writersThatDoNotComeBackHoldTheCommitNoLongerThanTheGatheringTime() {
        CommandProcessor processor = processor(true);
        lastCommitAnswered(processor, 16, NOW + 10);

        context.setCurrentSystemTimeMs(NOW + 11);
        processor.process(createUser(NOW + 11)); // one writer of sixteen is back; the others have stopped
        MockProcessorContext.CapturedPunctuator reminder = context.scheduledPunctuators().get(0);
        long deadline = NOW + 10 + CommandProcessor.COMMIT_SPACING_MS + CommandProcessor.GATHER_MS;
        reminder.getPunctuator().punctuate(deadline - 1);
        assertThat(context.committed()).isFalse();
        reminder.getPunctuator().punctuate(deadline);
        assertThat(context.committed()).isTrue();
        assertThat(reminder.cancelled()).isTrue();
    }

    @Test
    void writersBackBeforeTheSpacingStillWaitForIt() {
        CommandProcessor processor = processor(true);
        lastCommitAnswered(processor, 1, NOW + 1);

        context.setCurrentSystemTimeMs(NOW + 2);
        processor.process(createUser(NOW + 2));
        processor.process(createUser(NOW + 2));
        assertThat(context.committed()).isFalse();
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(NOW + 1 + CommandProcessor.COMMIT_SPACING_MS);
        assertThat(context.committed()).isTrue();
    }

    @Test
    void aNewProducerForgetsTheWritersItsPredecessorCounted() {
        CommandProcessor processor = processor(true);
        lastCommitAnswered(processor, 5, NOW + 1);
        LastCommit.started(); // Streams replaced the thread's producer

        context.setCurrentSystemTimeMs(NOW + 1 + CommandProcessor.COMMIT_SPACING_MS);
        processor.process(createUser(NOW + 1 + CommandProcessor.COMMIT_SPACING_MS));
        assertThat(context.committed()).isTrue(); // not held for five writers of the former producer's commit
    }

    @Test
    void aWaitedForCommandThatQueuedFindsTheProcessorBehindAndItsCommitSpacedFurther() {
        CommandProcessor processor = processor(true);
        LastCommit.committed(NOW);
        context.setCurrentSystemTimeMs(NOW + CommandProcessor.COMMIT_SPACING_MS);
        processor.process(createUser(NOW + CommandProcessor.COMMIT_SPACING_MS - CommandProcessor.FRESH_MS));
        assertThat(context.committed()).isFalse();

        MockProcessorContext.CapturedPunctuator punctuator = context.scheduledPunctuators().get(0);
        punctuator.getPunctuator().punctuate(NOW + CommandProcessor.BEHIND_SPACING_MS - 1);
        assertThat(context.committed()).isFalse();
        punctuator.getPunctuator().punctuate(NOW + CommandProcessor.BEHIND_SPACING_MS);
        assertThat(context.committed()).isTrue();
    }

    @Test
    void aFreshCommandBehindAQueuedOneBringsTheCommitForward() {
        CommandProcessor processor = processor(true);
        LastCommit.committed(NOW);
        context.setCurrentSystemTimeMs(NOW + CommandProcessor.COMMIT_SPACING_MS - 1);
        processor.process(createUser(NOW - CommandProcessor.FRESH_MS));
        processor.process(createUser(NOW));
        assertThat(context.committed()).isFalse();

        context.scheduledPunctuators().get(0).getPunctuator().punctuate(NOW + CommandProcessor.COMMIT_SPACING_MS);
        assertThat(context.committed()).isTrue();
    }

    @Test
    void aCommandOlderThanTheWritersWaitIsLeftToTheCommitInterval() {
        CommandProcessor processor = processor(true);
        processor.process(createUser(NOW - WAIT.toMillis()));
        processor.process(createUser(NOW - 60_000));

        assertThat(context.committed()).isFalse();
        assertThat(context.forwarded()).isNotEmpty(); // applied all the same
    }

    @Test
    void aCommandWithoutAReplyAddressIsLeftToTheCommitInterval() {
        CommandProcessor processor = processor(true);
        processor.process(createUser(NOW, null));

        assertThat(context.committed()).isFalse();
        assertThat(context.forwarded()).isNotEmpty();
    }

    @Test
    void anUnreadableRecordWhoseWriterWaitsForItsRefusalIsCommittedAtOnce() {
        CommandProcessor processor = processor(true);
        processor.process(new Record<>("acme", "{\"commandId\":\"c1\",\"tenantId\":\"acme\",\"replyTo\":\"api-1\",\"operation\":\"NOPE\"}"
                .getBytes(StandardCharsets.UTF_8), NOW));

        assertThat(context.committed()).isTrue();
        assertThat(context.forwarded().stream().map(f -> (String) f.record().key()).toList()).contains("api-1"); // the 400
    }

    @Test
    void aRebuildAsksForNoCommitWhileItReadsCommands() {
        CommandProcessor processor = processor(false);
        MockProcessorContext.CapturedPunctuator check = caughtUpCheck();
        for (int i = 0; i < 3; i++) {
            processor.process(createUser(NOW));
            check.getPunctuator().punctuate(NOW);
        }

        assertThat(context.committed()).isFalse();
    }

    @Test
    void aRebuildAsksForACommitOnceAWholeCheckPassedWithoutACommand() {
        CommandProcessor processor = processor(false);
        MockProcessorContext.CapturedPunctuator check = caughtUpCheck();
        processor.process(createUser(NOW));
        processor.process(new Record<>("acme", null, NOW)); // a tombstone is read too
        check.getPunctuator().punctuate(NOW);
        assertThat(context.committed()).isFalse();

        check.getPunctuator().punctuate(NOW + CommandProcessor.CAUGHT_UP_CHECK.toMillis());
        assertThat(context.committed()).isTrue();
        context.resetCommit();
        check.getPunctuator().punctuate(NOW + 2 * CommandProcessor.CAUGHT_UP_CHECK.toMillis());
        assertThat(context.committed()).isFalse(); // nothing read since the commit asked for
    }

    @Test
    void aRebuildThatReadNothingAsksForNoCommit() {
        processor(false);
        caughtUpCheck().getPunctuator().punctuate(NOW);

        assertThat(context.committed()).isFalse();
    }

    /**
     * Applies {@code writers} commands whose writers wait, as the thread's last commit, noted at {@code at},
     * answered them; forgets that the processor asked for a commit meanwhile.
     */
    private void lastCommitAnswered(CommandProcessor processor, int writers, long at) {
        for (int i = 0; i < writers; i++) {
            processor.process(createUser(context.currentSystemTimeMs()));
        }
        LastCommit.committed(at);
        context.resetCommit();
    }

    /** The rebuild's one punctuation: the look whether its thread ran out of commands. */
    private MockProcessorContext.CapturedPunctuator caughtUpCheck() {
        assertThat(context.scheduledPunctuators()).hasSize(1);
        MockProcessorContext.CapturedPunctuator check = context.scheduledPunctuators().get(0);
        assertThat(check.getType()).isEqualTo(PunctuationType.WALL_CLOCK_TIME);
        assertThat(check.getInterval()).isEqualTo(CommandProcessor.CAUGHT_UP_CHECK);
        return check;
    }

    private CommandProcessor processor(boolean forward) {
        CommandProcessor processor = new CommandProcessor(forward, WAIT, CommandMetrics.NONE, LocalAnswers.NONE);
        processor.init(context);
        return processor;
    }

    private Record<String, byte[]> createUser(long writtenAt) {
        return createUser(writtenAt, "api-1");
    }

    private Record<String, byte[]> createUser(long writtenAt, String replyTo) {
        int n = ++sequence;
        Command command = new Command("c" + n, "acme", Operation.CREATE, ResourceType.USER, "u" + n,
                ScimJson.mapper().createObjectNode()
                        .put("userName", "user" + n + "@acme.test")
                        .set("schemas", ScimJson.mapper().createArrayNode().add("urn:ietf:params:scim:schemas:core:2.0:User")),
                Instant.ofEpochMilli(writtenAt), replyTo, null, "req-" + n);
        return new Record<>("acme", JsonSerde.of(Command.class).toBytes(command), writtenAt);
    }
}
