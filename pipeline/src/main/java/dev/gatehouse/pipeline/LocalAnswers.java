package dev.gatehouse.pipeline;

import dev.gatehouse.contract.CommandResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers for API instances that run in the same JVM as the processor ({@code gatehouse up}), handed
 * over in memory when the processor's transaction commits instead of travelling through the results
 * topic: no result record is written, fetched or parsed, and the answer leaves as soon as the commit
 * returns. An API instance in another process is answered through the topic as before.
 *
 * <p>"A write is answered only after the processor applied it" (docs/architecture.md) holds the same
 * way: a stream thread {@link #hold}s each result for a local instance while it processes, and its
 * producer {@link #committed releases} them once {@code commitTransaction} has returned, or
 * {@link #aborted drops} them when the transaction is aborted or the producer closed. Under
 * exactly-once the commands of a dropped transaction are processed again and held again, so the waiting
 * request is answered by the transaction that does commit (or gets its 503 at the deadline). Held
 * results are per stream thread, since each thread's transactions are its own.
 */
public final class LocalAnswers {
    /** No API instance in this JVM: every result goes through the results topic. */
    public static final LocalAnswers NONE = new LocalAnswers();
    private static final Logger LOG = LoggerFactory.getLogger(LocalAnswers.class);

    private final Map<String, Consumer<CommandResult>> instances = new ConcurrentHashMap<>();
    private final ThreadLocal<List<Held>> held = ThreadLocal.withInitial(ArrayList::new);

    private record Held(Consumer<CommandResult> instance, CommandResult result) {
    }

    /**
     * Receives the results of commands whose reply address is {@code instanceId}, on the committing stream
     * thread (so {@code answer} must be quick); until {@link #unregister}.
     */
    public void register(String instanceId, Consumer<CommandResult> answer) {
        if (this == NONE) {
            throw new IllegalStateException("NONE serves no API instance");
        }
        instances.put(instanceId, answer);
    }

    public void unregister(String instanceId) {
        instances.remove(instanceId);
    }

    /** Whether {@code replyTo} is an API instance of this JVM. */
    public boolean serves(String replyTo) {
        return replyTo != null && instances.containsKey(replyTo);
    }

    /**
     * Holds {@code result} until this thread's transaction commits, when {@code replyTo} is an API instance
     * of this JVM; false (nothing held) when it is not, and the result must go to the results topic.
     */
    public boolean hold(String replyTo, CommandResult result) {
        Consumer<CommandResult> instance = replyTo == null ? null : instances.get(replyTo);
        if (instance == null) {
            return false;
        }
        held.get().add(new Held(instance, result));
        return true;
    }

    /** This thread's transaction committed: its held results are answered. */
    public void committed() {
        List<Held> done = held.get();
        if (done.isEmpty()) {
            return;
        }
        List<Held> answers = List.copyOf(done);
        done.clear();
        for (Held h : answers) {
            try {
                h.instance().accept(h.result());
            } catch (RuntimeException e) {
                // The transaction has committed whatever an answer does: one failing must not fail the commit.
                LOG.warn("answer of command {} not handed over: {}", h.result().commandId(), e.toString());
            }
        }
    }

    /** This thread's transaction was aborted (or its producer closed): its held results are dropped. */
    public void aborted() {
        held.get().clear();
    }

    /** How many results this thread holds (for tests). */
    int heldOnThisThread() {
        return held.get().size();
    }
}
