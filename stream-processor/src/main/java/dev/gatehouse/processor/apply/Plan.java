package dev.gatehouse.processor.apply;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.contract.AccessChange;
import dev.gatehouse.contract.Command;
import dev.gatehouse.contract.CommandDeadLetter;
import dev.gatehouse.contract.CommandResult;
import dev.gatehouse.contract.Continuation;
import dev.gatehouse.contract.Operation;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.contract.TimelineEvent;
import dev.gatehouse.processor.store.Directory;
import dev.gatehouse.processor.store.StoreKeys;
import dev.gatehouse.processor.store.StoreNames;
import dev.gatehouse.processor.store.StoredResource;
import dev.gatehouse.processor.store.Views;
import dev.gatehouse.scim.ScimJson;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Everything one command does, decided before anything is written: the store writes and the records
 * to forward. Deciding first and writing after means a command that fails half-way (a SCIM error, or
 * a bug answered with 500) leaves the stores untouched.
 */
public final class Plan {
    /** One store write; a null value deletes the key. */
    public record Write(String store, String key, Object value) {
    }

    /** One record to forward to a sink; a null value is a tombstone. */
    public record Output(Sink sink, String key, Object value) {
    }

    /**
     * A user this command touched, for its timeline: the version it produced (null: refused or unchanged),
     * the attributes it changed, and the group whose write it was ({@code Groups/<id>}), if any.
     */
    private record Touched(String userId, Long version, List<String> changed, String via) {
    }

    private final Command command;
    private int status;
    private final List<Write> writes = new ArrayList<>();
    private final List<Output> outputs = new ArrayList<>();
    private final List<Touched> touched = new ArrayList<>();
    /** The write the timeline events are about: this command, or the one a CONTINUE step carries on. */
    private String writeId;
    private Operation writeOperation;

    Plan(Command command) {
        this.command = command;
        this.writeId = command.commandId();
        this.writeOperation = command.operation();
    }

    /** The status the command is answered with (also without anyone to reply to); 0 before it is decided. */
    public int status() {
        return status;
    }

    public List<Write> writes() {
        return List.copyOf(writes);
    }

    /**
     * The records to forward: the command's own, then one timeline event per user it touched, with the
     * status the command is answered with (known only once the whole plan is decided).
     */
    public List<Output> outputs() {
        List<Output> all = new ArrayList<>(outputs.size() + touched.size());
        all.addAll(outputs);
        for (Touched t : touched) {
            all.add(new Output(Sink.TIMELINE, TimelineEvent.key(command.tenantId()), timelineEvent(t)));
        }
        return all;
    }

    /** A plan that only answers: nothing is written and no event is emitted. */
    public static Plan answerOnly(Command command, int status, JsonNode body) {
        return new Plan(command).answer(status, body);
    }

    /**
     * A SCIM write answered {@code status} without being applied: answered, and each user it names told so
     * on the timeline (the user written, or, for a group, the members its body names, at most
     * {@link NamedMembers#MAX}). Nothing is written. A CONTINUE step names nobody: it is no client's write;
     * nor does a command that says no operation or resource type (one whose processing threw may be such).
     */
    public static Plan refused(Command command, int status, JsonNode body) {
        Plan plan = answerOnly(command, status, body);
        if (command.operation() == null || command.operation() == Operation.CONTINUE || command.resourceType() == null) {
            return plan;
        }
        List<String> users = command.resourceType() == ResourceType.USER
                ? (command.resourceId() == null ? List.of() : List.of(command.resourceId()))
                : NamedMembers.of(command);
        String via = command.resourceType() == ResourceType.GROUP ? via(command.resourceId()) : null;
        users.forEach(id -> plan.touched(id, null, List.of(), via));
        return plan;
    }

    /** Records that this command touched user {@code userId} (see {@link Touched}). */
    void touched(String userId, Long version, List<String> changed, String via) {
        touched.add(new Touched(userId, version, changed, via));
    }

    /** The timeline's {@code via} of a user whose groups group {@code groupId}'s write changed. */
    static String via(String groupId) {
        return ResourceType.GROUP.endpoint() + "/" + groupId;
    }

    /** This CONTINUE step carries on write {@code step.answerTo()}: its timeline events are that write's. */
    void continuing(Continuation step) {
        this.writeId = step.answerTo();
        // Steps written before they carried the operation: a deleted group's, else a member change's.
        this.writeOperation = step.operation() != null ? step.operation()
                : step.deleted() ? Operation.DELETE : Operation.PATCH;
    }

    private TimelineEvent timelineEvent(Touched t) {
        return TimelineEvent.scim(command.tenantId(), ResourceType.USER, t.userId(), command.receivedAt(),
                writeOperation.name().toLowerCase(Locale.ROOT), status, command.requestId(), writeId, t.version(),
                t.changed(), t.via());
    }

    /** The result record; none when the command names nobody to reply to (a replay tool). */
    Plan answer(int status, JsonNode body) {
        return answer(command.commandId(), status, body);
    }

