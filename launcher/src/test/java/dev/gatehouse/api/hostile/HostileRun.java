package dev.gatehouse.api.hostile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Runs the cases family by family, each family within its share of the run's time: the concurrent
 * families on {@code workers} threads (each case, then its canary), then the serial ones on one (cases
 * that can take the whole stack down, so a wedge is pinned on one case), while a sentinel writes B's
 * revocation every 100 ms. When two of B's writes in a row get no 2xx, the next worker out of its case
 * holds every other one back and probes B: if B's writes succeed again, it was a stall and the run goes
 * on; if not, the stack is wedged, which is recorded with the cases just run, and a fresh arena takes
 * over (at most {@link #MAX_RESTARTS} times), so one wedge does not hide every later finding.
 */
final class HostileRun {
    static final int MAX_RESTARTS = Integer.getInteger("gatehouse.hostile.restarts", 3);
    private static final Duration SENTINEL_PERIOD = Duration.ofMillis(100);
    private static final int WARM_UP_ROUNDS = 6;

    /** One case to run. */
    record CaseRef(Family family, int index, long seed) {
        String id() {
            return family.name() + "#" + index;
        }
    }

    /** One family's cases, run by {@code threads} workers within its share ({@code weight}) of the run's time. */
    record Block(String family, List<CaseRef> cases, int threads, int weight) {
    }

    private final int workers;
    private final long deadlineNanos;
    private volatile long blockDeadlineNanos;
    /** Canary failures of requests sent before this (nano time) belong to an episode already handled. */
    private volatile long countFailuresFrom;
    private final Tally tally;
    private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock(true);
    private final AtomicInteger failedCanariesInARow = new AtomicInteger();
    /** An arena B's writes failed on, and when that was seen; handled by the next worker out of its case. */
    private final AtomicReference<Suspicion> restartWanted = new AtomicReference<>();

    private record Suspicion(Arena arena, long seenAt) {
    }
    private final SourceAddresses addresses = new SourceAddresses();
    private final Map<Integer, String> inFlight = new ConcurrentHashMap<>();
    private final Deque<String> recent = new ConcurrentLinkedDeque<>();
    private final Map<String, Integer> notRun = new ConcurrentHashMap<>();
    private final CaseRunner[] runners;
    private volatile Arena arena;
    private volatile boolean aborted;
    private volatile boolean stopping;
    private int restarts;
    private int generation;

    HostileRun(int workers, Duration deadline, Tally tally) {
        this.workers = workers;
        this.deadlineNanos = System.nanoTime() + deadline.toNanos();
        this.tally = tally;
        this.runners = new CaseRunner[workers];
    }

    /**
     * Runs the blocks in order, each within twice its weight's share of the time left (time a block
     * does not use goes to the later ones), so a run cut by its deadline still exercised every family; then
     * checks B's users hold the values of their last confirmed writes.
     */
    void run(List<Block> blocks) throws InterruptedException {
        arena = open();
        Thread sentinel = new Thread(this::sentinel, "hostile-sentinel");
        sentinel.setDaemon(true);
        sentinel.start();
        try {
            int weightLeft = blocks.stream().mapToInt(Block::weight).sum();
            for (Block block : blocks) {
                long now = System.nanoTime();
                // Twice its share of the time left: room to be slower than estimated, not to starve the rest.
                long share = Math.max(0, deadlineNanos - now) * block.weight() / Math.max(1, weightLeft);
                blockDeadlineNanos = Math.min(deadlineNanos, now + 2 * share);
                weightLeft -= block.weight();
                phase(block.cases(), block.threads());
            }
        } finally {
            stopping = true;
            sentinel.join(Canary.TIMEOUT.toMillis() + 1000);
        }
        notRun.forEach((family, n) -> tally.fail(new Tally.Failure(family, "none", "not run", n + " cases",
                aborted ? "the stack wedged more than " + MAX_RESTARTS + " times" : "the family's share of the run's time passed")));
        finalState();
        for (CaseRunner runner : runners) {
            if (runner != null) {
                runner.close();
            }
        }
        arena.close();
    }

    private void phase(List<CaseRef> cases, int threads) throws InterruptedException {
        ConcurrentLinkedQueue<CaseRef> queue = new ConcurrentLinkedQueue<>(cases);
        List<Thread> threadList = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
            int worker = w;
            Thread t = new Thread(() -> work(worker, queue), "hostile-worker-" + w);
            threadList.add(t);
            t.start();
            Thread.sleep(10); // a ramp, not a thundering herd
        }
        for (Thread t : threadList) {
            t.join();
        }
    }

    private void work(int worker, ConcurrentLinkedQueue<CaseRef> queue) {
        for (CaseRef ref = queue.poll(); ref != null; ref = queue.poll()) {
            if (aborted || System.nanoTime() > blockDeadlineNanos) {
                notRun.merge(ref.family().name(), 1, Integer::sum);
                continue;
            }
            gate.readLock().lock();
            try {
                Arena current = arena;
                CaseRunner runner = runners[worker];
                if (runner == null || runner.arena != current) {
                    if (runner != null) {
                        runner.close();
                    }
                    runner = new CaseRunner(current, worker, tally);
                    runners[worker] = runner;
                }
                inFlight.put(worker, ref.id());
                CaseRunner.Result result = runner.run(ref.family(), ref.index(), ref.seed(), addresses.next(),
                        ref.index() % 3 == 0, described -> inFlight.put(worker, described));
                inFlight.remove(worker);
                remember(ref.id() + "→" + result.status());
                canaryOutcome(current, "canary", ref.id(), result.canary());
            } finally {
                gate.readLock().unlock();
            }
            Suspicion suspicion = restartWanted.getAndSet(null);
            if (suspicion != null) {
                recoverOrRestart(suspicion);
            }
        }
    }

    private void canaryOutcome(Arena on, String which, String after, RawHttp.Response r) {
        if (r.answered()) {
            if (which.equals("canary")) {
                tally.canary(r.millis());
            } else {
                tally.sentinel(r.millis());
            }
        }
        if (Canary.ok(r)) {
            failedCanariesInARow.set(0);
            return;
        }
        tally.stalled(System.nanoTime() - r.nanos(), System.nanoTime());
        String status = r.answered() ? Integer.toString(r.status()) : "none";
        String detail = r.answered() ? String.format("%d after %.0f ms (bound %d ms)", r.status(), r.millis(),
                Canary.BOUND.toMillis()) : r.failure();
        // Grouped by the family of the case before it; the case itself is named in the detail.
        List<String> flying = List.copyOf(inFlight.values());
        String where = after != null ? "after a " + after.substring(0, after.indexOf('#')) + " case"
                : flying.size() == 1 ? "while " + flying.get(0).replaceFirst("^\\S+#\\d+ ", "") + " was in flight"
                : "while cases ran";
        tally.fail(new Tally.Failure(which, status, r.status() >= 200 && r.status() < 300 ? "slow" : "failed", where,
                (after == null ? "" : "after " + after + ": ") + detail + "; in flight " + ids(flying) + "; recent " + recent));
        // A late failure from an arena already replaced, or of an episode already handled, says nothing new.
        boolean counts = on == arena && System.nanoTime() - r.nanos() >= countFailuresFrom;
        if (counts && !(r.status() >= 200 && r.status() < 300) && failedCanariesInARow.incrementAndGet() >= 2) {
            restartWanted.set(new Suspicion(on, System.nanoTime()));
        }
    }

    /**
     * Once no case is in flight (the write lock), tells a stall from a wedge: a stall ends by itself, so
     * B's writes are probed for a while first; a wedge does not, and a fresh arena takes over.
     */
    private void recoverOrRestart(Suspicion suspicion) {
        gate.writeLock().lock();
        try {
            Arena suspect = suspicion.arena();
            if (suspect != arena || suspicion.seenAt() < countFailuresFrom) {
                return; // already replaced, or an episode already handled
            }
            long started = System.nanoTime();
            try (Canary probe = new Canary(suspect, suspect.canaryUsers.get(suspect.canaryUsers.size() - 1))) {
                for (int i = 0; i < 2; i++) {
                    RawHttp.Response r = probe.write();
                    if (r.status() >= 200 && r.status() < 300) {
                        tally.event(String.format("B's writes failed twice in a row but recovered %.1f s after the cases "
                                + "in flight had ended (a stall); recent cases %s", (System.nanoTime() - started) / 1e9, recent));
                        failedCanariesInARow.set(0);
                        countFailuresFrom = System.nanoTime();
                        return;
                    }
                }
            }
            tally.event("stack wedged (arena " + generation + "): B's writes failed twice in a row and for "
                    + Math.round((System.nanoTime() - started) / 1e9) + " s after the cases in flight had ended; recent cases "
                    + recent + (restarts < MAX_RESTARTS ? "; a fresh arena takes over" : "; giving up"));
            if (restarts >= MAX_RESTARTS) {
                aborted = true;
                return;
            }
            restarts++;
            generation++;
            suspect.closeInBackground();
            arena = open();
            failedCanariesInARow.set(0);
            countFailuresFrom = System.nanoTime();
        } finally {
            gate.writeLock().unlock();
        }
    }

    private Arena open() {
        long started = System.nanoTime();
        Arena a = Arena.open(workers);
        long opened = System.nanoTime();
        try {
            a.warmUp(WARM_UP_ROUNDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        tally.event(String.format("arena %d opened in %.1f s, warmed up in %.1f s", generation, (opened - started) / 1e9,
                (System.nanoTime() - opened) / 1e9));
        return a;
    }

    /** B's sentinel user, written every 100 ms on its own connection, also while a case is in flight. */
    private void sentinel() {
        Canary canary = null;
        Arena mine = null;
        while (!stopping && !aborted) {
            gate.readLock().lock();
            try {
                if (mine != arena) {
                    if (canary != null) {
                        canary.close();
                    }
                    mine = arena;
                    canary = new Canary(mine, mine.canaryUsers.get(mine.canaryUsers.size() - 1));
                }
                canaryOutcome(mine, "sentinel", null, canary.write());
            } finally {
                gate.readLock().unlock();
            }
            try {
                Thread.sleep(SENTINEL_PERIOD.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Each worker's canary user of the last arena holds the value of its last confirmed write. */
    private void finalState() {
        for (CaseRunner runner : runners) {
            if (runner != null && runner.arena == arena) {
                runner.checkCanaryState();
            }
        }
    }

    private static List<String> ids(List<String> described) {
        return described.stream().map(d -> d.split(" ", 2)[0]).toList();
    }

    private void remember(String entry) {
        recent.addLast(entry);
        while (recent.size() > 6) {
            recent.pollFirst();
        }
    }
}
