package dev.gatehouse.processor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.contract.Command;
import dev.gatehouse.processor.apply.CommandHandler;
import dev.gatehouse.processor.apply.Plan;
import dev.gatehouse.processor.store.Directory;
import dev.gatehouse.processor.store.StoreNames;
import dev.gatehouse.processor.store.StoredResource;
import dev.gatehouse.scim.ScimException;
import dev.gatehouse.scim.ScimJson;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Applies each command: decide (reads only), then write the stores and forward the outputs. Under
 * exactly_once_v2 the store changelogs, the result, the state records and the events of one command
 * commit in the same transaction (DESIGN.md, "Exactly-once").
 */
final class CommandProcessor implements Processor<String, Command, String, Object> {
    private static final Logger LOG = LoggerFactory.getLogger(CommandProcessor.class);
    static final String REQUEST_ID = "requestId";
    static final String COMMAND_ID = "commandId";

    private final boolean forward;
    private final CommandMetrics metrics;
    private ProcessorContext<String, Object> context;
    private Map<String, KeyValueStore<String, Object>> stores;
    private CommandHandler handler;

    /** {@code forward}: send results, state records and events on (false while rebuilding). */
    CommandProcessor(boolean forward) {
        this(forward, CommandMetrics.NONE);
    }

    CommandProcessor(boolean forward, CommandMetrics metrics) {
        this.forward = forward;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        KeyValueStore<String, StoredResource> users = context.getStateStore(StoreNames.USERS);
        KeyValueStore<String, StoredResource> groups = context.getStateStore(StoreNames.GROUPS);
        KeyValueStore<String, String> memberships = context.getStateStore(StoreNames.MEMBERSHIPS);
        KeyValueStore<String, String> indexes = context.getStateStore(StoreNames.INDEXES);
        this.stores = Map.of(
                StoreNames.USERS, untyped(users),
                StoreNames.GROUPS, untyped(groups),
                StoreNames.MEMBERSHIPS, untyped(memberships),
                StoreNames.INDEXES, untyped(indexes));
        this.handler = new CommandHandler(new Directory(users, groups, memberships, indexes));
    }

    @Override
    public void process(Record<String, Command> record) {
        Command command = record.value();
        if (command == null) {
            return; // a tombstone on the commands topic carries no write
        }
        // Every line logged while applying carries the request and command ids (the API's, from the command).
        if (command.requestId() != null) {
            MDC.put(REQUEST_ID, command.requestId());
        }
        MDC.put(COMMAND_ID, command.commandId());
        try {
            apply(record, command);
        } finally {
            MDC.remove(REQUEST_ID);
            MDC.remove(COMMAND_ID);
        }
    }

    private void apply(Record<String, Command> record, Command command) {
        long started = System.nanoTime();
        Plan plan;
        try {
            plan = handler.decide(command);
        } catch (RuntimeException e) {
            // A poison command must not stop its tenant's partition: answer 500 and move on.
            // Log the ids only: the body may hold personal data.
            LOG.error("command {} (tenant {}, {} {}) failed; answered 500", command.commandId(),
                    command.tenantId(), command.operation(), command.resourceType(), e);
            plan = Plan.answerOnly(command, 500, internalError(command));
        }
        for (Plan.Write write : plan.writes()) {
            KeyValueStore<String, Object> store = stores.get(write.store());
            if (write.value() == null) {
                store.delete(write.key());
            } else {
                store.put(write.key(), write.value());
            }
        }
        metrics.processed(command, plan.status(), System.nanoTime() - started, record.timestamp(),
                System.currentTimeMillis());
        LOG.debug("applied {} {} {} tenant={}: {} writes, {} outputs", command.operation(), command.resourceType(),
                command.resourceId(), command.tenantId(), plan.writes().size(), plan.outputs().size());
        if (!forward) {
            return;
        }
        for (Plan.Output output : plan.outputs()) {
            context.forward(record.withKey(output.key()).withValue(output.value()),
                    GatehouseTopology.sinkName(output.sink()));
        }
    }

    private static ObjectNode internalError(Command command) {
        ObjectNode body = ScimJson.mapper().createObjectNode();
        body.putArray("schemas").add(ScimException.ERROR_SCHEMA);
        body.put("status", "500");
        body.put("detail", "internal error while applying command " + command.commandId());
        return body;
    }

    @SuppressWarnings("unchecked")
    private static KeyValueStore<String, Object> untyped(KeyValueStore<String, ?> store) {
        // Plan writes carry values of the store's own type (StoredResource or String).
        return (KeyValueStore<String, Object>) store;
    }
}
