package dev.gatehouse.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.launcher.bench.Cpu;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class BenchReportTest {
    private static final long MS = 1_000_000;

    @Test
    void everyPhaseIsComparedWithTheRoundTripAtItsConcurrencyOrElseTheFirst() {
        BenchReport report = new BenchReport();
        report.idle(0.1);
        // Kafka round trip: 0.5 ms at 16 clients, 0.25 ms at 64
        report.cpu(BenchReport.KAFKA_ROUND_TRIP, 16, "request", usage(1_000, 600, 100, 0, 1_000));
        report.cpu("POST /Users", 16, "request", usage(4_000, 2_000, 500, 100, 500));
        report.cpu(BenchReport.KAFKA_ROUND_TRIP, 64, "request", usage(1_000, 300, 50, 0, 1_000));
        report.cpu("POST /Users", 64, "request", usage(2_000, 1_500, 500, 0, 500));
        report.cpu("Rebuild with comparison to live", 0, "command", usage(10_000, 5_000, 0, 0, 20_000));

        List<String> lines = report.lines();

        // ops, wall s, cores, CPU ms/op, x Kafka RT, of it JIT, of it idle (0.1 cores over 4 s, 500 requests), load ms/op
        assertThat(columns(lines, "POST /Users", "16")).containsExactly("500", "4.0", "0.38", "3.000", "6.00", "0.200",
                "0.800", "1.000");
        assertThat(columns(lines, "POST /Users", "64")).containsExactly("500", "2.0", "0.50", "2.000", "8.00", "0.000",
                "0.400", "1.000");
        assertThat(columns(lines, BenchReport.KAFKA_ROUND_TRIP, "64").get(4)).isEqualTo("1.00");
        // no round trip of its own: beside the first one's 0.5 ms
        assertThat(columns(lines, "Rebuild with comparison to live, per command", "-")).containsExactly("20,000", "10.0",
                "0.50", "0.250", "0.50", "0.000", "0.050", "0.000");
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("0.100 cores without JIT").contains("or else at 16 clients"));
    }

    @Test
    void aPhaseStillBusyWhenGivenUpOnIsMarked() {
        BenchReport report = new BenchReport();
        report.cpu("PATCH active=false", 16, "request", new Cpu.Usage(30_500 * MS, 20_000 * MS, 0, 0, 100, false));

        List<String> lines = report.lines();

        assertThat(columns(lines, "PATCH active=false", "16").get(1)).isEqualTo("30.5*");
        assertThat(columns(lines, "PATCH active=false", "16").get(4)).isEqualTo("-"); // no round trip measured
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("* still busy when given up on"));
    }

    @Test
    void closingTheReportTwiceGivesTheSameLines() {
        BenchReport report = new BenchReport();
        report.add("first");
        report.cpu(BenchReport.KAFKA_ROUND_TRIP, 16, "request", usage(1_000, 600, 100, 0, 1_000));

        List<String> first = report.lines();

        assertThat(first.get(0)).isEqualTo("first");
        assertThat(report.lines()).isEqualTo(first);
    }

    @Test
    void residentMemoryIsReadFromProcStatusInKilobytes() {
        List<String> status = List.of("Name:\tjava", "VmHWM:\t  812344 kB", "VmRSS:\t  701234 kB", "Threads:\t123");

        assertThat(BenchReport.status(status, "VmRSS")).isEqualTo(OptionalLong.of(701_234));
        assertThat(BenchReport.status(status, "VmHWM")).isEqualTo(OptionalLong.of(812_344));
        assertThat(BenchReport.status(status, "VmSwap")).isEmpty();
    }

    private static Cpu.Usage usage(long wallMs, long processMs, long loadMs, long jitMs, long ops) {
        return new Cpu.Usage(wallMs * MS, processMs * MS, loadMs * MS, jitMs * MS, ops, true);
    }

    /** The CPU table's columns after the clients of the row of {@code phase} at {@code clients}. */
    private static List<String> columns(List<String> lines, String phase, String clients) {
        String line = lines.stream().filter(l -> l.startsWith(phase + " ") && List.of(l.substring(phase.length()).trim()
                .split("\\s+")).get(0).equals(clients)).findFirst().orElseThrow();
        List<String> all = List.of(line.substring(phase.length()).trim().split("\\s+"));
        return all.subList(1, all.size());
    }
}
