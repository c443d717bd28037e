package dev.gatehouse.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.pipeline.Topics;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The processor looks for hanging transactions on Gatehouse's topics and its own changelogs only. */
class HangingTransactionsTopicsTest {
    private final Topics topics = new Topics("gatehouse.", 3, (short) 1);
    private final Predicate<String> ours = StreamProcessorService.ours(topics, "gatehouse-processor");

    @Test
    void looksAtGatehousesTopicsAndThisApplicationsChangelogs() {
        assertThat(ours).accepts(topics.users(), topics.accessChanges(), topics.results(), topics.timeline(),
                topics.commands(), "gatehouse-processor-users-changelog", "gatehouse-processor-timeline-changelog");
    }

    @Test
    void leavesOtherApplicationsTopicsAlone() {
        assertThat(ours).rejects("gatehouse.orders", "payments", "gatehouse-processorx-users-changelog",
                "other-app-users-changelog", "__transaction_state");
    }
}
