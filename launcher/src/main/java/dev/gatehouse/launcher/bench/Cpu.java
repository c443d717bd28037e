package dev.gatehouse.launcher.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;

/**
 * CPU per operation of a bench phase. The bench's stack (broker, processor, API, access-sync, door
 * simulator) runs in this JVM beside the load generator, so a phase's stack CPU is the process CPU
 * time ({@code com.sun.management.OperatingSystemMXBean#getProcessCpuTime}: every thread, GC and JIT
 * and RocksDB's native threads included; 10 ms resolution on Linux) less what the load generator's
 * threads used ({@link LoadThreads}, per-thread CPU). A phase's window runs from its first request
 * until the stack is quiet again, so the work a phase leaves queued (deliveries to the door system,
 * compactions) is charged to it rather than to the next one. Two parts of it are shown besides, since a
 * short run is made of them: the JIT compiler's CPU, which a warm stack no longer spends, and the idle
 * stack's share (polls, timers), which it spends without load. Where {@code /proc} is (Linux), the stack's
 * CPU is also split by component ({@link StackThreads}): the JIT's share is one of them. Each window also
 * counts the requests the broker handled in it ({@link BrokerRequests}), by Kafka API.
 */
public final class Cpu {
    /** How often {@link Window#end} looks whether the stack is quiet. */
    static final long INTERVAL_NANOS = 500_000_000L;
    /** Above the idle stack's share of one core, how much CPU an interval may use and still be quiet. */
    static final double QUIET_MARGIN = 0.05;
    /** The longest a window waits for quiet after its phase. */
    static final long QUIET_GIVE_UP_NANOS = 30_000_000_000L;

    /**
     * One reading: wall clock, the process's CPU, the load threads' CPU and the JIT compiler threads' CPU
     * (-1 where unknown), in nanoseconds; the stack's CPU by component ({@link StackThreads#nanos()},
     * empty where unknown); and the broker's requests so far by Kafka API ({@link BrokerRequests}, empty
     * where unknown).
     */
    public record Sample(long wallNanos, long processNanos, long loadNanos, long jitNanos, Map<Component, Long> components,
                         Map<String, Long> requests) {
        /** A reading without components or requests. */
        public Sample(long wallNanos, long processNanos, long loadNanos, long jitNanos) {
            this(wallNanos, processNanos, loadNanos, jitNanos, Map.of());
        }

        /** A reading without requests. */
        public Sample(long wallNanos, long processNanos, long loadNanos, long jitNanos, Map<Component, Long> components) {
            this(wallNanos, processNanos, loadNanos, jitNanos, components, Map.of());
        }
    }

