package dev.gatehouse.testkit;

import dev.gatehouse.contract.Command;
import dev.gatehouse.contract.Operation;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.pipeline.JsonSerde;
import java.time.Instant;
import java.util.UUID;

/**
 * A command as an API instance in another process than the processor sends it: its answer goes through
 * the results topic, where a stack in one JVM answers its own API in memory. For tests that need a
 * record on that topic.
 */
public final class RemoteApiWrite {
    /** The reply address of the instance that is not there. */
    public static final String INSTANCE = "api-in-another-process";

    private RemoteApiWrite() {
    }

    /** A delete of a user that does not exist: answered 404, nothing changed; the commands topic's value. */
    public static byte[] deleteOfNoOne(String tenantId) {
        return JsonSerde.of(Command.class).toBytes(new Command(UUID.randomUUID().toString(), tenantId, Operation.DELETE,
                ResourceType.USER, UUID.randomUUID().toString(), null, Instant.now(), INSTANCE, null, null));
    }
}
