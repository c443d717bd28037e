package dev.gatehouse.pipeline.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** The meter shapes the services register: a counter by one tag, and a timer with a percentile histogram. */
public final class Meters {
    private Meters() {
    }

    /** The counter {@code name} for {@code tag=value}, registered on first use. */
    public static Counter counter(MeterRegistry registry, String name, String description, String tag, String value) {
        return Counter.builder(name).description(description).tag(tag, value).register(registry);
    }

    /**
     * Registers the counter {@code name} for every one of {@code values} up front, at 0: an alert on a
     * counter's increase, and a scrape listing every kind, need the series before the first event.
     */
    public static void counters(MeterRegistry registry, String name, String description, String tag, String... values) {
        for (String value : values) {
            counter(registry, name, description, tag, value);
        }
    }

    /** A timer publishing a percentile histogram between {@code min} and {@code max}. */
    public static Timer histogram(MeterRegistry registry, String name, String description, Duration min, Duration max) {
        return Timer.builder(name)
                .description(description)
                .publishPercentileHistogram()
                .minimumExpectedValue(min)
                .maximumExpectedValue(max)
                .register(registry);
    }
}
