package dev.gatehouse.launcher.bench;

import dev.gatehouse.api.activity.ActivityFeed;
import dev.gatehouse.api.http.ApiMetrics;
import dev.gatehouse.processor.CommandMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Collection;
import java.util.concurrent.TimeUnit;

/**
 * Where the stack spends a SCIM write's time, from the timers the API and the processor keep anyway
 * (their {@code /metrics}), read before and after a phase:
 * <ul>
 *   <li>the request as the API served it ({@code gatehouse.scim.requests}, the phase's method on Users);</li>
 *   <li>of it, the command's round trip: produced, until the processor's answer was read
 *       ({@code gatehouse.command.round.trip}, answered);</li>
 *   <li>of that, from the command's record timestamp to the end of its applying on the stream thread
 *       ({@code gatehouse.processor.command.delay}, to the millisecond), and the applying itself
 *       ({@code gatehouse.processor.command.processing}).</li>
 * </ul>
 * What is left of the round trip after applying is the wait for the transaction to commit and the
 * answer's hand-over; what is left of the request outside the round trip is authenticating, reading the
 * body, the organization's write window and writing the answer. Means over the phase's writes.
 */
public final class WriteTimes {
    private static final String USERS = "Users";
    private final MeterRegistry api;
    private final MeterRegistry processor;

    /** The API's meters and the processor's (one processor: the phases that read this run on one). */
    public WriteTimes(MeterRegistry api, MeterRegistry processor) {
        this.api = api;
        this.processor = processor;
    }

    /** Count and total milliseconds of a set of timers. */
    record Total(long count, double ms) {
        Total minus(Total earlier) {
            return new Total(count - earlier.count, ms - earlier.ms);
        }

        double meanMs() {
            return count == 0 ? Double.NaN : ms / count;
        }
    }

    /** The timers' totals at one moment, for requests of one operation ({@code create}, {@code update}). */
    public record Reading(Total requests, Total roundTrips, Total toApplied, Total applying) {
    }

    /** A phase's writes and their mean milliseconds, each part as the class comment describes it. */
    public record Breakdown(long writes, double requestMs, double roundTripMs, double toAppliedMs, double applyingMs) {
        /** Of the request, outside the command's round trip. */
        public double outsideRoundTripMs() {
            return requestMs - roundTripMs;
        }

        /** Of the round trip, after applying: the commit and the answer's hand-over. */
        public double commitAndAnswerMs() {
            return roundTripMs - toAppliedMs;
        }
    }

    /** The totals now, for SCIM requests with HTTP {@code method} on Users (tagged as the API tags them). */
    public Reading read(String method) {
        return new Reading(
                total(api.find(ApiMetrics.REQUESTS).tag("operation", ActivityFeed.operation(method, USERS))
                        .tag("resource", USERS).timers()),
                total(api.find(ApiMetrics.ROUND_TRIP).tag("outcome", "answered").timers()),
                total(processor.find(CommandMetrics.DELAY).timers()),
                total(processor.find(CommandMetrics.PROCESSING).timers()));
    }

    /** What happened between two readings. */
    public static Breakdown between(Reading before, Reading after) {
        Total requests = after.requests().minus(before.requests());
        return new Breakdown(requests.count(), requests.meanMs(), after.roundTrips().minus(before.roundTrips()).meanMs(),
                after.toApplied().minus(before.toApplied()).meanMs(), after.applying().minus(before.applying()).meanMs());
    }

    private static Total total(Collection<Timer> timers) {
        long count = 0;
        double ms = 0;
        for (Timer timer : timers) {
            count += timer.count();
            ms += timer.totalTime(TimeUnit.MILLISECONDS);
        }
        return new Total(count, ms);
    }
}
