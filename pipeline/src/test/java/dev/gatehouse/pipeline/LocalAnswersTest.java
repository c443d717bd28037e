package dev.gatehouse.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.contract.CommandResult;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class LocalAnswersTest {
    private final LocalAnswers answers = new LocalAnswers();
    private final List<String> answered = new CopyOnWriteArrayList<>();

    @Test
    void aResultForAnInstanceOfThisJvmIsAnsweredOnlyWhenTheTransactionCommits() {
        answers.register("api-1", result -> answered.add(result.commandId()));

        assertThat(answers.serves("api-1")).isTrue();
        assertThat(answers.hold("api-1", result("c1"))).isTrue();
        assertThat(answers.hold("api-1", result("c2"))).isTrue();
        assertThat(answered).isEmpty();

        answers.committed();
        assertThat(answered).containsExactly("c1", "c2");
        answers.committed();
        assertThat(answered).containsExactly("c1", "c2");
    }

    @Test
    void anAbortedTransactionsResultsAreNeverAnswered() {
        answers.register("api-1", result -> answered.add(result.commandId()));
        answers.hold("api-1", result("lost"));

        answers.aborted();
        answers.hold("api-1", result("again"));
        answers.committed();

        assertThat(answered).containsExactly("again");
    }

    @Test
    void aResultForAnotherProcessOrNoOneIsNotHeld() {
        answers.register("api-1", result -> answered.add(result.commandId()));

        assertThat(answers.serves("api-2")).isFalse();
        assertThat(answers.hold("api-2", result("c1"))).isFalse();
        assertThat(answers.hold(null, result("c2"))).isFalse();
        assertThat(LocalAnswers.NONE.hold("api-1", result("c3"))).isFalse();
        assertThat(answers.heldOnThisThread()).isZero();

        answers.unregister("api-1");
        assertThat(answers.hold("api-1", result("c4"))).isFalse();
    }

    @Test
    void eachStreamThreadCommitsOnlyWhatItHeld() throws Exception {
        answers.register("api-1", result -> answered.add(result.commandId()));
        answers.hold("api-1", result("mine"));

        Thread other = new Thread(() -> {
            answers.hold("api-1", result("other thread's"));
            answers.aborted();
        });
        other.start();
        other.join();
        answers.committed();

        assertThat(answered).containsExactly("mine");
    }

    @Test
    void oneFailingAnswerNeitherFailsTheCommitNorStopsTheOthers() {
        answers.register("api-1", result -> {
            if (result.commandId().equals("bad")) {
                throw new IllegalStateException("listener closed");
            }
            answered.add(result.commandId());
        });
        answers.hold("api-1", result("bad"));
        answers.hold("api-1", result("good"));

        answers.committed();

        assertThat(answered).containsExactly("good");
        assertThat(answers.heldOnThisThread()).isZero();
    }

    @Test
    void noneServesNoInstance() {
        assertThatThrownBy(() -> LocalAnswers.NONE.register("api-1", result -> { }))
                .isInstanceOf(IllegalStateException.class);
    }

    private static CommandResult result(String commandId) {
        return new CommandResult(commandId, "t1", 201, null);
    }
}
