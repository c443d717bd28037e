package dev.gatehouse.processor;

import dev.gatehouse.contract.CommandDeadLetter;
import dev.gatehouse.pipeline.JsonSerde;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.errors.DefaultProductionExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when Kafka refuses one of the processor's output records for good. The processor
 * encodes its outputs within the record budget before writing anything, and the catalogue sets every
 * topic to accept that budget, so this happens only when a topic's {@code max.message.bytes} was
 * lowered by hand (and the drift review only reports it). Failing would abort the transaction and
 * stop the stream thread on the same command after every restart, stopping every organization of the
 * partition: instead a refused output record (results, state, events; never a store's changelog) is
 * dropped, a dead letter names the command and the topic,
 * the refusal is counted ({@code gatehouse_processor_dead_letters_total{reason="refused"}}) and
 * logged, and processing goes on. Other errors are Kafka Streams' default: retry what is retriable,
 * fail the rest.
 */
public final class RefusedOutputHandler implements ProductionExceptionHandler {
    /** Config key of the command-dead-letters topic name. */
    public static final String DEAD_LETTERS_TOPIC = "gatehouse.command.dead.letters.topic";
    /** Config key of the topics whose refused records may be dropped (comma-separated): the outputs. */
    public static final String OUTPUT_TOPICS = "gatehouse.processor.output.topics";
    /** Config key of the {@link CommandMetrics} to count refusals in. */
    public static final String METRICS = "gatehouse.processor.command.metrics";
    static final String REFUSED = "refused";
    private static final Logger LOG = LoggerFactory.getLogger(RefusedOutputHandler.class);
    private static final JsonSerde<CommandDeadLetter> LETTERS = JsonSerde.of(CommandDeadLetter.class);

    private final DefaultProductionExceptionHandler fallback = new DefaultProductionExceptionHandler();
    private String deadLetters;
    private Set<String> outputs = Set.of();
    private CommandMetrics metrics = CommandMetrics.NONE;

    @Override
    public void configure(Map<String, ?> configs) {
        fallback.configure(configs);
        deadLetters = (String) configs.get(DEAD_LETTERS_TOPIC);
        if (configs.get(OUTPUT_TOPICS) instanceof String topics && !topics.isBlank()) {
            outputs = Set.of(topics.split(","));
        }
        if (configs.get(METRICS) instanceof CommandMetrics m) {
            metrics = m;
        }
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (!(exception instanceof RecordTooLargeException || exception instanceof RecordBatchTooLargeException
                || exception instanceof InvalidRecordException) || deadLetters == null
                || !outputs.contains(record.topic())) {
            // A store's changelog record is never dropped: the store and its changelog would differ
            // and a restore would lose the write. The thread fails instead (the processor then reports
            // itself not ready) until the topic accepts the record again.
            return fallback.handleError(context, record, exception);
        }
        Map<String, String> ids = Salvage.ids(context.sourceRawValue() == null ? new byte[0] : context.sourceRawValue());
        int bytes = (record.key() == null ? 0 : record.key().length) + (record.value() == null ? 0 : record.value().length);
        LOG.error("Kafka refused a {}-byte record for {} from command {} (tenant {}, commands {}@{}): {}; dropped it and "
                        + "dead-lettered the command; check the topic's max.message.bytes against `gatehouse topics`",
                bytes, record.topic(), ids.get("commandId"), ids.get("tenantId"), context.partition(), context.offset(),
                exception.toString());
        metrics.deadLettered(REFUSED);
        String tenant = ids.getOrDefault("tenantId", "-");
        CommandDeadLetter letter = new CommandDeadLetter(ids.get("commandId"), ids.get("tenantId"), REFUSED,
                exception.getClass().getName() + ": a " + bytes + "-byte record for " + record.topic()
                        + " was refused: " + exception.getMessage(),
                0, context.partition(), context.offset(), Instant.ofEpochMilli(context.timestamp()), null);
        return Response.resume(List.of(new ProducerRecord<>(deadLetters, tenant.getBytes(StandardCharsets.UTF_8),
                LETTERS.toBytes(letter))));
    }
}
