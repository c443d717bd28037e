package dev.gatehouse.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gatehouse.api.http.ApiMetrics;
import dev.gatehouse.processor.CommandMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WriteTimesTest {
    private final MeterRegistry api = new SimpleMeterRegistry();
    private final MeterRegistry processor = new SimpleMeterRegistry();
    private final WriteTimes times = new WriteTimes(api, processor);

    @Test
    void aPhaseIsWhatItsWritesAddedBetweenTheTwoReadingsSplitIntoTheStackParts() {
        write("create", "201", "acme", 90, 60, 40, 1); // before the phase: not counted
        WriteTimes.Reading before = times.read("POST");
        write("create", "201", "acme", 20, 15, 9, 0.2);
        write("create", "201", "other-org", 30, 25, 11, 0.4);
        write("update", "204", "acme", 500, 400, 300, 2); // another operation's request; its command still counts

        WriteTimes.Breakdown phase = WriteTimes.between(before, times.read("POST"));

        assertThat(phase.writes()).isEqualTo(2);
        assertThat(phase.requestMs()).isCloseTo(25, within(1e-9));
        // Round trips and the processor's timers have no operation: every write of the window counts.
        assertThat(phase.roundTripMs()).isCloseTo((15 + 25 + 400) / 3.0, within(1e-9));
        assertThat(phase.toAppliedMs()).isCloseTo((9 + 11 + 300) / 3.0, within(1e-9));
        assertThat(phase.applyingMs()).isCloseTo((0.2 + 0.4 + 2) / 3, within(1e-9));
        assertThat(phase.outsideRoundTripMs()).isCloseTo(phase.requestMs() - phase.roundTripMs(), within(1e-9));
        assertThat(phase.commitAndAnswerMs()).isCloseTo(phase.roundTripMs() - phase.toAppliedMs(), within(1e-9));
    }

    @Test
    void onlyRequestsOnUsersOfTheOperationAndAnsweredRoundTripsCount() {
        WriteTimes.Reading before = times.read("PATCH");
        Timer.builder(ApiMetrics.REQUESTS).tags("operation", "update", "resource", "Groups", "status", "200", "tenant", "acme")
                .register(api).record(Duration.ofMillis(700));
        Timer.builder(ApiMetrics.ROUND_TRIP).tag("outcome", "failed").register(api).record(Duration.ofSeconds(30));
        write("update", "204", "acme", 12, 10, 6, 0.5);

        WriteTimes.Breakdown phase = WriteTimes.between(before, times.read("PATCH"));

        assertThat(phase.writes()).isEqualTo(1);
        assertThat(phase.requestMs()).isCloseTo(12, within(1e-9));
        assertThat(phase.roundTripMs()).isCloseTo(10, within(1e-9));
        assertThat(phase.commitAndAnswerMs()).isCloseTo(4, within(1e-9));
    }

    @Test
    void aPhaseWithoutWritesHasNoMeans() {
        WriteTimes.Reading before = times.read("POST");

        WriteTimes.Breakdown phase = WriteTimes.between(before, times.read("POST"));

        assertThat(phase.writes()).isZero();
        assertThat(phase.requestMs()).isNaN();
        assertThat(phase.commitAndAnswerMs()).isNaN();
    }

    /** One write as the API's and the processor's timers record it (names and tags as theirs). */
    private void write(String operation, String status, String tenant, double requestMs, double roundTripMs,
            double toAppliedMs, double applyingMs) {
        Timer.builder(ApiMetrics.REQUESTS).tags("operation", operation, "resource", "Users", "status", status, "tenant", tenant)
                .register(api).record(nanos(requestMs));
        Timer.builder(ApiMetrics.ROUND_TRIP).tag("outcome", "answered").register(api).record(nanos(roundTripMs));
        Timer.builder(CommandMetrics.DELAY).register(processor).record(nanos(toAppliedMs));
        Timer.builder(CommandMetrics.PROCESSING).register(processor).record(nanos(applyingMs));
    }

    private static Duration nanos(double ms) {
        return Duration.ofNanos(Math.round(ms * 1e6));
    }
}
