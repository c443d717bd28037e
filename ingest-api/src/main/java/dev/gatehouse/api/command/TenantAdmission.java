package dev.gatehouse.api.command;

import dev.gatehouse.scim.ScimException;
import dev.gatehouse.scim.limits.Limits;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A bulkhead per organization (the write path's, and the read path's with a count of reads as its
 * unit: see {@code StateReader}).
 *
 * <p>On the write path: Commands of all organizations share the commands
 * partitions and the processor's stream thread, applied in order: an organization that sends a flood
 * of heavy writes would put all of them in front of everybody else's. Here each organization may
 * have at most {@link Limits#WRITE_WINDOW_BYTES} of work in flight (sent, not answered) at this API
 * instance; its further writes wait here, in order, and are sent as earlier ones are answered. So a
 * revocation of another organization waits behind at most one window of this organization's work in a
 * partition, however much it sends. A write that would not fit even alone is let through alone.
 * Waiting writes are bounded too ({@link Limits#WRITE_QUEUE_BYTES}); past that, 429.
 */
public final class TenantAdmission {
    private final long window;
    private final long queue;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

    /** The write window ({@link Limits#WRITE_WINDOW_BYTES}, {@link Limits#WRITE_QUEUE_BYTES}). */
    public TenantAdmission() {
        this(Limits.WRITE_WINDOW_BYTES, Limits.WRITE_QUEUE_BYTES);
    }

    /** A window of {@code window} in flight and {@code queue} waiting per organization, in any one unit. */
    public TenantAdmission(long window, long queue) {
        this.window = window;
        this.queue = queue;
    }

    /** Work of the organization's writes in flight here (for tests and metrics). */
    public long inFlight(String tenantId) {
        Lane lane = lanes.get(tenantId);
        return lane == null ? 0 : lane.inFlight();
    }

    /** Writes of all organizations waiting here for their window. */
    public int waiting() {
        return lanes.values().stream().mapToInt(Lane::waiting).sum();
    }

    /**
     * A permit for a write of {@code cost}: at once when the organization's window has room, later when
     * its earlier writes are answered, or a 429 ScimException when too much already waits. Cancelling
     * (or failing) the returned future gives its place up. Release the permit when the write is done.
     */
    public CompletableFuture<Permit> admit(String tenantId, long cost) {
        return lanes.computeIfAbsent(tenantId, t -> new Lane()).admit(cost);
    }

    /** The right to have one write in flight; {@link #release()} once, when it is answered or failed. */
    public final class Permit {
        private final Lane lane;
        private final long cost;
        private boolean released;

        private Permit(Lane lane, long cost) {
            this.lane = lane;
            this.cost = cost;
        }

        public void release() {
            synchronized (this) {
                if (released) {
                    return;
                }
                released = true;
            }
            lane.release(cost);
        }
    }

    private record Waiter(long cost, CompletableFuture<Permit> future) {
    }

    private final class Lane {
        private final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
        private long inFlight;
        private long waitingCost;

        CompletableFuture<Permit> admit(long cost) {
            Waiter waiter;
            synchronized (this) {
                if (waiting.isEmpty() && fits(cost)) {
                    inFlight += cost;
                    return CompletableFuture.completedFuture(new Permit(this, cost));
                }
                if (waitingCost + cost > queue) {
                    return CompletableFuture.failedFuture(ScimException.tooManyRequests(
                            "this organization has too many requests waiting here; retry later"));
                }
                waiter = new Waiter(cost, new CompletableFuture<>());
                waiting.add(waiter);
                waitingCost += cost;
            }
            // A waiter that times out or is cancelled leaves the queue (and lets those behind it move).
            waiter.future().whenComplete((permit, error) -> {
                if (error != null) {
                    abandon(waiter);
                }
            });
            return waiter.future();
        }

        private boolean fits(long cost) {
            return inFlight == 0 || inFlight + cost <= window;
        }

        void release(long cost) {
            List<Waiter> admitted;
            synchronized (this) {
                inFlight -= cost;
                admitted = drain();
            }
            complete(admitted);
        }

        private void abandon(Waiter waiter) {
            List<Waiter> admitted;
            synchronized (this) {
                if (!waiting.remove(waiter)) {
                    return;
                }
                waitingCost -= waiter.cost();
                admitted = drain();
            }
            complete(admitted);
        }

        /** Takes the waiters that fit now, in order; their futures are completed outside the lock. */
        private List<Waiter> drain() {
            List<Waiter> admitted = new ArrayList<>();
            while (!waiting.isEmpty() && fits(waiting.peek().cost())) {
                Waiter next = waiting.poll();
                waitingCost -= next.cost();
                if (!next.future().isDone()) {
                    inFlight += next.cost();
                    admitted.add(next);
                }
            }
            return admitted;
        }

        private void complete(List<Waiter> admitted) {
            for (Waiter waiter : admitted) {
                Permit permit = new Permit(this, waiter.cost());
                if (!waiter.future().complete(permit)) {
                    permit.release(); // timed out meanwhile: the place goes to the next
                }
            }
        }

        synchronized long inFlight() {
            return inFlight;
        }

        synchronized int waiting() {
            return waiting.size();
        }
    }
}
