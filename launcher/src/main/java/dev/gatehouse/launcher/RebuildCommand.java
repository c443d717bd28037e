package dev.gatehouse.launcher;

import dev.gatehouse.api.config.ApiConfig;
import dev.gatehouse.pipeline.config.ConfigSource;
import dev.gatehouse.processor.ProcessorConfig;
import dev.gatehouse.processor.Rebuild;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gatehouse rebuild}: replays the commands topic into a fresh application id, reports the rate,
 * and compares the result with the live processor tenant by tenant. Exit code 0 when every tenant is
 * equal.
 */
@Command(name = "rebuild", mixinStandardHelpOptions = true,
        description = "Rebuild the processor's state from the commands topic into a fresh application id "
                + "and check it equals the live state, tenant by tenant.")
final class RebuildCommand implements Callable<Integer> {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    @Option(names = "--application-id", description = "Application id to rebuild into (default: <current>-rebuild-<UTC time>).")
    String applicationId;

    @Option(names = "--timeout", defaultValue = "PT30M", description = "Give up after this long (ISO-8601, default: PT30M).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        ConfigSource settings = Settings.load(null, null);
        ProcessorConfig config = ProcessorConfig.from(settings);
        // The live processor, reached where the API reads state.
        String liveUrl = ApiConfig.from(settings).processorUrls().get(0);
        String id = applicationId != null ? applicationId : config.applicationId() + "-rebuild-" + STAMP.format(Instant.now());
        Rebuild.Report report = Rebuild.run(config, liveUrl, id, timeout);
        Rebuild.describe(report).forEach(System.out::println);
        boolean ok = report.equal() && report.liveInStep();
        System.out.println(ok
                ? "To switch over: stop the processors, set GATEHOUSE_APPLICATION_ID=" + id + " and start them again "
                        + "(state in " + config.stateDir().resolve(id) + ")."
                : "Not switching: the rebuilt state is not known to equal the live state.");
        return ok ? 0 : 1;
    }
}
