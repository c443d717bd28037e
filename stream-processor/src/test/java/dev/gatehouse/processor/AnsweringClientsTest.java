package dev.gatehouse.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.contract.CommandResult;
import dev.gatehouse.pipeline.LocalAnswers;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The stream thread's producer tells held answers when its transaction committed or was dropped. The
 * transaction itself is Kafka's (MockProducer here): what is checked is when answers leave.
 */
class AnsweringClientsTest {
    private final LocalAnswers answers = new LocalAnswers();
    private final List<String> answered = new CopyOnWriteArrayList<>();
    private final MockProducer<byte[], byte[]> kafka = new MockProducer<>(false, null, new ByteArraySerializer(),
            new ByteArraySerializer());
    private final AnsweringClients.CommitTelling producer = new AnsweringClients.CommitTelling(kafka, answers);

    @BeforeEach
    void start() {
        answers.register("api-1", result -> answered.add(result.commandId()));
        producer.initTransactions();
    }

    @Test
    void answersLeaveOnlyAfterTheCommitReturned() {
        producer.beginTransaction();
        producer.send(new ProducerRecord<>("users", new byte[] {1}));
        answers.hold("api-1", result("c1"));
        assertThat(answered).isEmpty();

        producer.commitTransaction();

        assertThat(kafka.transactionCommitted()).isTrue();
        assertThat(answered).containsExactly("c1");
    }

    @Test
    void anAbortedTransactionAnswersNothingAndItsCommandsAnswerOnTheirRetry() {
        producer.beginTransaction();
        answers.hold("api-1", result("c1"));
        producer.abortTransaction();
        assertThat(kafka.transactionAborted()).isTrue();

        producer.beginTransaction();
        answers.hold("api-1", result("c1 again"));
        producer.commitTransaction();

        assertThat(answered).containsExactly("c1 again");
    }

    @Test
    void aCommitThatFailsAnswersNothing() {
        kafka.commitTransactionException = new ProducerFencedException("another instance took the task");
        producer.beginTransaction();
        answers.hold("api-1", result("c1"));

        assertThatThrownBy(producer::commitTransaction).isInstanceOf(ProducerFencedException.class);

        kafka.commitTransactionException = null;
        producer.commitTransaction(); // a later commit of the same producer carries no answer of the failed one
        assertThat(answered).isEmpty();
    }

    @Test
    void aClosedProducersOpenTransactionAnswersNothing() {
        producer.beginTransaction();
        answers.hold("api-1", result("c1"));

        producer.close();

        // Kafka Streams replaces a fenced producer: the next one's commits must not release the old work.
        AnsweringClients.CommitTelling next = new AnsweringClients.CommitTelling(
                new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer()), answers);
        next.initTransactions();
        next.beginTransaction();
        next.commitTransaction();
        assertThat(answered).isEmpty();
    }

    private static CommandResult result(String commandId) {
        return new CommandResult(commandId, "t1", 201, null);
    }
}
