package dev.gatehouse.sync.connector;

import dev.gatehouse.contract.AccessChange;

/**
 * A door-access system that access-sync pushes changes to. Each change carries the resource's full
 * state and version, so a push is idempotent: pushing the same change twice leaves the same result.
 *
 * <p>This is the first, event-level form of the connector SPI; per-operation methods (upsert,
 * suspend, resume and delete a person; groups and members; listing for reconciliation) follow the
 * common denominator of DOOR_ACCESS.md §4.
 */
public interface DoorConnector {

    /** A stable name: the consumer group and progress of this connector are keyed by it. */
    String name();

    /** Applies one change; never throws for an outcome the door system reported. */
    PushOutcome push(AccessChange change);
}
