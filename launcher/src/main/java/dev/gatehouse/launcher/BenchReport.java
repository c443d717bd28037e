package dev.gatehouse.launcher;

import dev.gatehouse.launcher.bench.LoadDriver;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** The bench's table: its lines in the order the phases add them, printed once at the end. */
final class BenchReport {
    private final List<String> rows = new ArrayList<>();

    void add(String row) {
        rows.add(row);
    }

    void addAll(List<String> more) {
        rows.addAll(more);
    }

    /** The heading of the request rows ({@link #row}). */
    void requestHeading() {
        rows.add("");
        rows.add(String.format(Locale.ROOT, "%-30s %7s %9s %9s %9s %7s %11s", "phase", "clients", "req/s", "p50 ms",
                "p99 ms", "errors", "of Kafka RT"));
    }

    /** One request row: the phase's figures and its rate as a share of the Kafka round trip's. */
    void row(LoadDriver.Result result, LoadDriver.Result baseline) {
        rows.add(String.format(Locale.ROOT, "%-30s %7d %9.0f %9.1f %9.1f %7d %10.0f%%", result.name(), result.clients(),
                result.perSecond(), result.p50Ms(), result.p99Ms(), result.errors(),
                100 * result.perSecond() / baseline.perSecond()));
    }

    /** The process's resident memory, heap after a GC and uptime. */
    void memory() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        long heapMb = (rt.totalMemory() - rt.freeMemory()) >> 20;
        rows.add(String.format(Locale.ROOT, "Memory of the whole stack (one JVM, broker included): resident %s, heap used after GC %,d MB (max %,d MB)",
                residentMemory(), heapMb, rt.maxMemory() >> 20));
        rows.add("Uptime " + ManagementFactory.getRuntimeMXBean().getUptime() / 1000 + " s");
    }

    private static String residentMemory() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
            return lines.filter(l -> l.startsWith("VmRSS:")).findFirst()
                    .map(l -> String.format(Locale.ROOT, "%,d MB", Long.parseLong(l.replaceAll("\\D", "")) >> 10))
                    .orElse("n/a");
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    void print() {
        System.out.println();
        rows.forEach(System.out::println);
    }
}