    /**
     * What a phase used: wall and CPU nanoseconds between two samples (the JIT's -1 where unknown), the
     * CPU of each component (empty where unknown; {@link Component#OTHER} is not kept, it is what the stack
     * used beyond the others), the broker's requests by Kafka API (empty where unknown) and the operations
     * it completed; {@code quiet} is false when the stack was still busy at the give-up time.
     */
    public record Usage(long wallNanos, long processNanos, long loadNanos, long jitNanos, long ops, boolean quiet,
                        Map<Component, Long> components, Map<String, Long> requests) {
        /** A usage without components or requests. */
        public Usage(long wallNanos, long processNanos, long loadNanos, long jitNanos, long ops, boolean quiet) {
            this(wallNanos, processNanos, loadNanos, jitNanos, ops, quiet, Map.of());
        }

        /** A usage without requests. */
        public Usage(long wallNanos, long processNanos, long loadNanos, long jitNanos, long ops, boolean quiet,
                     Map<Component, Long> components) {
            this(wallNanos, processNanos, loadNanos, jitNanos, ops, quiet, components, Map.of());
        }

        /** The usage from {@code from} to {@code to}; by component only when both have components. */
        public static Usage between(Sample from, Sample to, long ops, boolean quiet) {
            long jit = from.jitNanos() < 0 || to.jitNanos() < 0 ? -1 : to.jitNanos() - from.jitNanos();
            Map<Component, Long> components = new EnumMap<>(Component.class);
            if (!from.components().isEmpty() && !to.components().isEmpty()) {
                for (Component component : Component.values()) {
                    if (component != Component.OTHER) {
                        components.put(component, to.components().getOrDefault(component, 0L)
                                - from.components().getOrDefault(component, 0L));
                    }
                }
            }
            return new Usage(to.wallNanos() - from.wallNanos(), to.processNanos() - from.processNanos(),
                    to.loadNanos() - from.loadNanos(), jit, ops, quiet, Map.copyOf(components),
                    BrokerRequests.between(from.requests(), to.requests()));
        }

        /** Whether the broker's requests were counted. */
        public boolean byRequest() {
            return !requests.isEmpty();
        }

        /** The broker's requests of {@code apis} per operation; NaN without operations or counts. */
        public double requestsPerOp(Collection<String> apis) {
            return ops > 0 && byRequest() ? apis.stream().mapToLong(api -> requests.getOrDefault(api, 0L)).sum()
                    / (double) ops : Double.NaN;
        }

        /** Every request the broker handled, per operation; NaN without operations or counts. */
        public double requestsPerOp() {
            return requestsPerOp(requests.keySet());
        }

        /** Operations per transaction the broker ended ({@link BrokerRequests#END_TRANSACTION}); NaN without any. */
        public double opsPerTransaction() {
            long ended = requests.getOrDefault(BrokerRequests.END_TRANSACTION, 0L);
            return ended > 0 ? (double) ops / ended : Double.NaN;
        }

        /** Whether the stack's CPU is split by component. */
        public boolean byComponent() {
            return !components.isEmpty();
        }

        /**
         * Of {@link #stackMsPerOp()}, {@code component}'s milliseconds per operation; for
         * {@link Component#OTHER} the stack's CPU the others do not account for. NaN without operations or
         * components.
         */
        public double msPerOp(Component component) {
            if (ops <= 0 || !byComponent()) {
                return Double.NaN;
            }
            long nanos = component != Component.OTHER ? components.getOrDefault(component, 0L)
                    : stackNanos() - components.values().stream().mapToLong(Long::longValue).sum();
            return nanos / 1e6 / ops;
        }

        /**
         * {@link #stackMsPerOp()} less the door simulator's share: the stack as a production Gatehouse runs
         * it, since the simulator stands in for the door systems. NaN without components.
         */
        public double withoutDoorSimulatorMsPerOp() {
            return stackMsPerOp() - msPerOp(Component.DOOR_SIMULATOR);
        }

        /** The stack's CPU: the process's less the load generator's. */
        public long stackNanos() {
            return processNanos - loadNanos;
        }

        /** Stack CPU milliseconds per operation; NaN without operations. */
        public double stackMsPerOp() {
            return ops > 0 ? stackNanos() / 1e6 / ops : Double.NaN;
        }

        /** The load generator's CPU milliseconds per operation (subtracted from the process's); NaN without operations. */
        public double loadMsPerOp() {
            return ops > 0 ? loadNanos / 1e6 / ops : Double.NaN;
        }

        /** The JIT compiler's share of the stack's CPU; NaN where unknown or nothing was used. */
        public double jitShare() {
            return jitNanos >= 0 && stackNanos() > 0 ? (double) jitNanos / stackNanos() : Double.NaN;
        }

        /** Of {@link #stackMsPerOp()}, the JIT compiler's milliseconds per operation; NaN without operations or where unknown. */
        public double jitMsPerOp() {
            return ops > 0 && jitNanos >= 0 ? jitNanos / 1e6 / ops : Double.NaN;
        }

        /**
         * Of {@link #stackMsPerOp()}, what a stack idling at {@code idleCores} would have used over the
         * window, per operation; NaN without operations.
         */
        public double idleMsPerOp(double idleCores) {
            return ops > 0 ? idleCores * wallNanos / 1e6 / ops : Double.NaN;
        }

        /** This phase's stack CPU per operation as a multiple of {@code baseline}'s; NaN when either has none. */
        public double times(Usage baseline) {
            double base = baseline.stackMsPerOp();
            return base > 0 ? stackMsPerOp() / base : Double.NaN;
        }

        /** The stack's average CPU over the window, in cores (1.0: one core busy throughout). */
        public double cores() {
            return wallNanos > 0 ? (double) stackNanos() / wallNanos : Double.NaN;
        }

        /** As {@link #cores()}, less the JIT compiler's (where known): what the stack itself did. */
        public double coresWithoutJit() {
            return wallNanos > 0 ? (double) (stackNanos() - Math.max(0, jitNanos)) / wallNanos : Double.NaN;
        }
    }