    /** The result of command {@code commandId}: this one, or the write a last CONTINUE step finishes. */
    Plan answer(String commandId, int status, JsonNode body) {
        this.status = status;
        if (command.replyTo() != null) {
            outputs.add(new Output(Sink.RESULTS, command.replyTo(),
                    new CommandResult(commandId, command.tenantId(), status, body)));
        }
        return this;
    }

    /**
     * Leaves the rest of a membership change to a CONTINUE command on the commands topic, applied after
     * the commands already waiting there; the write is answered by its last step. The group is marked
     * as changing meanwhile (see {@link StoreKeys#pendingChange}).
     */
    void continueLater(String resourceId, Continuation next) {
        this.status = next.status();
        String id = Continuation.commandId(next.answerTo(), next.step());
        writes.add(new Write(StoreNames.INDEXES, StoreKeys.pendingChange(command.tenantId(), resourceId), id));
        outputs.add(new Output(Sink.COMMANDS, command.tenantId(), new Command(id, command.tenantId(),
                Operation.CONTINUE, command.resourceType(), resourceId, ScimJson.mapper().valueToTree(next),
                command.receivedAt(), command.replyTo(), null, command.requestId())));
    }

    /** The resource's membership change is complete: commands on it are applied again. */
    void changeComplete(String resourceId) {
        deleteIndex(StoreKeys.pendingChange(command.tenantId(), resourceId));
    }

    /** A dead letter for this command: it was answered {@link #status()} without being applied as asked. */
    public Plan deadLetter(CommandDeadLetter letter) {
        outputs.add(new Output(Sink.COMMAND_DEAD_LETTERS, command.tenantId(), letter));
        return this;
    }

    private void putResource(ResourceType type, String id, StoredResource stored) {
        writes.add(new Write(store(type), StoreKeys.resource(command.tenantId(), id), stored));
    }

    void putIndex(String key, String id) {
        writes.add(new Write(StoreNames.INDEXES, key, id));
    }

    void deleteIndex(String key) {
        writes.add(new Write(StoreNames.INDEXES, key, null));
    }

    /** Links a member; {@code display} is what the client sent with it, or null. */
    void link(String groupId, String userId, String display) {
        String tenant = command.tenantId();
        writes.add(new Write(StoreNames.MEMBERSHIPS, StoreKeys.groupMember(tenant, groupId, userId),
                Directory.membershipValue(display)));
        writes.add(new Write(StoreNames.MEMBERSHIPS, StoreKeys.userGroup(tenant, userId, groupId),
                Directory.membershipValue(null)));
    }

    void unlink(String groupId, String userId) {
        String tenant = command.tenantId();
        writes.add(new Write(StoreNames.MEMBERSHIPS, StoreKeys.groupMember(tenant, groupId, userId), null));
        writes.add(new Write(StoreNames.MEMBERSHIPS, StoreKeys.userGroup(tenant, userId, groupId), null));
    }

    /**
     * Stores a user and forwards its state record and change event; {@code groups} are its group ids
     * after this command.
     */
    void publishUser(String id, StoredResource stored, Collection<String> groups) {
        putResource(ResourceType.USER, id, stored);
        publish(ResourceType.USER, id, stored, groups, false);
    }

    /** Stores a group and forwards its state record and change event (its own attributes only). */
    void publishGroup(String id, StoredResource stored) {
        putResource(ResourceType.GROUP, id, stored);
        publish(ResourceType.GROUP, id, stored, List.of(), false);
    }

    /**
     * Deletes a resource: the state tombstone and the deleted event, which carries the last state
     * and a new version ({@code groups}: a deleted user's last group ids; empty for a group).
     */
    void publishDeleted(ResourceType type, String id, StoredResource last, Collection<String> groups) {
        writes.add(new Write(store(type), StoreKeys.resource(command.tenantId(), id), null));
        publish(type, id, last, groups, true);
    }

    private void publish(ResourceType type, String id, StoredResource stored, Collection<String> groups,
                         boolean deleted) {
        String key = AccessChange.key(command.tenantId(), id);
        outputs.add(new Output(stateSink(type), key,
                deleted ? null : Views.stateForm(type, stored.resource(), groups)));
        // Deterministic id and time (docs/architecture.md "Processing is deterministic"): a replay of the
        // commands topic yields the same events, so consumers can de-duplicate by eventId.
        outputs.add(new Output(Sink.ACCESS_CHANGES, key, new AccessChange(command.commandId() + "/" + id,
                command.tenantId(), type, id, stored.version(), deleted,
                Views.eventState(type, stored.resource(), groups), command.commandId(), command.receivedAt(),
                command.requestId())));
    }

    private static String store(ResourceType type) {
        return type == ResourceType.USER ? StoreNames.USERS : StoreNames.GROUPS;
    }

    private static Sink stateSink(ResourceType type) {
        return type == ResourceType.USER ? Sink.USERS : Sink.GROUPS;
    }
}
