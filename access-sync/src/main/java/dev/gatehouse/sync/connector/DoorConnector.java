package dev.gatehouse.sync.connector;

import dev.gatehouse.contract.AccessChange;
import java.util.Optional;

/**
 * What delivery drives: a door-access system that takes access changes. Each change carries the
 * resource's full state and version, so a push is idempotent: pushing the same change twice leaves
 * the same result. A receiver of whole changes (the webhook) implements this directly; a system
 * with a REST API implements the per-operation {@link DoorAccessConnector} and is wrapped by
 * {@link ChangeApplier}.
 */
public interface DoorConnector extends AutoCloseable {

    /** A stable name: the consumer group and progress of this connector are keyed by it. */
    String name();

    /** Applies one change; never throws for an outcome the door system reported. */
    PushOutcome push(AccessChange change);

    /**
     * As {@link #push(AccessChange)}, with the change also as the access-changes record holds it: a
     * connector that sends that JSON as is need not encode it again. The bytes are never changed.
     */
    default PushOutcome push(AccessChange change, byte[] encoded) {
        return push(change);
    }

    /** Whether changes of this organization are for this connector (others are skipped, uncounted). */
    default boolean serves(String tenantId) {
        return true;
    }

    /** The limits delivery must keep to. */
    default Capabilities capabilities() {
        return Capabilities.unlimited();
    }

    /** Forgets any cached view of the door system; the next push reads it again. */
    default void refresh() {
        operations().ifPresent(DoorAccessConnector::refresh);
    }

    /** Lets go of what the connector holds (its connections); it is not used after. */
    @Override
    default void close() {
    }

    /** The per-operation connector, when there is one: resync needs it to list and repair. */
    default Optional<DoorAccessConnector> operations() {
        return Optional.empty();
    }
}