    private final com.sun.management.OperatingSystemMXBean os;
    private final LoadThreads load;
    private final StackThreads threads;
    private double idleCores;

    /**
     * Reads the process's CPU and subtracts {@code load}'s threads; splits it by component as {@code threads}
     * tell; counts the requests of the broker of this JVM ({@link BrokerRequests#read}).
     */
    public Cpu(LoadThreads load, StackThreads threads) {
        OperatingSystemMXBean bean = ManagementFactory.getOperatingSystemMXBean();
        this.os = bean instanceof com.sun.management.OperatingSystemMXBean sun ? sun : null;
        this.load = load;
        this.threads = threads;
    }

    /** Whether process CPU time can be read here (HotSpot and its kin); without it every figure is NaN. */
    public boolean supported() {
        return os != null && os.getProcessCpuTime() >= 0 && load.supported();
    }

    /** A reading now. */
    public Sample sample() {
        long wall = System.nanoTime();
        long process = os == null ? -1 : os.getProcessCpuTime();
        Map<Component, Long> components = threads.nanos();
        long jit = components.isEmpty() ? -1 : components.getOrDefault(Component.JIT, 0L);
        return new Sample(wall, process < 0 ? 0 : process, load.cpuNanos(), jit, components, BrokerRequests.read());
    }

    /**
     * Measures the idle stack: the quietest of {@code intervals} one-second intervals, in cores, the JIT
     * compiler's left out (a stack just started is still compiling). What is quiet for {@link Window#end}
     * is this plus {@link #QUIET_MARGIN}.
     */
    public double calibrate(int intervals) throws InterruptedException {
        double quietest = Double.MAX_VALUE;
        Sample previous = sample();
        for (int i = 0; i < intervals; i++) {
            Thread.sleep(1_000);
            Sample next = sample();
            quietest = Math.min(quietest, Usage.between(previous, next, 0, true).coresWithoutJit());
            previous = next;
        }
        idleCores = intervals > 0 ? Math.max(0, quietest) : 0;
        return idleCores;
    }

    /** The idle stack's CPU in cores, as {@link #calibrate} measured it. */
    public double idleCores() {
        return idleCores;
    }

    /** Opens a phase's window now. */
    public Window start() {
        return new Window(sample());
    }

    /**
     * Waits until the stack is quiet, as {@link Window#end} does, without measuring anything: after an
     * unmeasured warm-up, so that what it left queued is not charged to the phase measured next. False
     * when the stack was still busy at the give-up time.
     */
    public boolean settle() throws InterruptedException {
        return awaitQuiet().quiet();
    }

    /**
     * Whether the stack used at most {@code idleCores + QUIET_MARGIN} of a core between two samples, the
     * JIT compiler's left out: compiling what a phase ran is not work the phase left queued.
     */
    static boolean quiet(Sample from, Sample to, double idleCores) {
        return Usage.between(from, to, 0, true).coresWithoutJit() <= idleCores + QUIET_MARGIN;
    }

    /** The sample at which the stack was found quiet, or the give-up time's ({@code quiet} false). */
    private record Quiet(Sample sample, boolean quiet) {
    }

    /** Samples every {@link #INTERVAL_NANOS} until an interval is quiet, at most {@link #QUIET_GIVE_UP_NANOS}. */
    private Quiet awaitQuiet() throws InterruptedException {
        long giveUp = System.nanoTime() + QUIET_GIVE_UP_NANOS;
        Sample previous = sample();
        while (true) {
            Thread.sleep(INTERVAL_NANOS / 1_000_000);
            Sample next = sample();
            boolean quiet = quiet(previous, next, idleCores);
            if (quiet || next.wallNanos() > giveUp) {
                return new Quiet(next, quiet);
            }
            previous = next;
        }
    }

    /** A phase's window, open from {@link #start()}. */
    public final class Window {
        private final Sample from;

        private Window(Sample from) {
            this.from = from;
        }

        /**
         * Closes the window once the stack is quiet (an interval of {@link #INTERVAL_NANOS} at about
         * the idle stack's CPU), or at the give-up time, and returns the usage for {@code ops} operations.
         */
        public Usage end(long ops) throws InterruptedException {
            Quiet quiet = awaitQuiet();
            return Usage.between(from, quiet.sample(), ops, quiet.quiet());
        }
    }
}
