package dev.gatehouse.launcher.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import dev.gatehouse.pipeline.config.ConfigKeys;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;

/**
 * How the jar logs: JSON, one object per line with the MDC ({@code requestId}, {@code commandId}) as
 * fields, for log collectors; or readable lines for a terminal. {@code GATEHOUSE_LOG_FORMAT} chooses;
 * unset, a process with a terminal gets text and any other (a container, a pipe) JSON.
 * {@code GATEHOUSE_LOG_LEVEL} is the level of Gatehouse's own loggers; libraries stay at WARN.
 *
 * @param json  whether lines are JSON
 * @param level level of the {@code dev.gatehouse} loggers
 */
public record LogSettings(boolean json, Level level) {
    /** Libraries that are chatty at INFO, and warnings about defaults Gatehouse chose deliberately. */
    private static final Map<String, Level> QUIETER = Map.of(
            "org.apache.kafka", Level.WARN,
            "kafka", Level.WARN,
            "state.change.logger", Level.WARN,
            "org.eclipse.jetty", Level.WARN,
            "io.javalin", Level.WARN,
            "org.apache.kafka.streams.StreamsConfig", Level.ERROR,
            "org.apache.kafka.streams.processor.internals.StateDirectory", Level.ERROR,
            "org.apache.kafka.clients.NetworkClient", Level.ERROR);

    /** Reads the two keys; {@code terminal}: whether the process has a console. */
    public static LogSettings from(Map<String, String> env, boolean terminal) {
        String format = env.getOrDefault(ConfigKeys.LOG_FORMAT, "").trim().toLowerCase(Locale.ROOT);
        boolean json = switch (format) {
            case "json" -> true;
            case "text" -> false;
            case "" -> !terminal;
            default -> throw new IllegalArgumentException(ConfigKeys.LOG_FORMAT + " must be json or text, was '"
                    + format + "'");
        };
        String level = env.getOrDefault(ConfigKeys.LOG_LEVEL, "").trim();
        return new LogSettings(json, level.isEmpty() ? Level.INFO : Level.toLevel(level, Level.INFO));
    }

    /** Replaces {@code context}'s configuration: standard error, or {@code target} when given (tests). */
    public void install(LoggerContext context, OutputStream target) {
        context.reset();
        OutputStreamAppender<ILoggingEvent> appender;
        if (target == null) {
            appender = new ConsoleAppender<>();
            ((ConsoleAppender<ILoggingEvent>) appender).setTarget("System.err");
        } else {
            appender = new OutputStreamAppender<>();
            appender.setOutputStream(target);
        }
        appender.setContext(context);
        appender.setName(json ? "json" : "text");
        appender.setEncoder(encoder(context));
        appender.start();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(appender);
        QUIETER.forEach((name, quiet) -> context.getLogger(name).setLevel(quiet));
        context.getLogger("dev.gatehouse").setLevel(level);
    }

    private Encoder<ILoggingEvent> encoder(LoggerContext context) {
        if (json) {
            JsonEncoder encoder = new JsonEncoder();
            encoder.setContext(context);
            // The formatted message only: the raw pattern and its arguments would say the same twice.
            encoder.setWithSequenceNumber(false);
            encoder.setWithNanoseconds(false);
            encoder.setWithContext(false);
            encoder.setWithMessage(false);
            encoder.setWithArguments(false);
            encoder.setWithFormattedMessage(true);
            encoder.start();
            return encoder;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level [%thread] %logger{0}%replace( {%mdc}){' \\{\\}', ''} - %msg%n");
        encoder.start();
        return encoder;
    }
}
