package dev.gatehouse.launcher.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's first configurator (found through {@code META-INF/services}): sets the jar's logging up
 * from the environment ({@link LogSettings}) before anything logs, whatever the entry point. Where a
 * {@code logback-test.xml} is on the class path (the tests), that file decides instead.
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (LogConfigurator.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        LogSettings.from(System.getenv(), System.console() != null).install(context, null);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
